"""Card production (ANTS) and electronic tax stamps (000 Q33), each behind one interface.

`LocalProduction` produces a card after a delay (`SEJOUR_CARD_DELAY_HOURS`) and can fail
(an order marked `fails`). `LocalStamps` knows stamps by their 16-digit number and models
an unknown number and a stamp already used; a stamp is consumed exactly once.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from enum import Enum
from functools import cache
from typing import Protocol

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string


class CardStatus(Enum):
    IN_PRODUCTION = "in_production"
    READY = "ready"
    FAILED = "failed"


class Production(Protocol):
    def order(self, *, reference: str) -> str: ...

    def status(self, order_id: str) -> CardStatus: ...


class LocalProduction:
    def order(self, *, reference: str) -> str:
        from sejour.integrations.models import CardOrder

        delay = timedelta(hours=settings.SEJOUR_CARD_DELAY_HOURS)
        return str(
            CardOrder.objects.create(reference=reference, ready_at=timezone.now() + delay).pk
        )

    def status(self, order_id: str) -> CardStatus:
        from sejour.integrations.models import CardOrder

        order = CardOrder.objects.get(pk=int(order_id))
        if order.fails:
            return CardStatus.FAILED
        return CardStatus.READY if timezone.now() >= order.ready_at else CardStatus.IN_PRODUCTION


class StampOutcome(Enum):
    OK = "ok"
    UNKNOWN = "unknown"
    USED = "used"


@dataclass(frozen=True)
class StampCheck:
    number: str
    outcome: StampOutcome
    amount_eur: int = 0


class Stamps(Protocol):
    def consume(self, numbers: list[str], *, reference: str, amount_eur: int) -> list[StampCheck]:
        """Consume all the stamps, or none: returns each stamp's outcome."""


class LocalStamps:
    @transaction.atomic
    def consume(self, numbers: list[str], *, reference: str, amount_eur: int) -> list[StampCheck]:
        from sejour.integrations.models import TaxStamp

        stamps = {
            s.number: s for s in TaxStamp.objects.select_for_update().filter(number__in=numbers)
        }
        checks = []
        for number in numbers:
            stamp = stamps.get(number)
            if stamp is None:
                checks.append(StampCheck(number, StampOutcome.UNKNOWN))
            elif stamp.used_by and stamp.used_by != reference:
                checks.append(StampCheck(number, StampOutcome.USED, stamp.amount_eur))
            else:
                checks.append(StampCheck(number, StampOutcome.OK, stamp.amount_eur))
        total = sum(c.amount_eur for c in checks if c.outcome is StampOutcome.OK)
        if all(c.outcome is StampOutcome.OK for c in checks) and total >= amount_eur:
            TaxStamp.objects.filter(number__in=numbers).update(used_by=reference)
        return checks


@cache
def get_production() -> Production:
    return import_string(settings.SEJOUR_PRODUCTION)()


@cache
def get_stamps() -> Stamps:
    return import_string(settings.SEJOUR_STAMPS)()
