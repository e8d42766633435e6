"""The register of foreigners (AGDREF): is this number known, with these dates?

One interface, `Register`; `settings.SEJOUR_REGISTER` names the implementation.

- `LocalRegister` answers from the `RegisterEntry` table (demo people in development,
  factories in tests). It models the register's answers the product must handle: an
  unknown number, dates that do not match the document on file, a number known but with
  no protection recorded, a child not recorded as the child of the parent who asks, and
  the register not answering (an entry marked `unavailable`).
- The real client goes in this module as another class with the same methods,
  calling the ministry's service; select it with
  `SEJOUR_REGISTER = "sejour.integrations.register.AgdrefRegister"`. Its network errors
  must surface as `RegisterUnavailable`, which the sign-up shows as "try again later".
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import Enum
from functools import cache
from typing import Protocol

from django.conf import settings
from django.utils.module_loading import import_string


class Outcome(Enum):
    FOUND = "found"
    UNKNOWN = "unknown"
    DATES_MISMATCH = "dates_mismatch"
    NO_PROTECTION = "no_protection"
    NOT_LINKED = "not_linked"  # known, but not recorded as the child of who asks


class RegisterUnavailable(RuntimeError):
    """The register did not answer; nothing can be concluded."""


@dataclass(frozen=True)
class RegisterPerson:
    foreign_number: str | None
    visa_number: str | None
    last_name: str
    first_names: str
    birth_date: date
    nationality: str
    protection_status: str  # "refugee", "subsidiary", "stateless", or "" when none
    # The document the register holds for them now (a card kind, a receipt, an asylum
    # attestation...) and its dates.
    document_kind: str = ""
    valid_from: date | None = None
    valid_until: date | None = None


@dataclass(frozen=True)
class Lookup:
    outcome: Outcome
    person: RegisterPerson | None = None


class Register(Protocol):
    def lookup_number(self, number: str, *, valid_from: date, valid_until: date) -> Lookup:
        """A foreign number (10 digits) or a residence-permit number, with the dates of
        the current permit, receipt or asylum attestation."""

    def lookup_visa(self, visa_number: str, *, valid_from: date, valid_until: date) -> Lookup:
        """A long-stay visa number (a family member not yet in the register, 000 Q16)."""

    def person(self, foreign_number: str) -> RegisterPerson | None:
        """What the register holds on the person with this foreign number (None when
        unknown): asked only for an account holder's own number, whose identity the
        sign-up already proved."""

    def person_by_visa(self, visa_number: str) -> RegisterPerson | None:
        """What the register holds on the holder of this long-stay visa (a family member
        not yet given a foreign number, 000 Q16); None when unknown."""

    def child_of(self, child_number: str, *, parent_number: str) -> Lookup:
        """The child with this foreign number, only if the register records the person
        with `parent_number` as their parent: FOUND with the child; UNKNOWN or
        NOT_LINKED without any detail, so that a stranger's number tells nothing."""

    def foreign_number_of_permit(self, permit_number: str) -> str | None:
        """The foreign number of the holder of this residence permit (None when unknown),
        for an agent's search of their prefecture's files."""


def _person(entry) -> RegisterPerson:
    return RegisterPerson(
        foreign_number=entry.foreign_number,
        visa_number=entry.visa_number,
        last_name=entry.last_name,
        first_names=entry.first_names,
        birth_date=entry.birth_date,
        nationality=entry.nationality,
        protection_status=entry.protection_status,
        document_kind=entry.document_kind,
        valid_from=entry.valid_from,
        valid_until=entry.valid_until,
    )


def _answering(entry):
    """The entry, unless the local register is told to fail on it (as a timeout of the
    real service would)."""
    if entry is not None and entry.unavailable:
        raise RegisterUnavailable(entry.pk)
    return entry


class LocalRegister:
    def _match(self, entry, valid_from: date, valid_until: date) -> Lookup:
        entry = _answering(entry)
        if entry is None:
            return Lookup(Outcome.UNKNOWN)
        if (entry.valid_from, entry.valid_until) != (valid_from, valid_until):
            return Lookup(Outcome.DATES_MISMATCH)
        person = _person(entry)
        if not entry.protection_status and not entry.visa_number:
            return Lookup(Outcome.NO_PROTECTION, person)
        return Lookup(Outcome.FOUND, person)

    def lookup_number(self, number: str, *, valid_from: date, valid_until: date) -> Lookup:
        from django.db.models import Q

        from sejour.integrations.models import RegisterEntry

        entry = RegisterEntry.objects.filter(
            Q(foreign_number=number) | Q(permit_number=number)
        ).first()
        return self._match(entry, valid_from, valid_until)

    def lookup_visa(self, visa_number: str, *, valid_from: date, valid_until: date) -> Lookup:
        from sejour.integrations.models import RegisterEntry

        entry = RegisterEntry.objects.filter(visa_number=visa_number).first()
        return self._match(entry, valid_from, valid_until)

    def person(self, foreign_number: str) -> RegisterPerson | None:
        from sejour.integrations.models import RegisterEntry

        entry = _answering(RegisterEntry.objects.filter(foreign_number=foreign_number).first())
        return _person(entry) if entry is not None else None

    def person_by_visa(self, visa_number: str) -> RegisterPerson | None:
        from sejour.integrations.models import RegisterEntry

        entry = _answering(RegisterEntry.objects.filter(visa_number=visa_number).first())
        return _person(entry) if entry is not None else None

    def child_of(self, child_number: str, *, parent_number: str) -> Lookup:
        from sejour.integrations.models import RegisterEntry

        child = _answering(RegisterEntry.objects.filter(foreign_number=child_number).first())
        if child is None:
            return Lookup(Outcome.UNKNOWN)
        if not child.parents.filter(foreign_number=parent_number).exists():
            return Lookup(Outcome.NOT_LINKED)
        return Lookup(Outcome.FOUND, _person(child))

    def foreign_number_of_permit(self, permit_number: str) -> str | None:
        from sejour.integrations.models import RegisterEntry

        entry = _answering(RegisterEntry.objects.filter(permit_number=permit_number).first())
        return entry.foreign_number if entry is not None else None


@cache
def get_register() -> Register:
    return import_string(settings.SEJOUR_REGISTER)()
