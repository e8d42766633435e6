"""Deadlines (DL-*) (rules.md)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Final, Literal

from sejour.rules import parameters
from sejour.rules.context import Facts, Trail, need
from sejour.rules.dates import add_days, add_months, birthday
from sejour.rules.situation import CurrentDocument

Position = Literal["early", "inside", "late", "beyond"]


@dataclass(frozen=True, slots=True)
class RenewalWindow:
    opens: date
    closes: date
    position: Position  # of the deposit date; "beyond": past the prefecture limit


# The dates alone, for callers outside an assessment (reminders, calendars): the same
# rules as below, read with the law in force on `on`.


def renewal_window(valid_until: date, *, on: date) -> tuple[date, date]:
    """DL-RENEW: the first and the last day, both included, of the renewal window of a
    card valid until `valid_until`: its 120th and its 60th day before the end of
    validity.

    002 "Demande de la carte"; CESEDA R431-5.
    """
    opens = add_days(valid_until, -parameters.value("deadlines.renewal_opens_days", on))
    closes = add_days(valid_until, -parameters.value("deadlines.renewal_closes_days", on))
    return opens, closes


def rights_kept_until(valid_until: date, *, on: date) -> date:
    """DL-GRACE: the last day a carte de résident or carte pluriannuelle renewed in
    time keeps its effects: 3 months after its end of validity.

    000 Q39; CESEDA L433-3.
    """
    return add_months(valid_until, parameters.value("deadlines.grace_months", on))


def age_limit_date(birth_date: date, *, on: date) -> date:
    """DL-CHILD19: the last day a child under FAM-CHILD may file, the day before their
    19th birthday (a 29 February birthday falls on 28 February).

    001; CESEDA R431-5 2°.
    """
    return add_days(birthday(birth_date, parameters.value("ages.child_limit", on)), -1)


def ephoto_valid_until(taken_on: date, *, on: date) -> date:
    """DL-EPHOTO: the last day an e-photo code taken on `taken_on` is valid, 6 months
    later.

    000 Q24.
    """
    return add_months(taken_on, parameters.value("deadlines.ephoto_validity_months", on))


def dl_issue(f: Facts, t: Trail) -> date:
    """DL-ISSUE: the first card of a protected person is issued within 3 months of the
    protection decision (a refugee: 001 and R424-1; a BPS or stateless person: 001
    only). For a family member, 4 months from the deposit is the service's target from
    001, shown as such; R424-1 (3 months from the decision for a refugee's family under
    L424-3, none for family admitted under L561-2) is a caveat. Calendar months,
    clipped to the month's end.

    001 "Être délivrée dans un délai de 3 mois", "le délai de délivrance est porté à
    4 mois"; CESEDA R424-1.
    """
    if f.is_family:
        months = f.param("deadlines.issue_family_months")
        by = add_months(f.on, months)
        t.add("DL-ISSUE", True, "DL-ISSUE.family", months=months, by=by)
        t.caveat(
            "DL-ISSUE",
            "CAVEAT.DL-ISSUE.family",
            months=f.param("deadlines.issue_protected_months"),
        )
        return by
    decision = need(f.s.protection.decision_date, "protection.decision_date")
    months = f.param("deadlines.issue_protected_months")
    by = add_months(decision, months)
    t.add("DL-ISSUE", True, months=months, decision=decision, by=by)
    return by


def renewal_position(f: Facts, valid_until: date) -> RenewalWindow:
    """Where the deposit day falls against the renewal window of DL-RENEW: before it,
    inside it (both bounds included), late, or beyond the prefecture limit of 000 Q39."""
    opens, closes = renewal_window(valid_until, on=f.on)
    limit = add_months(valid_until, f.param("deadlines.renewal_prefecture_after_months"))
    position: Position
    if f.on < opens:
        position = "early"
    elif f.on <= closes:
        position = "inside"
    elif f.on <= limit:
        position = "late"
    else:
        position = "beyond"
    return RenewalWindow(opens, closes, position)


_RENEW_KEYS: Final[dict[Position, str]] = {
    "early": "DL-RENEW.early",
    "inside": "DL-RENEW",
    "late": "DL-RENEW.late",
    "beyond": "DL-RENEW.beyond",
}


def dl_renew(f: Facts, t: Trail, valid_until: date) -> RenewalWindow:
    """DL-RENEW: the renewal window runs from the 120th to the 60th day before the end
    of validity, both days included; before it is too early, after it is late; more
    than 6 months after the end of validity, the prefecture (000 Q39). 000 Q39's "3rd
    month before" lies inside the window: a caveat.

    002 "Demande de la carte"; CESEDA R431-5; 000 Q39.
    """
    window = renewal_position(f, valid_until)
    months = f.param("deadlines.renewal_prefecture_after_months")
    t.add(
        "DL-RENEW",
        True,
        _RENEW_KEYS[window.position],
        opens=window.opens,
        closes=window.closes,
        limit=add_months(valid_until, months),
        opens_days=f.param("deadlines.renewal_opens_days"),
        closes_days=f.param("deadlines.renewal_closes_days"),
        months=months,
    )
    t.caveat("DL-RENEW", "CAVEAT.DL-RENEW")
    return window


def dl_grace(f: Facts, t: Trail, held: CurrentDocument) -> date | None:
    """DL-GRACE: on a renewal, a carte de résident or carte pluriannuelle keeps its
    effects 3 months after its end of validity (L433-3 covers both). The date is stated
    while the deposit day is on or before it; after it, the reason says the period is
    over, never that the card still produces effects on a past date.

    000 Q39; CESEDA L433-3.
    """
    if held.kind not in ("carte_resident", "carte_pluriannuelle") or held.valid_until is None:
        return None
    months = f.param("deadlines.grace_months")
    until = rights_kept_until(held.valid_until, on=f.on)
    if f.on > until:
        t.add("DL-GRACE", False, "DL-GRACE.over", months=months, until=until)
        return None
    t.add("DL-GRACE", True, months=months, until=until)
    return until


def dl_child19(f: Facts, t: Trail) -> date:
    """DL-CHILD19: a child under FAM-CHILD files at the latest the day before their
    19th birthday (a 29 February birthday falls on 28 February).

    001; CESEDA R431-5 2°.
    """
    last_day = age_limit_date(f.s.person.birth_date, on=f.on)
    t.add("DL-CHILD19", True, last_day=last_day, limit=f.param("ages.child_limit"))
    return last_day


def dl_absence(f: Facts, t: Trail) -> None:
    """DL-ABSENCE: a carte de résident lapses after 3 consecutive years outside France,
    unless for professional, family or personal reasons.

    001 "Sous réserve de justifier de motifs professionnels, familiaux ou personnels".
    """
    t.add("DL-ABSENCE", True, years=f.param("deadlines.absence_years"))


def dl_ephoto(f: Facts, t: Trail) -> None:
    """DL-EPHOTO: an e-photo code is valid 6 months, for one procedure only, and may
    take up to 48 hours to become active.

    000 Q22–Q24.
    """
    t.add(
        "DL-EPHOTO",
        True,
        months=f.param("deadlines.ephoto_validity_months"),
        hours=f.param("deadlines.ephoto_activation_hours"),
    )


def dl_reunif(f: Facts, t: Trail) -> None:
    """DL-REUNIF: the reunification visa is instructed in 2 months, up to 4 more if the
    consulate checks civil status; the card is then asked within 2 months of entry.

    001 "La procédure de demande de réunification familiale".
    """
    t.add(
        "DL-REUNIF",
        True,
        months=f.param("family.reunification_instruction_months"),
        extension=f.param("family.reunification_extension_months"),
        card_months=f.param("family.reunification_card_request_months"),
    )
