"""`assess(situation) -> Assessment`: the procedures, each a sequence of named rules.

Every decision below is a call to a rule function; this module only orders them and
collects what they return. Nothing here reads a clock or a file.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Final

from sejour.rules import texts
from sejour.rules.assessment import Assessment, Deadlines, Reason, Right
from sejour.rules.attestations import att_bpi_first, att_family
from sejour.rules.cards import card_dup, first_permit_card
from sejour.rules.channel import first_permit_channel, minor_without_card, other_procedure_channel
from sejour.rules.context import Facts, Finding, Granted, Trail, need
from sejour.rules.deadlines import dl_child19, dl_ephoto, dl_issue, dl_reunif
from sejour.rules.documents import duplicate_documents, first_permit_documents, travel_documents
from sejour.rules.errors import FieldError, InvalidSituation
from sejour.rules.family import family_conditions, reunif
from sejour.rules.fees import fee_dup, fee_first, fee_stamp, fee_tiv
from sejour.rules.outcome import Outcome, card_rights
from sejour.rules.parameters import NotInForce, ParameterSet, using
from sejour.rules.renewal import renewal
from sejour.rules.situation import Situation
from sejour.rules.travel import tiv_valid
from sejour.rules.vocabulary import Lang, Procedure, ProtectionStatus


def _first_permit(f: Facts, t: Trail) -> Outcome:
    family = Trail()
    family_ok = family_conditions(f, family, reunification=False) if f.is_family else True
    out = Outcome(first_permit_channel(f, t, family_ok=family_ok))
    t.extend(family)
    if not family_ok or minor_without_card(f):
        return out
    out.card = first_permit_card(f, t)
    if out.channel in ("online", "prefecture", "not_needed"):
        out.fees = fee_first(f, t)
        fee_stamp(f, t)
    out.deadlines["card_issue_by"] = dl_issue(f, t)
    if t.met("FAM-CHILD"):
        out.deadlines["age_limit_date"] = dl_child19(f, t)
    if out.channel == "online":
        out.attestation = att_family(f, t) if f.is_family else att_bpi_first(f, t)
    if out.channel in ("online", "prefecture"):
        out.documents = first_permit_documents(f, online=out.channel == "online")
    card_rights(f, t, out.card, first=True)
    return out


def _travel_document(f: Facts, t: Trail) -> Outcome:
    travel, basis = tiv_valid(f, t)
    if travel is None or basis is None:
        return Outcome("not_eligible")
    out = Outcome(other_procedure_channel(f, t), travel_document=travel)
    out.fees = fee_tiv(f, t, basis)
    fee_stamp(f, t)
    out.documents = travel_documents(f, online=out.channel == "online")
    return out


def _duplicate(f: Facts, t: Trail) -> Outcome:
    held = need(f.s.current_document, "current_document")
    card = card_dup(f, t, held)
    if card is None:
        return Outcome("not_eligible")
    out = Outcome(other_procedure_channel(f, t), card=card)
    out.fees = fee_dup(f, t)
    fee_stamp(f, t)
    out.documents = duplicate_documents(f, online=out.channel == "online")
    return out


def _change_of_situation(f: Facts, t: Trail) -> Outcome:
    out = Outcome(other_procedure_channel(f, t))
    t.add("CHG-SITUATION", True)
    return out


def _family_reunification(f: Facts, t: Trail) -> Outcome:
    if not reunif(f, t):
        return Outcome("not_eligible")
    out = Outcome("consulate", card=first_permit_card(f, t))
    dl_reunif(f, t)
    if t.met("FAM-CHILD"):
        out.deadlines["age_limit_date"] = dl_child19(f, t)
    return out


_PROCEDURES: Final[dict[Procedure, Callable[[Facts, Trail], Outcome]]] = {
    "first_permit": _first_permit,
    "renewal": renewal,
    "travel_document": _travel_document,
    "duplicate": _duplicate,
    "change_of_situation": _change_of_situation,
    "family_reunification": _family_reunification,
}


def assess(situation: Situation, *, parameters: ParameterSet | None = None) -> Assessment:
    """What applies to this person on this date, and why; under `parameters` when
    given (a temporary set, see parameters.py), else the set in force."""
    if parameters is not None:
        with using(parameters):
            return _assess(situation)
    return _assess(situation)


def _assess(situation: Situation) -> Assessment:
    facts = Facts.of(situation)
    trail = Trail()
    try:
        out = _PROCEDURES[situation.procedure](facts, trail)
        if any(d.code == "ephoto" for d in out.documents):
            dl_ephoto(facts, trail)
    except NotInForce as exc:
        path = "applied_on" if situation.applied_on else "on"
        error = FieldError(path, "not_in_force", {"earliest": exc.earliest})
        raise InvalidSituation([error]) from None
    lang, status = situation.lang, situation.protection.status
    return Assessment(
        on=situation.on,
        applied_on=facts.on,
        procedure=situation.procedure,
        lang=lang,
        channel=out.channel,
        card=out.card,
        travel_document=out.travel_document,
        deposit_attestation=out.attestation,
        fees=tuple(out.fees),
        deadlines=Deadlines(**out.deadlines),
        documents=tuple(out.documents),
        rights=tuple(_right(granted, lang, status) for granted in trail.rights),
        reasons=tuple(_reason(finding, lang, status) for finding in trail.reasons),
        caveats=tuple(_reason(finding, lang, status) for finding in trail.caveats),
    )


def _reason(finding: Finding, lang: Lang, status: ProtectionStatus) -> Reason:
    text = texts.reason(finding.key)
    return Reason(
        finding.rule, finding.met, text.render(lang, finding.params), text.sources_for(status)
    )


def _right(granted: Granted, lang: Lang, status: ProtectionStatus) -> Right:
    text = texts.reason(granted.key)
    return Right(granted.code, text.render(lang, {}), text.sources_for(status))
