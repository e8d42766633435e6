"""The rules engine's input (rules.md "Input"), built in one place for every caller: the
deposit and its draft checks, the account page's renewal offer, the simulator and the
generated demo data. Each describes the person in the same flat words (those of the
deposit's situation step); only this module knows how the engine nests them.

Pure Python (no Django), so that any part of the product may import it.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

# The mention a card carries for its holder's protection (rules.md `current_document`).
MENTION_OF_STATUS = {"refugee": "reconnu_refugie", "subsidiary": "protection_subsidiaire"}
_FAMILY_PROCEDURES = ("first_permit", "family_reunification")


def card_mention(*, role: str, status: str | None) -> str | None:
    """The mention of a card held by a family member, or by a protected person."""
    return "membre_famille" if role == "family_member" else MENTION_OF_STATUS.get(status or "")


def engine_input(
    declared: Mapping[str, Any],
    *,
    on: date,
    procedure: str,
    birth_date: str | None,
    lang: str = "fr",
    applied_on: str | None = None,
    foreign_number: str | None = None,
    visa_number: str | None = None,
    holds_residence_card: bool = False,
) -> dict[str, Any]:
    """The situation `parse_situation` reads, for a person described by `declared`:

    - `role`, `status`, `decided_by`, `decision_date`, `asylum_date`;
    - `marital_status`, `polygamy`, `wants_to_work`, `reunified`;
    - the link, read for a family member on a first request or a reunification:
      `relation`, `union_date`, `common_life_since`, `sponsor_birth_date`,
      `sponsor_marital_status`, `community_of_life`, `married`,
      `declared_in_asylum_application` (taken as declared unless said otherwise);
    - the document held: `card_kind`, `card_valid_from`, `card_valid_until`, and
      `card_mention` (when absent, the mention of the holder's protection);
    - `regular_residence_since`.

    `applied_on` is the deposit day when it is not `on` (rules.md: ages are read on it).
    """
    role = declared.get("role") or "protected"
    status = declared.get("status")
    link = None
    family = role == "family_member" or procedure == "family_reunification"
    if family and procedure in _FAMILY_PROCEDURES:
        link = {
            "relation": declared.get("relation"),
            "union_date": declared.get("union_date"),
            "common_life_since": declared.get("common_life_since"),
            "sponsor_birth_date": declared.get("sponsor_birth_date"),
            "sponsor_marital_status": declared.get("sponsor_marital_status"),
            "declared_in_asylum_application": bool(
                declared.get("declared_in_asylum_application", True)
            ),
            "community_of_life": bool(declared.get("community_of_life")),
            "married": bool(declared.get("married")),
        }
    held = None
    if declared.get("card_kind"):
        mention = (
            declared["card_mention"]
            if "card_mention" in declared
            else card_mention(role=role, status=status)
        )
        held = {
            "kind": declared["card_kind"],
            "mention": mention or None,
            "valid_from": declared.get("card_valid_from"),
            "valid_until": declared.get("card_valid_until"),
        }
    return {
        "on": on.isoformat(),
        "applied_on": applied_on,
        "procedure": procedure,
        "lang": lang if lang in ("fr", "en", "ar") else "fr",
        "person": {
            "birth_date": birth_date,
            "role": role,
            "marital_status": declared.get("marital_status") or "single",
            "polygamy_allowed_by_nationality": bool(declared.get("polygamy")),
            "wants_to_work": bool(declared.get("wants_to_work")),
            "foreign_number": foreign_number or None,
            "visa_number": visa_number or None,
            "entered_via_family_reunification": bool(declared.get("reunified")),
            "holds_residence_card": holds_residence_card,
        },
        "protection": {
            "status": status,
            "decision_date": declared.get("decision_date"),
            "decided_by": declared.get("decided_by") or None,
            "asylum_application_date": declared.get("asylum_date"),
        },
        "family_link": link,
        "current_document": held,
        "regular_residence_since": declared.get("regular_residence_since"),
    }
