"""Bad input gives a clear error naming the field: never a traceback, never a guess."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from sejour.rules import InvalidSituation, assess, parse_situation
from tests.rules.builders import family, renewal, situation

TODAY = date(2026, 11, 22)


def error_of(data: Any) -> InvalidSituation:
    with pytest.raises(InvalidSituation) as raised:
        assess(parse_situation(data, today=TODAY))
    return raised.value


def test_unknown_value_names_the_field_and_the_choices() -> None:
    err = error_of(situation(protection__status="asylum_seeker"))
    assert err.message() == (
        "protection.status: unknown value 'asylum_seeker'; "
        "expected one of 'refugee', 'subsidiary' or 'stateless'"
    )


@pytest.mark.parametrize(
    ("changes", "path"),
    [
        ({"person__birth_date": "1990-02-30"}, "person.birth_date"),
        ({"person__birth_date": "02/04/1990"}, "person.birth_date"),
        ({"person__birth_date": 19900402}, "person.birth_date"),
        ({"person__birth_date": "2026-W47-1"}, "person.birth_date"),
        ({"person__birth_date": "1850-01-01"}, "person.birth_date"),
        ({"person__wants_to_work": "yes"}, "person.wants_to_work"),
        ({"person__wants_to_work": 1}, "person.wants_to_work"),
        ({"person__foreign_number": "12345"}, "person.foreign_number"),
        ({"person__role": "sponsor"}, "person.role"),
        ({"procedure": "naturalisation"}, "procedure"),
        ({"person__nickname": "x"}, "person.nickname"),
        ({"colour": "blue"}, "colour"),
        ({"lang": "de"}, "lang"),
        ({"protection": "refugee"}, "protection"),
        ({"person__birth_date": "2026-11-23"}, "person.birth_date"),
        ({"applied_on": "1989-01-01"}, "applied_on"),
        ({"protection__decision_date": "2027-01-01"}, "protection.decision_date"),
        (
            {"protection__asylum_application_date": "2026-10-02"},
            "protection.decision_date",  # the decision is out of order: before the application
        ),
    ],
)
def test_bad_values_are_refused_by_name(changes: dict[str, Any], path: str) -> None:
    err = error_of(situation(**changes))
    assert path in {e.path for e in err.errors}
    for lang in ("fr", "en", "ar"):
        message = err.message(lang)
        assert message.startswith(err.path + ": ")
        assert "\n" not in message


@pytest.mark.parametrize("field", ["procedure", "person", "protection"])
def test_required_top_level_fields(field: str) -> None:
    data = situation()
    del data[field]
    assert error_of(data).path == field


@pytest.mark.parametrize(
    ("outer", "field"), [("person", "role"), ("person", "birth_date"), ("protection", "status")]
)
def test_required_nested_fields(outer: str, field: str) -> None:
    data = situation()
    del data[outer][field]
    err = error_of(data)
    assert err.path == f"{outer}.{field}"
    assert "missing" in err.message("en")


def test_booleans_default_to_false_and_on_defaults_to_today() -> None:
    data = situation()
    del data["person"]["wants_to_work"]
    del data["on"]
    parsed = parse_situation(data, today=TODAY)
    assert parsed.person.wants_to_work is False
    assert parsed.on == TODAY


@pytest.mark.parametrize(
    ("data", "path"),
    [
        (situation(protection__decision_date=None), "protection.decision_date"),
        (family(union_date=None), "family_link.union_date"),
        (
            {**family(relation="cohabitant", union_date=None), "procedure": "family_reunification"},
            "family_link.common_life_since",
        ),
        (family(relation="parent", union_date=None), "family_link.sponsor_birth_date"),
        (situation(person__role="family_member", person__visa_number="V1"), "family_link"),
        (situation(procedure="renewal"), "current_document"),
        (situation(procedure="duplicate"), "current_document"),
    ],
)
def test_fields_a_rule_needs_are_named_when_missing(data: dict[str, Any], path: str) -> None:
    err = error_of(data)
    assert err.path == path
    assert "needed" in err.message("en")


def test_renewal_needs_the_end_of_validity() -> None:
    data = renewal("carte_resident", "2017-02-01", "2027-01-31")
    data["current_document"]["valid_until"] = None
    assert error_of(data).path == "current_document.valid_until"


def test_reunification_needs_a_family_member() -> None:
    assert error_of(situation(procedure="family_reunification")).path == "person.role"


def test_not_an_object() -> None:
    assert error_of([1, 2]).path == "(root)"
    assert error_of(situation(person=[])).path == "person"


def test_every_error_is_listed_not_only_the_first() -> None:
    err = error_of(situation(procedure="x", person__role="y"))
    assert {e.path for e in err.errors} >= {"procedure", "person.role"}
    body = err.to_dict("fr")
    assert body["error"] == "invalid_situation"
    assert all(d["message"] for d in body["detail"])
