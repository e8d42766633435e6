"""FAM-SPOUSE for every protection, and the channel order (rules.md "Corrections")."""

from __future__ import annotations

from typing import Any

import pytest

from sejour.rules import Assessment
from tests.rules.builders import family, run

STATUSES = ("refugee", "subsidiary", "stateless")


def spouse(status: str = "refugee", *, reunified: bool = False, **link: Any) -> dict[str, Any]:
    data = family(**link)
    data["protection"]["status"] = status
    data["person"]["entered_via_family_reunification"] = reunified
    return data


def spouse_reasons(result: Assessment) -> list[bool]:
    return [r.met for r in result.reasons if r.rule == "FAM-SPOUSE"]


@pytest.mark.parametrize("status", STATUSES)
def test_a_later_union_of_one_year_on_the_deposit_day_qualifies_for_every_protection(
    status: str,
) -> None:
    # The asylum application is 2024-03-15; the deposit is 2026-11-22.
    exactly = run(spouse(status, union_date="2025-11-22"))
    assert spouse_reasons(exactly) == [True]
    assert "CH-FAMILY" not in exactly.rules
    short = run(spouse(status, union_date="2025-11-23"))
    assert spouse_reasons(short) == [False]
    assert short.channel == "not_eligible"
    assert "CH-FAMILY" in short.rules


def test_the_year_is_counted_on_applied_on_not_on_the_assessment_day() -> None:
    data = spouse("subsidiary", union_date="2025-12-01")
    assert spouse_reasons(run(data)) == [False]
    data["applied_on"] = "2026-12-01"
    assert spouse_reasons(run(data)) == [True]


def test_a_later_union_needs_community_of_life() -> None:
    result = run(spouse("subsidiary", union_date="2025-01-10", community_of_life=False))
    assert result.channel == "not_eligible"
    assert spouse_reasons(result) == [False]


@pytest.mark.parametrize("relation", ["spouse", "civil_partner"])
def test_the_later_union_route_is_open_to_civil_partners(relation: str) -> None:
    result = run(spouse("stateless", relation=relation, union_date="2025-01-10"))
    assert spouse_reasons(result) == [True]
    assert result.card is not None and result.card.kind == "carte_pluriannuelle"


def test_a_later_union_needs_a_spouse_of_eighteen() -> None:
    data = spouse("subsidiary", union_date="2025-01-10")
    data["person"]["birth_date"] = "2008-11-23"  # 18 the day after the deposit
    result = run(data)
    assert result.channel == "not_eligible"
    assert spouse_reasons(result) == [False]
    data["person"]["birth_date"] = "2008-11-22"
    assert spouse_reasons(run(data)) == [True]


@pytest.mark.parametrize("status", STATUSES)
def test_a_spouse_married_before_the_application_without_reunification_is_not_eligible(
    status: str,
) -> None:
    result = run(spouse(status, union_date="2019-05-04"))
    assert result.channel == "not_eligible"
    assert result.card is None
    (reason,) = [r for r in result.reasons if r.rule == "FAM-SPOUSE"]
    assert not reason.met
    assert "réunification familiale" in reason.text
    caveats = [c for c in result.caveats if c.rule == "FAM-SPOUSE"]
    assert any("002" in " ".join(c.sources) and "antérieur" in c.text for c in caveats)


def test_a_union_on_the_day_of_the_asylum_application_counts_as_before_it() -> None:
    on_the_day = run(spouse("refugee", union_date="2024-03-15"))
    assert on_the_day.channel == "not_eligible"  # before: only the reunification route
    assert any("2024" in c.text for c in on_the_day.caveats if c.rule == "FAM-SPOUSE")
    day_after = spouse("refugee", union_date="2024-03-16")
    day_after["on"] = day_after["applied_on"] = "2025-03-16"
    day_after["protection"]["decision_date"] = "2025-01-10"
    assert spouse_reasons(run(day_after)) == [True]  # a later union, a year old that day


@pytest.mark.parametrize("status", STATUSES)
@pytest.mark.parametrize("relation", ["spouse", "civil_partner", "cohabitant"])
def test_the_reunification_route_checks_only_the_admission(status: str, relation: str) -> None:
    data = spouse(status, reunified=True, relation=relation, union_date=None)
    data["family_link"]["community_of_life"] = False
    data["person"]["birth_date"] = "2009-06-01"  # 17, who wants to work
    result = run(data)
    assert spouse_reasons(result) == [True]
    assert "FAM-COHAB" not in result.rules
    assert result.channel == ("prefecture" if status == "stateless" else "online")


def test_a_cohabitant_not_admitted_through_reunification_is_not_eligible() -> None:
    data = spouse("refugee", relation="cohabitant", union_date=None)
    data["family_link"]["common_life_since"] = "2015-01-01"
    result = run(data)
    assert result.channel == "not_eligible"
    assert spouse_reasons(result) == [False]


def test_reunification_keeps_the_union_before_the_application_and_cohab_for_cohabitants() -> None:
    data = spouse("subsidiary", union_date="2024-03-15")
    data["procedure"] = "family_reunification"
    assert run(data).channel == "consulate"  # on the day counts as before
    data["family_link"]["union_date"] = "2024-03-16"
    assert run(data).channel == "not_eligible"
    data = spouse("refugee", relation="cohabitant", union_date=None)
    data["procedure"] = "family_reunification"
    data["family_link"]["common_life_since"] = "2015-01-01"
    result = run(data)
    assert result.channel == "consulate"
    assert "FAM-COHAB" in result.rules and "FAM-SPOUSE" not in result.rules


# --- channel order: CH-ALREADY, CH-MINOR, CH-FAMILY, CH-STATELESS, CH-UNKNOWN, CH-ONLINE ----


def test_a_failed_family_link_is_told_before_the_prefecture() -> None:
    data = spouse("stateless", union_date="2019-05-04")
    data["person"]["visa_number"] = None  # also CH-UNKNOWN
    result = run(data)
    assert result.channel == "not_eligible"
    channel_rules = [r for r in result.rules if r.startswith("CH-")]
    assert channel_rules == ["CH-FAMILY", "CH-STATELESS", "CH-UNKNOWN"]


def test_a_minor_who_needs_no_card_is_told_so_before_the_prefecture() -> None:
    data = family(relation="child", union_date=None)
    data["person"].update(birth_date="2012-01-01", visa_number=None)
    data["protection"]["status"] = "stateless"
    result = run(data)
    assert result.channel == "not_eligible"
    assert [r for r in result.rules if r.startswith("CH-")] == [
        "CH-MINOR",
        "CH-STATELESS",
        "CH-UNKNOWN",
    ]


def test_a_receipt_already_under_instruction_comes_first() -> None:
    data = family(relation="child", union_date=None)
    data["person"]["birth_date"] = "2012-01-01"
    data["current_document"] = {
        "kind": "recepisse",
        "mention": "reconnu_refugie",
        "valid_from": "2026-10-01",
        "valid_until": "2027-01-01",
    }
    result = run(data)
    assert result.channel == "not_needed"
    assert [r for r in result.rules if r.startswith("CH-")][:2] == ["CH-ALREADY", "CH-MINOR"]
