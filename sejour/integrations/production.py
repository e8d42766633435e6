"""Card production (ANTS) behind one interface (the tax stamps are in `stamps`).

`LocalProduction` produces a card after a delay (`SEJOUR_CARD_DELAY_HOURS`) and can fail
(an order marked `fails`).
"""

from __future__ import annotations

from datetime import timedelta
from enum import Enum
from functools import cache
from typing import Protocol

from django.conf import settings
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


@cache
def get_production() -> Production:
    return import_string(settings.SEJOUR_PRODUCTION)()
