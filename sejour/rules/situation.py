"""The situation: what the engine is asked about (rules.md "Input: a situation").

Parsing is strict: unknown keys are refused (a typo must not silently change an
answer), dates are ISO `YYYY-MM-DD` only, booleans are `true`/`false` (absent or null
means false). Every error names the field by its dotted path.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Any, Final

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    StringConstraints,
    ValidationError,
)

from sejour.rules.errors import FieldError, InvalidSituation
from sejour.rules.vocabulary import (
    DecidedBy,
    DocumentKind,
    Lang,
    MaritalStatus,
    Mention,
    Procedure,
    ProtectionStatus,
    Relation,
    Role,
)

EARLIEST: Final = date(1900, 1, 1)
LATEST: Final = date(2199, 12, 31)
_ISO_DATE: Final = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")


class _DateError(ValueError):
    pass


def _iso_date(value: Any) -> date:
    if isinstance(value, date):
        parsed = value
    elif isinstance(value, str) and _ISO_DATE.match(value):
        try:
            parsed = date.fromisoformat(value)
        except ValueError:
            raise _DateError(value) from None
    else:
        raise _DateError(value)
    if not EARLIEST <= parsed <= LATEST:
        raise _DateError(value)
    return parsed


def _flag(value: Any) -> bool:
    if value is None:
        return False
    if isinstance(value, bool):
        return value
    raise ValueError("not a boolean")


IsoDate = Annotated[date, BeforeValidator(_iso_date)]
Flag = Annotated[bool, BeforeValidator(_flag)]
ForeignNumber = Annotated[str, StringConstraints(pattern=r"^[0-9]{10}$")]
VisaNumber = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=40)]


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", strict=False, hide_input_in_errors=True)


class Person(_Frozen):
    birth_date: IsoDate
    role: Role
    marital_status: MaritalStatus = "single"
    polygamy_allowed_by_nationality: Flag = False
    wants_to_work: Flag = False
    foreign_number: ForeignNumber | None = None
    visa_number: VisaNumber | None = None
    entered_via_family_reunification: Flag = False
    holds_residence_card: Flag = False


class Protection(_Frozen):
    status: ProtectionStatus
    decision_date: IsoDate | None = None
    decided_by: DecidedBy | None = None
    asylum_application_date: IsoDate | None = None


class FamilyLink(_Frozen):
    relation: Relation
    union_date: IsoDate | None = None
    common_life_since: IsoDate | None = None
    sponsor_birth_date: IsoDate | None = None
    sponsor_marital_status: MaritalStatus | None = None
    declared_in_asylum_application: Flag = False
    community_of_life: Flag = False
    married: Flag = False


class CurrentDocument(_Frozen):
    kind: DocumentKind
    mention: Mention | None = None
    valid_from: IsoDate | None = None
    valid_until: IsoDate | None = None


class Situation(_Frozen):
    on: IsoDate
    procedure: Procedure
    person: Person
    protection: Protection
    family_link: FamilyLink | None = None
    current_document: CurrentDocument | None = None
    regular_residence_since: IsoDate | None = None
    applied_on: IsoDate | None = None
    lang: Lang = "fr"

    @property
    def deposit_on(self) -> date:
        """The date the request is (or would be) deposited: ages and law are read on it."""
        return self.applied_on or self.on


def parse_situation(data: Any, *, today: date, lang: Lang | None = None) -> Situation:
    """Validate `data` (decoded JSON) into a `Situation`, or raise `InvalidSituation`.

    `today` stands for a missing `on`; `lang` (say, from Accept-Language) for a missing
    `lang`: what the situation says itself wins.
    """
    if not isinstance(data, dict):
        raise InvalidSituation([FieldError("(root)", "not_an_object")])
    if data.get("on") is None:
        data = {**data, "on": today.isoformat()}
    if lang is not None and data.get("lang") is None:
        data = {**data, "lang": lang}
    try:
        situation = Situation.model_validate(data)
    except ValidationError as exc:
        raise InvalidSituation([_field_error(e) for e in exc.errors()]) from None
    _check_coherence(situation)
    return situation


def _path(loc: tuple[int | str, ...]) -> str:
    # Drop the validator tags pydantic inserts for annotated and optional types.
    parts = [str(p) for p in loc if not (isinstance(p, str) and ("[" in p or p[:1].isupper()))]
    return ".".join(parts) or "(root)"


def _field_error(err: Any) -> FieldError:
    path = _path(tuple(err["loc"]))
    kind = err["type"]
    ctx = err.get("ctx") or {}
    got = err.get("input")
    if kind == "missing":
        return FieldError(path, "missing")
    if kind == "extra_forbidden":
        return FieldError(path, "unknown_field")
    if kind == "literal_error":
        return FieldError(path, "unknown_value", {"got": _show(got), "expected": ctx["expected"]})
    if kind == "value_error" and isinstance(ctx.get("error"), _DateError):
        return FieldError(
            path, "bad_date", {"got": _show(got), "earliest": EARLIEST, "latest": LATEST}
        )
    if kind == "value_error":
        return FieldError(path, "not_boolean", {"got": _show(got)})
    if kind == "string_pattern_mismatch":
        return FieldError(path, "foreign_number_format", {"got": _show(got)})
    if kind in {"string_too_long", "string_too_short"}:
        return FieldError(path, "text_length", {"max": ctx.get("max_length", 40)})
    if kind in {"model_type", "model_attributes_type", "dict_type"}:
        return FieldError(path, "not_an_object")
    if kind == "string_type":
        return FieldError(path, "not_text")
    return FieldError(path, "invalid")


def _show(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def _check_coherence(s: Situation) -> None:
    """Facts that cannot all be true at once: refuse rather than guess. Each error names
    the field that is out of order (rules.md "Corrections", "Clarifications")."""
    errors: list[FieldError] = []
    birth, deposit = s.person.birth_date, s.deposit_on
    if birth > s.on:
        errors.append(FieldError("person.birth_date", "after_on", {"on": s.on}))
    if s.applied_on is not None and s.applied_on < birth:
        errors.append(FieldError("applied_on", "before_birth"))
    p = s.protection
    protected = s.person.role == "protected"  # else the protection is the sponsor's
    if protected and p.decision_date is not None and p.decision_date < birth:
        errors.append(FieldError("protection.decision_date", "before_birth"))
    if protected and p.asylum_application_date is not None and p.asylum_application_date < birth:
        errors.append(FieldError("protection.asylum_application_date", "before_birth"))
    if p.decision_date is not None and p.decision_date > deposit:
        errors.append(FieldError("protection.decision_date", "after_deposit"))
    if (
        p.asylum_application_date is not None
        and p.decision_date is not None
        and p.decision_date < p.asylum_application_date
    ):
        errors.append(
            FieldError(
                "protection.decision_date",
                "before_asylum_application",
                {"asylum": p.asylum_application_date},
            )
        )
    if s.regular_residence_since is not None and s.regular_residence_since > deposit:
        errors.append(FieldError("regular_residence_since", "after_applied_on", {"on": deposit}))
    if s.family_link is not None:
        errors += _link_dates(s, s.family_link)
    doc = s.current_document
    if doc and doc.valid_from and doc.valid_until and doc.valid_from > doc.valid_until:
        errors.append(FieldError("current_document.valid_until", "before_valid_from"))
    if s.procedure == "family_reunification" and s.person.role != "family_member":
        errors.append(FieldError("person.role", "reunification_needs_family_member"))
    if errors:
        raise InvalidSituation(errors)


def _link_dates(s: Situation, link: FamilyLink) -> list[FieldError]:
    """A union or common life cannot begin before the person's or the sponsor's birth,
    nor after the deposit."""
    errors: list[FieldError] = []
    for name, day in (
        ("union_date", link.union_date),
        ("common_life_since", link.common_life_since),
    ):
        if day is None:
            continue
        path = f"family_link.{name}"
        if day < s.person.birth_date:
            errors.append(FieldError(path, "before_birth"))
        elif link.sponsor_birth_date is not None and day < link.sponsor_birth_date:
            errors.append(FieldError(path, "before_sponsor_birth"))
        elif day > s.deposit_on:
            errors.append(FieldError(path, "after_applied_on", {"on": s.deposit_on}))
    return errors
