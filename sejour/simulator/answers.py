"""From the simulator's answers (query string) to the rules engine's situation."""

from __future__ import annotations

from datetime import date
from functools import cache
from typing import Any

from django.http import QueryDict

from sejour.core.engine_input import engine_input
from sejour.simulator.steps import (
    CARDS,
    RELATIONS,
    STEPS,
    Answers,
    applicable,
    is_family,
    procedure,
)


def read(query: QueryDict) -> dict[str, str]:
    """The answers in a query string: known fields only, one value each, trimmed."""
    known = known_fields()
    return {
        k: query.get(k, "").strip()[:64] for k in query if k in known and query.get(k, "").strip()
    }


@cache
def known_fields() -> frozenset[str]:
    return frozenset(name for step in STEPS for name in _all_fields(step))


def _all_fields(step) -> set[str]:
    """Every field a step can ask; the link details depend on the relation and procedure."""
    names: set[str] = set()
    for relation, _label in RELATIONS:
        for kind in ("first_permit", "family_reunification"):
            names |= set(step.fields({"lien": relation, "demarche": kind}))
    return names


def prune(answers: Answers) -> dict[str, str]:
    """Only the answers of the steps that apply (changing an early answer drops the rest)."""
    keep: set[str] = set()
    for step in applicable(answers):
        keep |= set(step.fields(answers))
    return {k: v for k, v in answers.items() if k in keep}


def situation(answers: Answers, *, today: date, lang: str) -> dict[str, Any]:
    """The rules engine's situation (rules.md "Input") for valid answers."""
    a = prune(answers)
    family = is_family(a)
    kind = a.get("document", "aucun")
    number = a.get("numero", "etranger" if not family else "aucun")
    if family and procedure(a) != "first_permit":
        number = "etranger"  # only a first request asks; the others come with a card
    declared = {
        "role": "family_member" if family else "protected",
        "status": a.get("statut"),
        "decision_date": a.get("decision"),
        "asylum_date": a.get("asile"),
        "marital_status": a.get("etat_civil"),
        "polygamy": "polygamie" in a,
        "wants_to_work": a.get("travail") != "non",
        "reunified": "reunif" in a,
        "relation": a.get("lien"),
        "union_date": a.get("union"),
        "common_life_since": a.get("vie_commune"),
        "sponsor_birth_date": a.get("ne_parrain"),
        "sponsor_marital_status": a.get("etat_parrain"),
        "declared_in_asylum_application": "declare" in a,
        "community_of_life": "communaute" in a,
        "married": "marie" in a,
        "regular_residence_since": a.get("residence"),
    }
    if kind != "aucun" and "document" in a:
        declared |= {
            "card_kind": kind,
            "card_mention": a.get("mention") or None,
            "card_valid_from": a.get("debut"),
            "card_valid_until": a.get("fin"),
        }
    return engine_input(
        declared,
        on=today,
        procedure=procedure(a),
        birth_date=a.get("naissance"),
        lang=lang,
        applied_on=a.get("depot"),
        # The simulator asks whether a number exists, never the number itself.
        foreign_number="0000000000" if number == "etranger" else None,
        visa_number="VISA" if number == "visa" else None,
        holds_residence_card=kind in CARDS,
    )


# Which step owns a field of the engine's situation, for the engine's own errors.
PATH_TO_STEP = {
    "procedure": "demarche",
    "applied_on": "date-demande",
    "person.role": "personne",
    "protection.status": "protection",
    "protection.decision_date": "dates-protection",
    "protection.asylum_application_date": "dates-protection",
    "family_link": "lien",
    "person.birth_date": "naissance",
    "current_document": "document",
    "current_document.valid_until": "document",
    "current_document.valid_from": "document",
    "regular_residence_since": "document",
}


def step_for_path(path: str) -> str:
    if path.startswith("family_link."):
        return "details-lien"
    return PATH_TO_STEP.get(path, "demarche")
