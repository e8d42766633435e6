"""Legal dates the rest of the product needs outside an assessment: the end of a card
or an attestation, where a date lies in the renewal window, the age band a person is
in (rules.md "Corrections from the CESEDA": "The engine owns every legal date").

Each function reads the dated parameters in force on the day it is given, as the rules
do, so that no caller outside `sejour.rules` adds days, months or years of the law.
"""

from __future__ import annotations

from datetime import date
from typing import Literal

from sejour.rules import parameters
from sejour.rules.dates import add_days, add_months, add_years, birthday
from sejour.rules.deadlines import renewal_window

WindowPosition = Literal["before", "inside", "late", "prefecture"]
AgeBand = Literal["under_work_age", "may_work", "adult"]
AttestationFor = Literal["first_permit", "renewal"]

_ATTESTATION_MONTHS: dict[AttestationFor, str] = {
    "first_permit": "attestations.prolongation_first_months",
    "renewal": "attestations.prolongation_renewal_months",
}


def card_valid_until(valid_from: date, *, years: int) -> date:
    """CARD-*: a card valid `years` from `valid_from` ends the day before the same date
    `years` later (start + validity − 1 day): a carte de résident of 10 years from
    2026-12-01 is valid until 2036-11-30. A 29 February start ends on 27 February.

    000 Q8; CESEDA L424-1, L424-9, L424-18, L421-35 (the validity of each card, in
    `cards.*_years`); rules.md "Corrections from the CESEDA".
    """
    return add_days(add_years(valid_from, years), -1)


def card_valid_from(valid_until: date, *, years: int) -> date:
    """CARD-*: the first day of a card of `years` valid until `valid_until`, the inverse
    of `card_valid_until` (a carte de résident valid until 2036-11-30 was valid from
    2026-12-01).

    000 Q8; CESEDA L424-1, L424-9, L424-18, L421-35.
    """
    return add_years(add_days(valid_until, 1), -years)


def attestation_months(kind: AttestationFor, *, on: date) -> int:
    """ATT-BPI-FIRST, ATT-RENEWAL: the months of an attestation de prolongation
    d'instruction issued on `on`: 6 on a first request, 3 on a renewal.

    000 Q7, Q40; CESEDA R431-15-3, R431-15-1.
    """
    return parameters.value(_ATTESTATION_MONTHS[kind], on)


def attestation_valid_until(issued_on: date, *, months: int) -> date:
    """ATT-BPI-FIRST, ATT-RENEWAL: an attestation valid `months` from `issued_on` ends
    the day before the same date `months` later, the card's convention (an attestation
    of 6 months issued on 2026-11-02 is valid until 2027-05-01; a day that does not
    exist in the target month becomes its last day, before the day is taken off).

    000 Q7, Q40; CESEDA R431-15-3, R431-15-1; rules.md "Corrections from the CESEDA".
    """
    return add_days(add_months(issued_on, months), -1)


def attestation_renewal(
    previous_valid_until: date, *, kind: AttestationFor, today: date
) -> tuple[date, date]:
    """ATT-BPI-FIRST, ATT-RENEWAL "renewable": the first and last day of the attestation
    that follows one valid until `previous_valid_until`, renewed on `today`. It starts
    the day after the previous one ends (no gap, no overlap), or `today` if that day is
    past, and lasts the months of the parameter in force on `today`.

    000 Q7, Q40; CESEDA R431-15-3, R431-15-1.
    """
    start = max(add_days(previous_valid_until, 1), today)
    return start, attestation_valid_until(start, months=attestation_months(kind, on=today))


def renewal_position(valid_until: date, *, on: date) -> WindowPosition:
    """DL-RENEW: where `on` lies for a card valid until `valid_until`: `before` the
    120th day before its end, `inside` the window (120th to 60th day, both included),
    `late` after it, `prefecture` more than 6 months after the end of validity.

    002 "Demande de la carte"; CESEDA R431-5; 000 Q39.
    """
    opens, closes = renewal_window(valid_until, on=on)
    limit = add_months(
        valid_until, parameters.value("deadlines.renewal_prefecture_after_months", on)
    )
    if on < opens:
        return "before"
    if on <= closes:
        return "inside"
    return "late" if on <= limit else "prefecture"


def age_band(birth_date: date, *, on: date) -> AgeBand:
    """CH-MINOR, CARD-REF, CARD-BPS-MINOR: on `on`, a person is `under_work_age` (under
    16: no card), `may_work` (16 or 17: a card only to work) or `adult` (18 or more).
    A 29 February birthday falls on 28 February in other years.

    000 Q5, Q34; CESEDA L421-35.
    """
    if on < birthday(birth_date, parameters.value("ages.work_from", on)):
        return "under_work_age"
    if on < birthday(birth_date, parameters.value("ages.majority", on)):
        return "may_work"
    return "adult"


def birth_dates_in_band(band: AgeBand, *, on: date, oldest: int = 0) -> tuple[date, date]:
    """The earliest and latest birth dates of a person in `band` on `on` (the inverse
    of `age_band`); `oldest` bounds the `adult` band (a person aged at most `oldest`).

    000 Q5, Q34; CESEDA L421-35.
    """
    work_from = parameters.value("ages.work_from", on)
    majority = parameters.value("ages.majority", on)
    youngest_age, oldest_age = {
        "under_work_age": (0, work_from - 1),
        "may_work": (work_from, majority - 1),
        "adult": (majority, max(oldest, majority)),
    }[band]
    return add_days(add_years(on, -oldest_age - 1), 1), add_years(on, -youngest_age)


# Read backwards, a date of the law is not exact (month ends, 29 February): the bounds
# below take a week more on each side, and each person's own day is computed forwards.
_MARGIN_DAYS = 7


def births_reaching_age_limit(first: date, last: date, *, on: date) -> tuple[date, date]:
    """DL-CHILD19 read backwards: bounds of the birth dates whose last day to file (the
    eve of the 19th birthday, `age_limit_date`) falls between `first` and `last`.

    001; CESEDA R431-5 2°.
    """
    years = parameters.value("ages.child_limit", on)
    return (
        add_days(add_years(first, -years), -_MARGIN_DAYS),
        add_days(add_years(last, -years), _MARGIN_DAYS),
    )


def ephoto_taken_ending_between(first: date, last: date, *, on: date) -> tuple[date, date]:
    """DL-EPHOTO read backwards: bounds of the days an e-photo was taken whose code stops
    being valid (`ephoto_valid_until`, 6 months later) between `first` and `last`.

    000 Q24.
    """
    months = parameters.value("deadlines.ephoto_validity_months", on)
    return (
        add_days(add_months(first, -months), -_MARGIN_DAYS),
        add_days(add_months(last, -months), _MARGIN_DAYS),
    )


def documents_purged_on(closed_on: date) -> date:
    """Retention: the day the identity and supporting documents of a request closed on
    `closed_on` are deleted, `retention.documents_months` later (the decision, the
    attestations and the audit trail are kept). The months in force on the closing day
    apply: a later change of the parameter does not move a date already announced.

    RGPD art. 5(1)(e); CJA R421-1 and CRPA L411-2 (the time a decision can still be
    contested); the duration itself is a choice: docs/retention.md.
    """
    return add_months(closed_on, parameters.value("retention.documents_months", closed_on))
