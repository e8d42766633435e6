"""Properties over generated situations: the engine always answers, and answers whole."""

from __future__ import annotations

import copy
import json
import re
from datetime import date
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sejour.rules import InvalidSituation, assess, parse_situation
from tests.rules.strategies import JSON_VALUES, situations

TODAY = date(2026, 11, 22)
SETTINGS = settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _dates_in(assessment: dict[str, Any]) -> list[str]:
    found = [assessment["on"], assessment["applied_on"], *assessment["deadlines"].values()]
    if assessment["card"] and assessment["card"]["valid_until"]:
        found.append(assessment["card"]["valid_until"])
    return found


@SETTINGS
@given(situations())
def test_every_valid_situation_is_assessed_whole(data: dict[str, Any]) -> None:
    result = assess(parse_situation(data, today=TODAY))
    out = result.to_dict()
    json.dumps(out)  # serialisable as it is
    assert out["reasons"], "at least one reason"
    for reason in out["reasons"] + out["caveats"] + out["rights"]:
        assert reason["sources"], reason
        assert reason["text"].strip()
        assert "{" not in reason["text"], "a placeholder was left unfilled"
    for value in _dates_in(out):
        date.fromisoformat(value)
    assert out["fees_total_eur"] == sum(fee["amount_eur"] for fee in out["fees"])
    assert all(fee["amount_eur"] > 0 for fee in out["fees"])
    if out["channel"] in ("not_eligible", "consulate", "not_needed", "too_early", "prefecture"):
        assert out["deposit_attestation"] is None
    if out["channel"] == "not_eligible":
        assert out["fees"] == []
    codes = [d["code"] for d in out["documents"]]
    assert len(codes) == len(set(codes)), "a document listed twice"


@SETTINGS
@given(situations(), st.data())
def test_any_damage_to_a_situation_gives_an_answer_or_a_named_error(
    data: dict[str, Any], draw: st.DataObject
) -> None:
    damaged = copy.deepcopy(data)
    for _ in range(draw.draw(st.integers(1, 3))):
        objects = [damaged] + [v for v in damaged.values() if isinstance(v, dict)]
        target = draw.draw(st.sampled_from(objects))
        key = draw.draw(st.sampled_from([*target.keys(), "extra"]))
        if draw.draw(st.booleans()):
            target.pop(key, None)
        else:
            target[key] = draw.draw(JSON_VALUES)
    try:
        result = assess(parse_situation(damaged, today=TODAY))
    except InvalidSituation as err:
        assert err.errors
        for lang in ("fr", "en", "ar"):
            assert err.message(lang).startswith(err.path + ": ")
    else:
        assert result.reasons


@SETTINGS
@given(situations())
def test_the_same_situation_always_gets_the_same_answer(data: dict[str, Any]) -> None:
    first = assess(parse_situation(data, today=TODAY)).to_dict()
    assert assess(parse_situation(copy.deepcopy(data), today=TODAY)).to_dict() == first


@SETTINGS
@given(situations())
def test_rights_kept_until_is_never_a_past_date_and_counts_are_grammatical(
    data: dict[str, Any],
) -> None:
    result = assess(parse_situation({**data, "lang": "ar"}, today=TODAY))
    kept = result.deadlines.rights_kept_until
    if kept is not None:  # DL-GRACE: stated only while it has not passed (rules.md)
        assert result.applied_on <= kept
    for reason in (*result.reasons, *result.caveats):
        # A singular or a dual is a word of its own, never a digit with a plural.
        assert not re.search(
            r"(?<![0-9])[12] (?:سنوات|سنة|سنتان|أشهر|شهر|شهران|أيام|يوم)", reason.text
        )
