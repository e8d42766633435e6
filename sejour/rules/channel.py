"""Who files where (CH-*): the first rule that matches sets the channel (rules.md)."""

from __future__ import annotations

from sejour.rules.context import Facts, Trail
from sejour.rules.vocabulary import Channel


def ch_stateless(f: Facts, t: Trail) -> bool:
    """CH-STATELESS: a stateless person, or their family, cannot file online yet and
    goes to the prefecture for every residence request.

    000 Q6.
    """
    if f.s.protection.status != "stateless":
        return False
    return t.add("CH-STATELESS", True)


def ch_already(f: Facts, t: Trail) -> bool:
    """CH-ALREADY: a receipt marked "reconnu réfugié" or "a obtenu le bénéfice de la
    protection subsidiaire" means the request is already under instruction.

    000 Q15.
    """
    doc = f.s.current_document
    if doc is None or doc.kind != "recepisse":
        return False
    if doc.mention not in ("reconnu_refugie", "protection_subsidiaire"):
        return False
    return t.add("CH-ALREADY", True)


def ch_unknown(f: Facts, t: Trail) -> bool:
    """CH-UNKNOWN: a family member with neither a foreign number nor a visa number is
    unknown to the administration and files at the prefecture.

    000 Q16.
    """
    person = f.s.person
    if not f.is_family or person.foreign_number or person.visa_number:
        return False
    return t.add("CH-UNKNOWN", True)


def minor_without_card(f: Facts) -> bool:
    """Under 16, or 16 to 17 without the wish to work: no card is needed."""
    if not f.reached("ages.work_from"):
        return True
    return f.is_minor and not f.s.person.wants_to_work


def ch_minor(f: Facts, t: Trail) -> bool:
    """CH-MINOR: under 16, or aged 16 to 17 without the wish to work, no residence card
    is needed (travel and circulation documents are separate procedures).

    000 Q34, Q5; CESEDA L421-35.
    """
    if not minor_without_card(f):
        return False
    key = "CH-MINOR.under_16" if not f.reached("ages.work_from") else "CH-MINOR.no_work"
    return t.add(
        "CH-MINOR",
        True,
        key,
        age=f.age,
        work_from=f.param("ages.work_from"),
        majority=f.param("ages.majority"),
    )


def ch_family(f: Facts, t: Trail, *, family_ok: bool) -> bool:
    """CH-FAMILY: a family member whose link fails a FAM-* condition has no card on this
    ground; the failed condition is among the reasons.

    001; 002 "Qui est concerné ?".
    """
    if not f.is_family or family_ok:
        return False
    return t.add("CH-FAMILY", True)


def ch_online(f: Facts, t: Trail) -> Channel:
    """CH-ONLINE: otherwise, the request is filed online.

    000 Q5, Q9.
    """
    t.add("CH-ONLINE", True)
    return "online"


def first_permit_channel(f: Facts, t: Trail, *, family_ok: bool) -> Channel:
    """The CH-* rules in the corrected order (rules.md "Corrections"): CH-ALREADY,
    CH-MINOR, CH-FAMILY, CH-STATELESS, CH-UNKNOWN, CH-ONLINE, so that a person who needs
    no card, or whose family link fails, is told so before being sent to the prefecture.
    Later rules are still checked once an earlier one matched, so that every reason
    shows."""
    return first_permit_gate(f, t, family_ok=family_ok) or ch_online(f, t)


def first_permit_gate(f: Facts, t: Trail, *, family_ok: bool) -> Channel | None:
    """The CH-* rules before CH-ONLINE: the channel the first that matches sets, or None
    when none does."""
    channel: Channel | None = None
    if ch_already(f, t):
        channel = "not_needed"
    if ch_minor(f, t) and channel is None:
        channel = "not_eligible"
    if ch_family(f, t, family_ok=family_ok) and channel is None:
        channel = "not_eligible"
    if ch_stateless(f, t) and channel is None:
        channel = "prefecture"
    if ch_unknown(f, t) and channel is None:
        channel = "prefecture"
    return channel


def other_procedure_channel(f: Facts, t: Trail) -> Channel:
    """Renewal, travel document, duplicate and change of situation are filed online
    unless the person is stateless (000 Q6 speaks of every residence request)."""
    return "prefecture" if ch_stateless(f, t) else ch_online(f, t)
