"""Electronic tax stamps (timbre fiscal électronique, 000 Q33): one interface, `Stamps`;
`settings.SEJOUR_STAMPS` names the implementation.

`LocalStamps` knows stamps by their 16-digit number (the `TaxStamp` table: demo data in
development, rows made by the tests) and models what the real service answers: an
unknown number, a stamp already consumed for another file. A stamp is consumed exactly
once: all the stamps of a hand-over or none, and only when they add up to the amount
asked, under a row lock so that two agents handing over at the same moment with the
same stamp cannot both have it. The real client (the DGFiP's stamp service) is another
class with the same two methods.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from functools import cache
from typing import Protocol

from django.conf import settings
from django.db import transaction
from django.utils.module_loading import import_string


class StampOutcome(Enum):
    OK = "ok"
    UNKNOWN = "unknown"
    USED = "used"
    # The same number a second time in one list: it pays once, so it is never counted.
    REPEATED = "repeated"


@dataclass(frozen=True)
class StampCheck:
    number: str
    outcome: StampOutcome
    amount_eur: int = 0


def total_eur(checks: list[StampCheck]) -> int:
    """What the usable stamps pay, each stamp once."""
    return sum(c.amount_eur for c in checks if c.outcome is StampOutcome.OK)


class Stamps(Protocol):
    def check(self, numbers: list[str], *, reference: str) -> list[StampCheck]:
        """Each stamp's outcome and amount; nothing is consumed."""

    def consume(self, numbers: list[str], *, reference: str, amount_eur: int) -> list[StampCheck]:
        """Consume every stamp for `reference` when all are usable and they pay exactly
        `amount_eur`; otherwise consume none. Returns each stamp's outcome."""


class LocalStamps:
    def _checks(self, stamps: dict, numbers: list[str], reference: str) -> list[StampCheck]:
        seen: set[str] = set()
        checks = []
        for number in numbers:
            stamp = stamps.get(number)
            if number in seen:
                checks.append(StampCheck(number, StampOutcome.REPEATED))
            elif stamp is None:
                checks.append(StampCheck(number, StampOutcome.UNKNOWN))
            elif stamp.used_by and stamp.used_by != reference:
                checks.append(StampCheck(number, StampOutcome.USED, stamp.amount_eur))
            else:
                # Already consumed for this same file: a retried hand-over, not a second use.
                checks.append(StampCheck(number, StampOutcome.OK, stamp.amount_eur))
            seen.add(number)
        return checks

    def check(self, numbers: list[str], *, reference: str) -> list[StampCheck]:
        from sejour.integrations.models import TaxStamp

        stamps = {s.number: s for s in TaxStamp.objects.filter(number__in=numbers)}
        return self._checks(stamps, numbers, reference)

    @transaction.atomic
    def consume(self, numbers: list[str], *, reference: str, amount_eur: int) -> list[StampCheck]:
        from sejour.integrations.models import TaxStamp

        # The lock makes a second hand-over with the same stamp wait for the first to
        # commit, then read the stamp as used.
        locked = TaxStamp.objects.select_for_update().filter(number__in=numbers).order_by("number")
        checks = self._checks({s.number: s for s in locked}, numbers, reference)
        usable = all(c.outcome is StampOutcome.OK for c in checks)
        if usable and total_eur(checks) == amount_eur:
            TaxStamp.objects.filter(number__in=numbers).update(used_by=reference)
        return checks


@cache
def get_stamps() -> Stamps:
    return import_string(settings.SEJOUR_STAMPS)()
