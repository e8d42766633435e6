"""The renewal procedure: CARD-RENEW with CARD-CR-4Y, DL-RENEW, DL-GRACE, FEE-RENEW,
FEE-LATE and ATT-RENEWAL, as rules.md and its "Corrections" order them."""

from __future__ import annotations

from sejour.rules.attestations import att_renewal
from sejour.rules.cards import card_renew
from sejour.rules.channel import ch_online, ch_stateless, first_permit_gate
from sejour.rules.context import Facts, Trail, need
from sejour.rules.deadlines import dl_grace, dl_renew, renewal_position
from sejour.rules.documents import renewal_documents
from sejour.rules.family import family_conditions
from sejour.rules.fees import fee_late, fee_renew, fee_stamp
from sejour.rules.outcome import Outcome, card_rights
from sejour.rules.vocabulary import Channel


def _temporary_gate(f: Facts, t: Trail) -> Channel | None:
    """A carte de séjour temporaire renewed takes its card and its channel from the
    first-permit rules of that date, CH-MINOR included (a 16-17-year-old who does not
    want to work needs no card): the channel those rules set, or None to go on as any
    renewal (its window decides between too early, online and the prefecture)."""
    family = Trail()
    family_ok = family_conditions(f, family, reunification=False) if f.is_family else True
    gate = first_permit_gate(f, t, family_ok=family_ok)
    t.extend(family)
    return gate


def renewal(f: Facts, t: Trail) -> Outcome:
    held = need(f.s.current_document, "current_document")
    valid_until = need(held.valid_until, "current_document.valid_until")
    gate: Channel | None = None
    if held.kind == "carte_sejour_temporaire":
        gate = _temporary_gate(f, t)
        if gate in ("not_eligible", "not_needed"):
            t.add("CARD-RENEW", True, "CARD-RENEW.temporaire")
            return Outcome(gate)
    card = card_renew(f, t, held)
    if card is None:
        return Outcome("not_eligible")
    position = renewal_position(f, valid_until)
    # CARD-CR-4Y may be asked at once: before the window, no window and no too_early.
    resident_at_once = (
        held.kind == "carte_pluriannuelle" and t.met("CARD-CR-4Y") and position.position == "early"
    )
    channel: Channel
    if gate is not None:
        channel = gate  # the prefecture, by CH-STATELESS or CH-UNKNOWN
    elif ch_stateless(f, t) or position.position == "beyond":
        channel = "prefecture"
    elif position.position == "early" and not resident_at_once:
        channel = "too_early"
    else:
        channel = ch_online(f, t)
    out = Outcome(channel, card=card)
    if not resident_at_once:
        window = dl_renew(f, t, valid_until)
        out.deadlines["renewal_window_opens"] = window.opens
        out.deadlines["renewal_window_closes"] = window.closes
    grace = dl_grace(f, t, held)
    if grace is not None:
        out.deadlines["rights_kept_until"] = grace
    late = position.position in ("late", "beyond")
    out.fees = fee_renew(f, t) + (fee_late(f, t) if late else [])
    fee_stamp(f, t)
    if channel == "online":
        out.attestation = att_renewal(f, t, late=late, before_window=resident_at_once)
    out.documents = renewal_documents(f, online=channel != "prefecture")
    card_rights(f, t, card, first=False)
    return out
