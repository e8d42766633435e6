"""The legal dates the product asks of the engine (sejour.rules.legal_dates), each at its
edges, and each following its dated parameter when the law changes."""

from __future__ import annotations

from datetime import date

import pytest

from sejour.rules import legal_dates, parameters
from sejour.rules.dates import age_on


def law_changes(monkeypatch, name: str, *, on: date, to: int) -> None:
    """A temporary parameter set: `name` takes the value `to` from `on`, for the rest of
    the test (tests/conftest.py puts the parameters in the YAML files back after each)."""
    in_force = parameters.current()
    # From `on`, `to`: also over the values the files date later than `on`.
    change = {start: to for start in in_force[name].starts if start >= on} | {on: to}
    parameters._IN_FORCE.set(in_force.with_values({name: change}))


# --- the end of a card and of an attestation: start + validity − 1 day -------------------


@pytest.mark.parametrize(
    ("start", "years", "end"),
    [
        (date(2026, 12, 1), 10, date(2036, 11, 30)),
        (date(2026, 12, 1), 4, date(2030, 11, 30)),
        (date(2027, 1, 1), 1, date(2027, 12, 31)),
        (date(2028, 2, 29), 1, date(2029, 2, 27)),  # the 29th falls on the 28th, less a day
        (date(2028, 2, 29), 4, date(2032, 2, 28)),  # leap year to leap year
    ],
)
def test_a_card_ends_the_day_before_its_anniversary(start, years, end) -> None:
    assert legal_dates.card_valid_until(start, years=years) == end


@pytest.mark.parametrize(
    ("start", "years"),
    [(date(2026, 12, 1), 10), (date(2027, 3, 1), 4), (date(2027, 1, 1), 1)],
)
def test_the_start_of_a_card_is_the_inverse_of_its_end(start, years) -> None:
    end = legal_dates.card_valid_until(start, years=years)
    assert legal_dates.card_valid_from(end, years=years) == start


@pytest.mark.parametrize(
    ("start", "months", "end"),
    [
        (date(2026, 11, 2), 6, date(2027, 5, 1)),
        (date(2026, 11, 30), 3, date(2027, 2, 27)),  # clipped to 28 February, less a day
        (date(2027, 1, 1), 3, date(2027, 3, 31)),
        (date(2027, 8, 31), 6, date(2028, 2, 28)),  # 29 February 2028, less a day
    ],
)
def test_an_attestation_ends_as_a_card_does(start, months, end) -> None:
    assert legal_dates.attestation_valid_until(start, months=months) == end


def test_an_attestation_lasts_six_months_on_a_first_request_three_on_a_renewal() -> None:
    on = date(2026, 12, 1)
    assert legal_dates.attestation_months("first_permit", on=on) == 6
    assert legal_dates.attestation_months("renewal", on=on) == 3


def test_a_renewed_attestation_starts_the_day_after_the_previous_one_ends() -> None:
    start, end = legal_dates.attestation_renewal(
        date(2027, 5, 1), kind="first_permit", today=date(2027, 4, 16)
    )
    assert (start, end) == (date(2027, 5, 2), date(2027, 11, 1))
    start, end = legal_dates.attestation_renewal(
        date(2027, 5, 1), kind="renewal", today=date(2027, 4, 16)
    )
    assert (start, end) == (date(2027, 5, 2), date(2027, 8, 1))


def test_an_attestation_already_ended_is_renewed_from_today() -> None:
    start, end = legal_dates.attestation_renewal(
        date(2027, 5, 1), kind="first_permit", today=date(2027, 6, 10)
    )
    assert (start, end) == (date(2027, 6, 10), date(2027, 12, 9))


def test_a_renewed_attestation_lasts_the_months_in_force_on_the_day_it_is_renewed(
    monkeypatch,
) -> None:
    law_changes(monkeypatch, "attestations.prolongation_first_months", on=date(2027, 3, 1), to=4)
    before = legal_dates.attestation_renewal(
        date(2027, 5, 1), kind="first_permit", today=date(2027, 2, 28)
    )
    after = legal_dates.attestation_renewal(
        date(2027, 5, 1), kind="first_permit", today=date(2027, 3, 1)
    )
    assert before[1] == date(2027, 11, 1) and after[1] == date(2027, 9, 1)


# --- the position of a date in the renewal window (DL-RENEW) -----------------------------

END = date(2027, 6, 30)  # − 120 days: 2027-03-02; − 60 days: 2027-05-01; + 6 months: 2027-12-30


