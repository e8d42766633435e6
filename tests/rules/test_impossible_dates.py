"""Impossible dates are errors naming the field that is out of order (rules.md
"Corrections", "Clarifications")."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from sejour.rules import InvalidSituation, assess, parse_situation
from tests.rules.builders import family, situation

TODAY = date(2026, 11, 22)


def paths_of(data: dict[str, Any]) -> set[str]:
    with pytest.raises(InvalidSituation) as raised:
        assess(parse_situation(data, today=TODAY))
    for lang in ("fr", "en", "ar"):
        assert raised.value.message(lang).startswith(raised.value.path + ": ")
    return {e.path for e in raised.value.errors}


def spouse(**link: Any) -> dict[str, Any]:
    data = family(**link)
    data["person"]["birth_date"] = "1992-06-01"
    data["family_link"]["sponsor_birth_date"] = "1994-02-10"
    return data


@pytest.mark.parametrize(
    ("link", "path"),
    [
        ({"union_date": "1992-05-31"}, "family_link.union_date"),  # before the person's birth
        ({"union_date": "1994-02-09"}, "family_link.union_date"),  # before the sponsor's
        ({"union_date": "2026-11-23"}, "family_link.union_date"),  # after the deposit
        ({"common_life_since": "1992-05-31"}, "family_link.common_life_since"),
        ({"common_life_since": "1994-02-09"}, "family_link.common_life_since"),
        ({"common_life_since": "2026-11-23"}, "family_link.common_life_since"),
    ],
)
def test_a_union_or_common_life_out_of_order_names_its_field(
    link: dict[str, Any], path: str
) -> None:
    assert paths_of(spouse(**link)) == {path}


def test_the_boundaries_are_possible() -> None:
    for link in (
        {"union_date": "1994-02-10"},  # the sponsor's birthday itself
        {"union_date": "2026-11-22"},  # the deposit day itself
        {"common_life_since": "2026-11-22"},
    ):
        assess(parse_situation(spouse(**link), today=TODAY))


def test_a_union_is_checked_against_applied_on_when_given() -> None:
    data = spouse(union_date="2026-12-01")
    data["applied_on"] = "2026-12-01"
    assess(parse_situation(data, today=TODAY))
    data["applied_on"] = "2026-11-30"
    assert paths_of(data) == {"family_link.union_date"}


def test_regular_residence_after_the_deposit_names_its_field() -> None:
    assert paths_of(situation(regular_residence_since="2026-11-23")) == {"regular_residence_since"}
    assess(parse_situation(situation(regular_residence_since="2026-11-22"), today=TODAY))


def test_a_protected_persons_asylum_application_before_their_birth() -> None:
    data = situation(protection__asylum_application_date="1990-04-01")
    assert paths_of(data) == {"protection.asylum_application_date"}
    # A family member's birth says nothing of the sponsor's application.
    data = family(relation="child", union_date=None)
    data["person"]["birth_date"] = "2025-01-01"
    data["person"]["wants_to_work"] = False
    assess(parse_situation(data, today=TODAY))


def test_a_decision_before_the_application_names_the_decision() -> None:
    data = situation(
        protection__decision_date="2024-03-14", protection__asylum_application_date="2024-03-15"
    )
    assert paths_of(data) == {"protection.decision_date"}
    data["protection"]["decision_date"] = "2024-03-15"  # the same day is possible
    assess(parse_situation(data, today=TODAY))


def test_a_decision_after_the_deposit_names_the_decision() -> None:
    assert paths_of(situation(protection__decision_date="2026-11-23")) == {
        "protection.decision_date"
    }
