"""The assessment: what the engine answers (rules.md "Output: an assessment")."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sejour.rules.vocabulary import (
    AttestationKind,
    CardKind,
    Channel,
    DocumentCode,
    FeeCode,
    FeeDue,
    Lang,
    Procedure,
    RightCode,
)


@dataclass(frozen=True, slots=True)
class Card:
    kind: CardKind
    validity_years: int
    mention: str | None = None
    valid_until: date | None = None  # carried over, for a duplicate

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "validity_years": self.validity_years,
            "mention": self.mention,
            "valid_until": _iso(self.valid_until),
        }


@dataclass(frozen=True, slots=True)
class TravelDocument:
    validity_years: int
    not_valid_for: str = "country_of_origin_or_habitual_residence"

    def to_dict(self) -> dict[str, Any]:
        return {"validity_years": self.validity_years, "not_valid_for": self.not_valid_for}


@dataclass(frozen=True, slots=True)
class DepositAttestation:
    kind: AttestationKind
    validity_months: int | None
    renewable: bool = False
    allows_work: bool = False
    allows_schengen_travel: bool = False
    valid_only_with_previous_card: bool = False
    keeps_previous_rights: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "validity_months": self.validity_months,
            "renewable": self.renewable,
            "allows_work": self.allows_work,
            "allows_schengen_travel": self.allows_schengen_travel,
            "valid_only_with_previous_card": self.valid_only_with_previous_card,
            "keeps_previous_rights": self.keeps_previous_rights,
        }


@dataclass(frozen=True, slots=True)
class Fee:
    code: FeeCode
    amount_eur: int
    due: FeeDue = "card_handover"

    def to_dict(self) -> dict[str, Any]:
        return {"code": self.code, "amount_eur": self.amount_eur, "due": self.due}


@dataclass(frozen=True, slots=True)
class Deadlines:
    card_issue_by: date | None = None
    renewal_window_opens: date | None = None
    renewal_window_closes: date | None = None
    rights_kept_until: date | None = None
    age_limit_date: date | None = None

    def to_dict(self) -> dict[str, str]:
        pairs = (
            ("card_issue_by", self.card_issue_by),
            ("renewal_window_opens", self.renewal_window_opens),
            ("renewal_window_closes", self.renewal_window_closes),
            ("rights_kept_until", self.rights_kept_until),
            ("age_limit_date", self.age_limit_date),
        )
        return {key: value.isoformat() for key, value in pairs if value is not None}


@dataclass(frozen=True, slots=True)
class Document:
    code: DocumentCode
    required: bool = True
    provided_by: str | None = None  # "OFPRA" when the applicant uploads nothing

    def to_dict(self) -> dict[str, Any]:
        return {"code": self.code, "required": self.required, "provided_by": self.provided_by}


@dataclass(frozen=True, slots=True)
class Reason:
    """A rule checked: `met` is true when its condition holds or the rule simply applies."""

    rule: str
    met: bool
    text: str
    sources: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "met": self.met,
            "text": self.text,
            "sources": list(self.sources),
        }


@dataclass(frozen=True, slots=True)
class Right:
    code: RightCode
    text: str
    sources: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        return {"code": self.code, "text": self.text, "sources": list(self.sources)}


@dataclass(frozen=True, slots=True)
class Assessment:
    on: date
    applied_on: date
    procedure: Procedure
    lang: Lang
    channel: Channel
    card: Card | None
    travel_document: TravelDocument | None
    deposit_attestation: DepositAttestation | None
    fees: tuple[Fee, ...]
    deadlines: Deadlines
    documents: tuple[Document, ...]
    rights: tuple[Right, ...]
    reasons: tuple[Reason, ...]
    caveats: tuple[Reason, ...]

    @property
    def fees_total_eur(self) -> int:
        return sum(fee.amount_eur for fee in self.fees)

    @property
    def rules(self) -> tuple[str, ...]:
        return tuple(reason.rule for reason in self.reasons)

    def to_dict(self) -> dict[str, Any]:
        """The JSON contract of rules.md."""
        return {
            "on": self.on.isoformat(),
            "applied_on": self.applied_on.isoformat(),
            "procedure": self.procedure,
            "lang": self.lang,
            "channel": self.channel,
            "card": self.card.to_dict() if self.card else None,
            "travel_document": self.travel_document.to_dict() if self.travel_document else None,
            "deposit_attestation": (
                self.deposit_attestation.to_dict() if self.deposit_attestation else None
            ),
            "fees": [fee.to_dict() for fee in self.fees],
            "fees_total_eur": self.fees_total_eur,
            "deadlines": self.deadlines.to_dict(),
            "documents": [document.to_dict() for document in self.documents],
            "rights": [right.to_dict() for right in self.rights],
            "reasons": [reason.to_dict() for reason in self.reasons],
            "caveats": [caveat.to_dict() for caveat in self.caveats],
        }


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None
