"""OFPRA's services: has the certificate of this protected person's civil status been
drawn up, and when? (000 Q40: no card before it.) Which protection was granted to this
person, by whom and on which day?

`settings.SEJOUR_OFPRA` names the implementation. `LocalOfpra` answers from the
`OfpraCivilStatus` and `OfpraDecision` tables and models the service's answers: unknown
person, civil status still being rebuilt, certificate established, a decision not yet
known to the service (it may arrive after the deposit), service unavailable (raised as
`OfpraUnavailable`, like a timeout of the real service)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import Enum
from functools import cache
from typing import Protocol

from django.conf import settings
from django.utils.module_loading import import_string


class OfpraUnavailable(Exception):
    """The service did not answer: try again later; nothing was recorded."""


class CivilStatus(Enum):
    ESTABLISHED = "established"
    PENDING = "pending"
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class CivilStatusAnswer:
    status: CivilStatus
    established_on: date | None = None
    certificate_number: str = ""


@dataclass(frozen=True)
class ProtectionAnswer:
    """A protection decision as OFPRA records it; `known` is False while it has not
    reached the service."""

    known: bool
    status: str = ""  # "refugee", "subsidiary", "stateless"
    decided_by: str = ""  # "OFPRA", or "CNDA" on appeal
    decision_date: date | None = None


class Ofpra(Protocol):
    def civil_status(self, foreign_number: str) -> CivilStatusAnswer: ...

    def protection(self, foreign_number: str) -> ProtectionAnswer: ...


class LocalOfpra:
    def civil_status(self, foreign_number: str) -> CivilStatusAnswer:
        from sejour.integrations.models import OfpraCivilStatus

        entry = OfpraCivilStatus.objects.filter(foreign_number=foreign_number).first()
        if entry is not None and entry.unavailable:
            raise OfpraUnavailable(foreign_number)
        if entry is None:
            return CivilStatusAnswer(CivilStatus.UNKNOWN)
        if entry.established_on is None:
            return CivilStatusAnswer(CivilStatus.PENDING)
        return CivilStatusAnswer(
            CivilStatus.ESTABLISHED, entry.established_on, entry.certificate_number
        )

    def protection(self, foreign_number: str) -> ProtectionAnswer:
        from sejour.integrations.models import OfpraDecision

        entry = OfpraDecision.objects.filter(foreign_number=foreign_number).first()
        if entry is not None and entry.unavailable:
            raise OfpraUnavailable(foreign_number)
        if entry is None:
            return ProtectionAnswer(known=False)
        return ProtectionAnswer(
            known=True,
            status=entry.status,
            decided_by=entry.decided_by,
            decision_date=entry.decision_date,
        )


@cache
def get_ofpra() -> Ofpra:
    return import_string(settings.SEJOUR_OFPRA)()
