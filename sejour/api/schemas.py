"""OpenAPI shapes of the JSON API (the assessment mirrors rules.md "Output")."""

from __future__ import annotations

from ninja import Schema


class CardOut(Schema):
    kind: str
    validity_years: int
    mention: str | None
    valid_until: str | None


class TravelDocumentOut(Schema):
    validity_years: int
    not_valid_for: str


class AttestationOut(Schema):
    kind: str
    validity_months: int | None
    renewable: bool
    allows_work: bool
    allows_schengen_travel: bool
    valid_only_with_previous_card: bool
    keeps_previous_rights: bool


class FeeOut(Schema):
    code: str
    amount_eur: int
    due: str


class DocumentOut(Schema):
    code: str
    required: bool
    provided_by: str | None


class ReasonOut(Schema):
    rule: str
    met: bool
    text: str
    sources: list[str]


class RightOut(Schema):
    code: str
    text: str
    sources: list[str]


class AssessmentOut(Schema):
    on: str
    applied_on: str
    procedure: str
    lang: str
    channel: str
    card: CardOut | None
    travel_document: TravelDocumentOut | None
    deposit_attestation: AttestationOut | None
    fees: list[FeeOut]
    fees_total_eur: int
    deadlines: dict[str, str]
    documents: list[DocumentOut]
    rights: list[RightOut]
    reasons: list[ReasonOut]
    caveats: list[ReasonOut]


class FieldErrorOut(Schema):
    path: str
    code: str
    message: str


class InvalidOut(Schema):
    error: str
    detail: list[FieldErrorOut]


class RateLimitedOut(Schema):
    error: str
    detail: str
    retry_after: int


class VerificationOut(Schema):
    code: str
    genuine: bool
    valid_today: bool
    kind: str
    issued_on: str
    valid_until: str | None
    allows_work: bool
    allows_schengen_travel: bool
    valid_only_with_previous_card: bool
    holder_initials: str
    holder_birth_year: int | None
    # The day a correction replaced (or withdrew) it; null while it stands.
    replaced_on: str | None = None


class NotFoundOut(Schema):
    error: str


class RefusedOut(Schema):
    error: str
    detail: str


class TooLargeOut(Schema):
    error: str
    detail: str
    max_bytes: int
