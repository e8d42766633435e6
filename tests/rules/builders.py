"""Situations for tests: a valid adult refugee's first request, changed where a test says."""

from __future__ import annotations

import copy
from datetime import date
from typing import Any

from sejour.rules import Assessment, assess, parse_situation

BASE: dict[str, Any] = {
    "on": "2026-11-22",
    "procedure": "first_permit",
    "person": {
        "birth_date": "1990-04-02",
        "role": "protected",
        "marital_status": "single",
        "polygamy_allowed_by_nationality": False,
        "wants_to_work": True,
        "foreign_number": "0123456789",
        "visa_number": None,
        "entered_via_family_reunification": False,
        "holds_residence_card": False,
    },
    "protection": {
        "status": "refugee",
        "decision_date": "2026-10-01",
        "decided_by": "OFPRA",
        "asylum_application_date": "2024-03-15",
    },
    "family_link": None,
    "current_document": None,
    "regular_residence_since": None,
    "applied_on": None,
}

FAMILY_LINK: dict[str, Any] = {
    "relation": "spouse",
    "union_date": "2019-05-04",
    "common_life_since": None,
    "sponsor_birth_date": None,
    "sponsor_marital_status": None,
    "declared_in_asylum_application": True,
    "community_of_life": True,
    "married": False,
}


def situation(**changes: Any) -> dict[str, Any]:
    """BASE with `changes`; a dict value is merged into the nested object, and
    `person__birth_date="…"` style keys set one nested field."""
    data = copy.deepcopy(BASE)
    for key, value in changes.items():
        if "__" in key:
            outer, inner = key.split("__", 1)
            if data.get(outer) is None:
                data[outer] = copy.deepcopy(FAMILY_LINK) if outer == "family_link" else {}
            data[outer][inner] = value
        else:
            data[key] = value
    return data


def family(**link: Any) -> dict[str, Any]:
    """A family member (spouse by default) of the BASE refugee."""
    data = situation()
    data["person"].update(role="family_member", foreign_number=None, visa_number="FRA1234567")
    data["family_link"] = {**copy.deepcopy(FAMILY_LINK), **link}
    return data


def renewal(kind: str, valid_from: str, valid_until: str, **changes: Any) -> dict[str, Any]:
    data = situation(procedure="renewal", **changes)
    data["current_document"] = {
        "kind": kind,
        "mention": None,
        "valid_from": valid_from,
        "valid_until": valid_until,
    }
    return data


def run(data: dict[str, Any]) -> Assessment:
    return assess(parse_situation(data, today=date(2026, 11, 22)))