@pytest.mark.parametrize(
    ("on", "position"),
    [
        (date(2027, 3, 1), "before"),
        (date(2027, 3, 2), "inside"),  # the 120th day before the end, included
        (date(2027, 5, 1), "inside"),  # the 60th day before the end, included
        (date(2027, 5, 2), "late"),
        (date(2027, 12, 30), "late"),  # 6 months after the end, the last day online
        (date(2027, 12, 31), "prefecture"),
    ],
)
def test_the_position_in_the_renewal_window_at_each_bound(on, position) -> None:
    assert legal_dates.renewal_position(END, on=on) == position


def test_the_window_follows_its_parameter(monkeypatch) -> None:
    law_changes(monkeypatch, "deadlines.renewal_opens_days", on=date(2027, 1, 1), to=90)
    assert legal_dates.renewal_position(END, on=date(2027, 3, 2)) == "before"
    assert legal_dates.renewal_position(END, on=date(2027, 4, 1)) == "inside"


# --- age bands (CH-MINOR, CARD-REF, CARD-BPS-MINOR) --------------------------------------


@pytest.mark.parametrize(
    ("born", "band"),
    [
        (date(2010, 12, 2), "under_work_age"),  # 16 tomorrow
        (date(2010, 12, 1), "may_work"),  # 16 today
        (date(2008, 12, 2), "may_work"),  # 18 tomorrow
        (date(2008, 12, 1), "adult"),  # 18 today
    ],
)
def test_age_bands_change_on_the_birthday(born, band) -> None:
    assert legal_dates.age_band(born, on=date(2026, 12, 1)) == band


def test_a_29_february_birth_enters_its_band_on_28_february() -> None:
    assert legal_dates.age_band(date(2008, 2, 29), on=date(2026, 2, 28)) == "adult"
    assert legal_dates.age_band(date(2008, 2, 29), on=date(2026, 2, 27)) == "may_work"


def test_age_bands_follow_the_age_of_majority(monkeypatch) -> None:
    law_changes(monkeypatch, "ages.majority", on=date(2026, 1, 1), to=19)
    assert legal_dates.age_band(date(2008, 6, 1), on=date(2026, 12, 1)) == "may_work"


ORDER = ["under_work_age", "may_work", "adult"]


@pytest.mark.parametrize("band", ORDER)
def test_the_birth_dates_of_a_band_are_its_inverse(band) -> None:
    on = date(2026, 12, 1)
    earliest, latest = legal_dates.birth_dates_in_band(band, on=on, oldest=60)
    day = date.resolution
    assert legal_dates.age_band(earliest, on=on) == band
    assert legal_dates.age_band(latest, on=on) == band
    if band != "adult":  # one day older: the next band
        assert legal_dates.age_band(earliest - day, on=on) == ORDER[ORDER.index(band) + 1]
    else:
        assert age_on(earliest, on) == 60 and age_on(earliest - day, on) == 61
    if band != "under_work_age":  # one day younger: the band before
        assert legal_dates.age_band(latest + day, on=on) == ORDER[ORDER.index(band) - 1]
    else:
        assert latest == on


# --- legal dates read backwards, for the reminders' searches ----------------------------


def test_every_birth_whose_age_limit_falls_in_a_range_is_within_the_bounds() -> None:
    from sejour.rules import age_limit_date

    on = date(2027, 2, 1)
    first, last = date(2027, 2, 1), date(2027, 3, 31)
    low, high = legal_dates.births_reaching_age_limit(first, last, on=on)
    for ordinal in range(date(2007, 1, 1).toordinal(), date(2009, 1, 1).toordinal()):
        born = date.fromordinal(ordinal)
        if first <= age_limit_date(born, on=on) <= last:
            assert low <= born <= high, born
    assert (high - low).days < (last - first).days + 20  # a search, not everyone


def test_every_ephoto_ending_in_a_range_is_within_the_bounds() -> None:
    from sejour.rules import ephoto_valid_until

    on = date(2027, 2, 1)
    first, last = date(2027, 2, 27), date(2027, 3, 31)
    low, high = legal_dates.ephoto_taken_ending_between(first, last, on=on)
    for ordinal in range(date(2026, 6, 1).toordinal(), date(2027, 1, 1).toordinal()):
        taken = date.fromordinal(ordinal)
        if first <= ephoto_valid_until(taken, on=on) <= last:
            assert low <= taken <= high, taken
    assert (high - low).days < (last - first).days + 20
