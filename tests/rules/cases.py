"""The shared example cases (../shared/cases) and how an assessment is matched to them."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

CASES_DIR = Path(
    os.environ.get("SEJOUR_CASES_DIR", Path(__file__).resolve().parents[3] / "shared" / "cases")
)


def load_cases() -> list[dict[str, Any]]:
    files = sorted(CASES_DIR.glob("*.json"))
    if not files:
        raise RuntimeError(f"no example cases in {CASES_DIR}: set SEJOUR_CASES_DIR")
    cases = []
    for path in files:
        case = json.loads(path.read_text(encoding="utf-8"))
        case["file"] = path.name
        cases.append(case)
    return cases


def _match(expected: Any, actual: Any, path: str, problems: list[str]) -> None:
    if isinstance(expected, dict):
        if not isinstance(actual, dict):
            problems.append(f"{path}: expected an object, got {actual!r}")
            return
        for key, value in expected.items():
            if key not in actual:
                problems.append(f"{path}.{key}: missing")
            else:
                _match(value, actual[key], f"{path}.{key}", problems)
    elif expected != actual:
        problems.append(f"{path}: expected {expected!r}, got {actual!r}")


def mismatches(expect: dict[str, Any], assessment: dict[str, Any]) -> list[str]:
    """What in `assessment` (the JSON contract) differs from a case's `expect`."""
    problems: list[str] = []
    codes = {d["code"] for d in assessment["documents"]}
    rules = {r["rule"] for r in assessment["reasons"]}
    for key, value in expect.items():
        if key == "documents_include":
            problems += [f"documents: {c} missing" for c in value if c not in codes]
        elif key == "documents_exclude":
            problems += [f"documents: {c} should not be listed" for c in value if c in codes]
        elif key == "rules_include":
            problems += [f"reasons: {r} missing" for r in value if r not in rules]
        elif key not in assessment:
            problems.append(f"{key}: missing")
        else:
            _match(value, assessment[key], key, problems)
    return problems
