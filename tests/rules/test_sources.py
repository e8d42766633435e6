"""Sources follow the variant: a BPS is never cited the refugee's article (rules.md
"Corrections": refugee L424-1, L424-3, R431-15-3; BPS L424-9, L424-11, L424-13,
R431-15-4; stateless L424-18, L424-19, L424-21)."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings

from sejour.rules import Assessment, assess, parse_situation
from tests.rules.builders import family, renewal, run, situation
from tests.rules.strategies import situations

OWN_ARTICLES = {
    "refugee": {"L424-1", "L424-3", "R431-15-3", "R424-1"},
    "subsidiary": {"L424-9", "L424-11", "L424-13", "R431-15-4"},
    "stateless": {"L424-18", "L424-19", "L424-21"},
}


def articles(sources: tuple[str, ...] | list[str]) -> set[str]:
    return {m for s in sources for m in re.findall(r"CESEDA ([LR][0-9]+(?:-[0-9]+)*)", s)}


def sources_of(result: Assessment, rule: str) -> set[str]:
    return {a for r in result.reasons if r.rule == rule for a in articles(r.sources)}


def others(status: str) -> set[str]:
    return set().union(*(v for k, v in OWN_ARTICLES.items() if k != status))


@pytest.mark.parametrize(
    ("status", "rule", "article"),
    [
        ("refugee", "CARD-REF", "L424-1"),
        ("refugee", "ATT-BPI-FIRST", "R431-15-3"),
        ("subsidiary", "CARD-BPS", "L424-9"),
        ("subsidiary", "ATT-BPI-FIRST", "R431-15-4"),
        ("stateless", "CARD-APA", "L424-18"),
    ],
)
def test_a_protected_persons_first_card_cites_their_own_articles(
    status: str, rule: str, article: str
) -> None:
    data = situation(protection__status=status)
    if status == "stateless":
        data["procedure"] = "first_permit"
    assert article in sources_of(run(data), rule)


@pytest.mark.parametrize(
    ("status", "card_rule", "article"),
    [
        ("refugee", "CARD-REF-FAM", "L424-3"),
        ("subsidiary", "CARD-BPS-FAM", "L424-11"),
        ("stateless", "CARD-APA", "L424-19"),
    ],
)
@pytest.mark.parametrize("relation", ["spouse", "child"])
def test_a_family_member_is_cited_the_article_of_their_sponsors_protection(
    status: str, card_rule: str, article: str, relation: str
) -> None:
    data = family(relation=relation, union_date="2025-01-10")
    if relation == "child":
        data["person"]["birth_date"] = "2008-01-01"
        data["family_link"]["union_date"] = None
    data["protection"]["status"] = status
    result = run(data)
    condition = "FAM-SPOUSE" if relation == "spouse" else "FAM-CHILD"
    assert article in sources_of(result, card_rule)
    assert article in sources_of(result, condition)
    for reason in result.reasons:
        assert not articles(reason.sources) & others(status), reason


@pytest.mark.parametrize(
    ("status", "article"), [("subsidiary", "L424-13"), ("stateless", "L424-21")]
)
def test_the_resident_card_after_four_years_cites_the_variants_article(
    status: str, article: str
) -> None:
    data = renewal("carte_pluriannuelle", "2022-01-01", "2026-12-31", on="2026-11-22")
    data["protection"]["status"] = status
    result = run(data)
    assert sources_of(result, "CARD-CR-4Y") == {article}


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(situations())
def test_no_reason_cites_another_protections_article(data: dict[str, Any]) -> None:
    result = assess(parse_situation(data, today=date(2026, 11, 22)))
    status = data["protection"]["status"]
    for reason in (*result.reasons, *result.rights):
        assert not articles(reason.sources) & others(status), (status, reason)
