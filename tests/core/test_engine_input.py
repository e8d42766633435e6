"""The engine's input is built in one place (sejour.core.engine_input), whoever asks:
the deposit, the account page's renewal offer, the simulator, the generated data."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from django.http import QueryDict

from sejour.core.engine_input import engine_input
from sejour.dossiers.deposit import situation_of
from sejour.dossiers.models import Dossier
from sejour.rules import assess, parse_situation
from sejour.simulator import answers as simulator_answers

ON = date(2026, 12, 1)
SPOUSE = {
    "status": "subsidiary",
    "decided_by": "OFPRA",
    "decision_date": "2026-10-01",
    "asylum_date": "2024-03-15",
    "role": "family_member",
    "relation": "spouse",
    "union_date": "2019-05-04",
    "community_of_life": True,
    "reunified": True,
    "marital_status": "married",
}


def test_a_family_member_on_a_first_request_carries_the_link_declared() -> None:
    data = engine_input(
        SPOUSE, on=ON, procedure="first_permit", birth_date="1992-06-01", visa_number="V1"
    )
    assert data["family_link"] == {
        "relation": "spouse",
        "union_date": "2019-05-04",
        "common_life_since": None,
        "sponsor_birth_date": None,
        "sponsor_marital_status": None,
        "declared_in_asylum_application": True,
        "community_of_life": True,
        "married": False,
    }
    assert data["person"]["entered_via_family_reunification"] is True
    assert assess(parse_situation(data, today=ON)).channel == "online"


def test_no_link_on_a_renewal_and_the_card_carries_the_mention_of_the_protection() -> None:
    card = {"card_kind": "carte_pluriannuelle", "card_valid_until": "2027-02-28"}
    family = engine_input({**SPOUSE, **card}, on=ON, procedure="renewal", birth_date="1992-06-01")
    assert family["family_link"] is None
    assert family["current_document"]["mention"] == "membre_famille"
    protected = engine_input(
        {"status": "subsidiary", **card}, on=ON, procedure="renewal", birth_date="1990-01-01"
    )
    assert protected["current_document"]["mention"] == "protection_subsidiaire"
    said = engine_input(
        {"status": "refugee", **card, "card_mention": None},
        on=ON,
        procedure="renewal",
        birth_date="1990-01-01",
    )
    assert said["current_document"]["mention"] is None  # as the person said: none


def test_an_unknown_language_falls_back_to_french_and_the_deposit_day_is_kept() -> None:
    data = engine_input(
        {"status": "refugee"},
        on=ON,
        procedure="first_permit",
        birth_date="1990-01-01",
        lang="de",
        applied_on="2026-12-15",
    )
    assert data["lang"] == "fr" and data["applied_on"] == "2026-12-15"
    assert parse_situation(data, today=ON).deposit_on == date(2026, 12, 15)


@pytest.mark.django_db
def test_the_deposit_and_the_simulator_give_the_engine_the_same_person() -> None:
    from tests.factories.accounts import UserFactory

    user = UserFactory(birth_date=date(1992, 6, 1), foreign_number=None, visa_number="V123")
    dossier = Dossier(
        procedure="first_permit", applicant=user, filer=user, draft={"situation": SPOUSE}
    )
    deposited = situation_of(dossier, today=ON)
    query = QueryDict(mutable=True)
    query.update(
        {
            "demarche": "first_permit",
            "role": "family_member",
            "statut": "subsidiary",
            "decision": "2026-10-01",
            "asile": "2024-03-15",
            "lien": "spouse",
            "union": "2019-05-04",
            "communaute": "1",
            "reunif": "1",
            "naissance": "1992-06-01",
            "etat_civil": "married",
            "document": "aucun",
            "numero": "visa",
        }
    )
    simulated = simulator_answers.situation(query, today=ON, lang="fr")
    for key in ("protection", "family_link", "current_document", "procedure", "on"):
        if key == "protection":  # the simulator does not ask who decided
            assert {**simulated[key], "decided_by": "OFPRA"} == deposited[key]
        elif key == "family_link":  # only a reunification asks whether declared
            assert {**simulated[key], "declared_in_asylum_application": True} == deposited[key]
        else:
            assert simulated[key] == deposited[key], key
    # The simulator names no number, and asks about work only at 16-17 (read only then).
    unread = {"visa_number", "wants_to_work"}
    person = {k: v for k, v in deposited["person"].items() if k not in unread}
    assert {k: v for k, v in simulated["person"].items() if k not in unread} == person


SEJOUR = Path(__file__).resolve().parents[2] / "sejour"
# The engine's nested keys, written as a dict literal: only the builder may.
NESTED = re.compile(
    r"[\"'](family_link|current_document|protection)[\"']\s*:\s*(\{|None|held|link)"
)


def test_no_other_module_builds_the_engines_input() -> None:
    builders = sorted(
        str(path.relative_to(SEJOUR))
        for path in SEJOUR.rglob("*.py")
        if "rules" not in path.parts
        and "migrations" not in path.parts
        and NESTED.search(path.read_text(encoding="utf-8"))
    )
    assert builders == ["core/engine_input.py"]
