"""Each rule at its edge: ages on the birthday, window bounds, month ends, leap days."""

from __future__ import annotations

from datetime import date

import pytest

from sejour.rules.dates import add_months, age_on, birthday
from tests.rules.builders import family, renewal, run, situation

# --- calendar arithmetic -------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (date(2026, 10, 1), 3, date(2027, 1, 1)),
        (date(2026, 11, 30), 3, date(2027, 2, 28)),  # clipped to February's end
        (date(2027, 11, 30), 3, date(2028, 2, 29)),  # leap year
        (date(2027, 1, 31), 1, date(2027, 2, 28)),
        (date(2027, 1, 31), 3, date(2027, 4, 30)),
        (date(2026, 12, 31), -1, date(2026, 11, 30)),
        (date(2026, 5, 15), 0, date(2026, 5, 15)),
    ],
)
def test_add_months_clips_to_the_end_of_the_month(start, months, expected) -> None:
    assert add_months(start, months) == expected


def test_a_29_february_birthday_falls_on_28_february_in_other_years() -> None:
    born = date(2008, 2, 29)
    assert birthday(born, 19) == date(2027, 2, 28)
    assert birthday(born, 20) == date(2028, 2, 29)
    assert age_on(born, date(2027, 2, 27)) == 18
    assert age_on(born, date(2027, 2, 28)) == 19


def test_age_changes_on_the_birthday_itself() -> None:
    born = date(2008, 11, 22)
    assert age_on(born, date(2026, 11, 21)) == 17
    assert age_on(born, date(2026, 11, 22)) == 18


# --- ages: CH-MINOR, CARD-REF, CARD-BPS-MINOR --------------------------------------------


def test_sixteen_on_the_day_may_ask_for_a_card_the_day_before_may_not() -> None:
    on_birthday = run(situation(person__birth_date="2010-11-22", protection__status="subsidiary"))
    assert on_birthday.channel == "online"
    assert on_birthday.card is not None
    assert on_birthday.card.kind == "carte_sejour_temporaire"
    day_before = run(situation(person__birth_date="2010-11-23", protection__status="subsidiary"))
    assert day_before.channel == "not_eligible"
    assert day_before.card is None
    assert "CH-MINOR" in day_before.rules


def test_bps_turning_eighteen_on_the_deposit_day_gets_the_four_year_card() -> None:
    adult = run(situation(person__birth_date="2008-11-22", protection__status="subsidiary"))
    assert adult.card is not None
    assert (adult.card.kind, adult.card.validity_years) == ("carte_pluriannuelle", 4)
    minor = run(situation(person__birth_date="2008-11-23", protection__status="subsidiary"))
    assert minor.card is not None
    assert (minor.card.kind, minor.card.validity_years) == ("carte_sejour_temporaire", 1)


def test_ages_are_read_on_the_deposit_date_not_the_assessment_date() -> None:
    data = situation(person__birth_date="2010-12-01", applied_on="2026-12-01")
    assert run(data).channel == "online"  # 16 on the deposit day
    data = situation(person__birth_date="2010-12-01")
    assert run(data).channel == "not_eligible"  # 15 today


def test_a_minor_who_does_not_want_to_work_needs_no_card() -> None:
    result = run(situation(person__birth_date="2009-06-01", person__wants_to_work=False))
    assert result.channel == "not_eligible"
    assert result.fees == ()


# --- FAM-CHILD and DL-CHILD19 ------------------------------------------------------------


def test_a_child_is_eligible_up_to_the_day_before_the_nineteenth_birthday() -> None:
    day_before = family(relation="child", union_date=None)
    day_before["person"]["birth_date"] = "2007-11-23"
    result = run(day_before)
    assert result.channel == "online"
    assert result.deadlines.age_limit_date == date(2026, 11, 22)
    on_birthday = family(relation="child", union_date=None)
    on_birthday["person"]["birth_date"] = "2007-11-22"
    result = run(on_birthday)
    assert result.channel == "not_eligible"
    assert [r.met for r in result.reasons if r.rule == "FAM-CHILD"] == [False]


def test_a_child_born_on_29_february_files_by_27_february() -> None:
    data = family(relation="child", union_date=None)
    data["person"]["birth_date"] = "2008-02-29"
    assert run(data).deadlines.age_limit_date == date(2027, 2, 27)


def test_a_married_child_is_not_eligible() -> None:
    data = family(relation="child", union_date=None, married=True)
    data["person"]["birth_date"] = "2008-01-01"
    result = run(data)
    assert result.channel == "not_eligible"
    assert "CH-FAMILY" in result.rules


# FAM-SPOUSE and the channel order: test_family_spouse.py


# --- DL-ISSUE -----------------------------------------------------------------------------


def test_card_issue_deadline_clips_to_the_end_of_the_month() -> None:
    result = run(situation(protection__decision_date="2026-08-31"))
    assert result.deadlines.card_issue_by == date(2026, 11, 30)
    result = run(
        situation(
            protection__decision_date="2023-11-30",
            on="2024-01-10",
            protection__asylum_application_date="2022-05-01",
        )
    )
    assert result.deadlines.card_issue_by == date(2024, 2, 29)


# --- DL-RENEW, DL-GRACE -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("on", "channel"),
    [
        ("2026-10-02", "too_early"),
        ("2026-10-03", "online"),  # 120th day before: included
        ("2026-12-02", "online"),  # 60th day before: included
        ("2026-12-03", "online"),  # late, still online
    ],
)
def test_renewal_window_bounds_are_included(on: str, channel: str) -> None:
    result = run(renewal("carte_resident", "2017-02-01", "2027-01-31", on=on))
    assert result.channel == channel
    late = on == "2026-12-03"
    assert any(f.code == "droit_visa_regularisation" for f in result.fees) is late
    if channel == "online":
        assert result.deposit_attestation is not None
        expected = (
            "attestation_confirmation_depot" if late else "attestation_prolongation_instruction"
        )
        assert result.deposit_attestation.kind == expected


