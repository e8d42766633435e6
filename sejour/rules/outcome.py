"""What a procedure answers before it becomes an `Assessment`, and the rights stated
with a card: shared by the procedures of `engine.py` and `renewal.py`."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sejour.rules.assessment import Card, DepositAttestation, Document, Fee, TravelDocument
from sejour.rules.context import Facts, Trail
from sejour.rules.deadlines import dl_absence
from sejour.rules.vocabulary import Channel


@dataclass(slots=True)
class Outcome:
    channel: Channel
    card: Card | None = None
    travel_document: TravelDocument | None = None
    attestation: DepositAttestation | None = None
    fees: list[Fee] = field(default_factory=list)
    deadlines: dict[str, date] = field(default_factory=dict)
    documents: list[Document] = field(default_factory=list)


def card_rights(f: Facts, t: Trail, card: Card, *, first: bool) -> None:
    """Rights stated with the card (rules.md "Rights stated with the card")."""
    t.grant("work_without_authorisation", "RIGHT.work_card")
    if first:
        t.grant("republican_integration_contract", "RIGHT.republican_integration_contract")
        if not f.is_family:
            t.grant(
                "end_of_asylum_allowance_and_housing", "RIGHT.end_of_asylum_allowance_and_housing"
            )
    if card.kind == "carte_resident":
        dl_absence(f, t)
