"""Every shared example case passes, unchanged, through the engine and the command."""

from __future__ import annotations

import io
import json
from datetime import date
from typing import Any

import pytest

from sejour.cli import main
from sejour.rules import InvalidSituation, assess, parse_situation
from tests.rules.cases import load_cases, mismatches

CASES = load_cases()
TODAY = date(2026, 11, 22)


def test_the_shared_cases_are_there() -> None:
    assert len(CASES) >= 25


@pytest.mark.parametrize("case", CASES, ids=[c["file"] for c in CASES])
def test_case_through_the_engine(case: dict[str, Any]) -> None:
    if "expect_error" in case:
        with pytest.raises(InvalidSituation) as raised:
            assess(parse_situation(case["situation"], today=TODAY))
        assert case["expect_error"] in {e.path for e in raised.value.errors}
        return
    assessment = assess(parse_situation(case["situation"], today=TODAY)).to_dict()
    assert mismatches(case["expect"], assessment) == [], case["name"]


@pytest.mark.parametrize("case", CASES, ids=[c["file"] for c in CASES])
def test_case_through_the_command(case: dict[str, Any]) -> None:
    out, err = io.StringIO(), io.StringIO()
    stdin = io.StringIO(json.dumps(case["situation"]))
    status = main(["assess", "-"], stdin=stdin, stdout=out, stderr=err)
    if "expect_error" in case:
        assert status == 2
        assert out.getvalue() == ""
        line = err.getvalue()
        assert line.count("\n") == 1
        assert line.startswith(case["expect_error"] + ":")
        return
    assert status == 0, err.getvalue()
    assert mismatches(case["expect"], json.loads(out.getvalue())) == []