def test_renewal_more_than_six_months_after_expiry_goes_to_the_prefecture() -> None:
    last_day = run(renewal("carte_resident", "2016-05-31", "2026-05-31", on="2026-11-30"))
    assert last_day.channel == "online"
    after = run(renewal("carte_resident", "2016-05-31", "2026-05-31", on="2026-12-01"))
    assert after.channel == "prefecture"
    assert after.fees_total_eur == 405


def test_grace_period_clips_and_crosses_a_leap_day() -> None:
    result = run(renewal("carte_pluriannuelle", "2023-11-30", "2027-11-30", on="2027-09-01"))
    assert result.deadlines.rights_kept_until == date(2028, 2, 29)
    assert "DL-GRACE" in result.rules


def test_four_years_of_residence_counted_to_the_day() -> None:
    data = renewal("carte_pluriannuelle", "2022-11-22", "2026-11-21", on="2026-11-22")
    data["protection"]["status"] = "subsidiary"
    result = run(data)
    assert result.card is not None and result.card.kind == "carte_resident"
    data = renewal("carte_pluriannuelle", "2022-11-23", "2026-11-22", on="2026-11-22")
    data["protection"]["status"] = "subsidiary"
    result = run(data)
    assert result.card is not None and result.card.kind == "carte_pluriannuelle"


def test_resident_card_after_four_years_is_never_too_early() -> None:
    data = renewal("carte_pluriannuelle", "2022-01-01", "2027-12-31", on="2026-11-22")
    data["protection"]["status"] = "subsidiary"
    result = run(data)
    assert result.channel == "online"
    assert result.card is not None and result.card.kind == "carte_resident"
    assert result.deposit_attestation is not None


# --- TIV, duplicate, reunification ----------------------------------------------------------


def test_travel_document_with_a_multi_year_card_costs_forty() -> None:
    data = situation(procedure="travel_document", protection__status="subsidiary")
    data["current_document"] = {
        "kind": "carte_pluriannuelle",
        "mention": None,
        "valid_from": "2025-01-01",
        "valid_until": "2028-12-31",
    }
    result = run(data)
    assert result.travel_document is not None
    assert result.travel_document.validity_years == 4
    assert result.fees_total_eur == 40


def test_travel_document_refused_to_an_adult_without_a_card_and_to_family() -> None:
    assert run(situation(procedure="travel_document")).channel == "not_eligible"
    data = family()
    data["procedure"] = "travel_document"
    assert run(data).channel == "not_eligible"


def test_duplicate_carries_the_validity_over() -> None:
    data = situation(procedure="duplicate", protection__status="subsidiary")
    data["current_document"] = {
        "kind": "carte_pluriannuelle",
        "mention": None,
        "valid_from": "2025-01-01",
        "valid_until": "2028-12-31",
    }
    result = run(data)
    assert result.card is not None
    assert result.card.valid_until == date(2028, 12, 31)
    assert result.card.mention == "bénéficiaire de la protection subsidiaire"


def test_reunification_ignores_the_later_union_exception_and_checks_declaration() -> None:
    data = family(union_date="2024-09-01")
    data["procedure"] = "family_reunification"
    assert run(data).channel == "not_eligible"
    data = family(declared_in_asylum_application=False)
    data["procedure"] = "family_reunification"
    result = run(data)
    assert result.channel == "not_eligible"
    assert [r.met for r in result.reasons if r.rule == "FAM-DECLARED"] == [False]


def test_reunification_union_on_the_decision_day_is_not_later() -> None:
    data = family(union_date="2024-03-14")
    data["procedure"] = "family_reunification"
    assert run(data).channel == "consulate"
    data["protection"]["decision_date"] = "2024-03-20"
    data["family_link"]["union_date"] = "2024-03-20"
    result = run(data)
    # The union is on the decision day (not after it) but also after the asylum application.
    assert [r.met for r in result.reasons if r.rule == "FAM-LATER"] == [True]


def test_parent_of_a_minor_refugee_who_came_of_age_is_not_eligible() -> None:
    data = family(
        relation="parent",
        union_date=None,
        sponsor_birth_date="2008-11-22",
        sponsor_marital_status="single",
    )
    assert run(data).channel == "not_eligible"
    data["family_link"]["sponsor_birth_date"] = "2008-11-23"
    assert run(data).channel == "online"


# --- dated parameters ---------------------------------------------------------------------


def test_dates_before_the_first_parameter_are_refused_by_name() -> None:
    from sejour.rules import InvalidSituation

    with pytest.raises(InvalidSituation) as raised:
        run(
            situation(
                on="2020-01-01",
                protection__decision_date="2019-06-01",
                protection__asylum_application_date="2018-01-01",
            )
        )
    assert raised.value.path == "on"


def test_a_new_dated_value_applies_from_its_start() -> None:
    from sejour.rules import DEFAULT_PARAMETERS, using_parameters

    changed = DEFAULT_PARAMETERS.with_values({"fees.droit_timbre": {date(2027, 1, 1): 30}})
    with using_parameters(changed):
        assert run(situation(applied_on="2026-12-31")).fees_total_eur == 25
        assert run(situation(applied_on="2027-01-01")).fees_total_eur == 30
    assert run(situation(applied_on="2027-01-01")).fees_total_eur == 25  # the files' value
