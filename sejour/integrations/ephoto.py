"""The e-photo service (ANTS): is this code usable for this procedure? (000 Q22–Q24)

`settings.SEJOUR_EPHOTO` names the implementation. `LocalEphoto` answers from the
`EphotoCode` table and models the service's answers: unknown code, not active yet (up to
48 hours after the photo), expired (6 months), already used by another procedure. The
real client is another class with the same two methods.
"""

from __future__ import annotations

from datetime import datetime
from enum import Enum
from functools import cache
from typing import Protocol

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from sejour.rules import ephoto_valid_until


class EphotoOutcome(Enum):
    OK = "ok"
    UNKNOWN = "unknown"
    NOT_ACTIVE = "not_active"
    EXPIRED = "expired"
    USED = "used"


class Ephoto(Protocol):
    def check(self, code: str, *, reference: str) -> EphotoOutcome: ...

    def use(self, code: str, *, reference: str) -> EphotoOutcome: ...


class LocalEphoto:
    def _status(self, entry, reference: str, now: datetime) -> EphotoOutcome:
        if entry is None:
            return EphotoOutcome.UNKNOWN
        if entry.used_by and entry.used_by != reference:
            return EphotoOutcome.USED
        if now < entry.active_from:
            return EphotoOutcome.NOT_ACTIVE
        today = timezone.localdate(now)
        if today > ephoto_valid_until(timezone.localdate(entry.taken_at), on=today):
            return EphotoOutcome.EXPIRED
        return EphotoOutcome.OK

    def check(self, code: str, *, reference: str) -> EphotoOutcome:
        from sejour.integrations.models import EphotoCode

        entry = EphotoCode.objects.filter(code=code).first()
        return self._status(entry, reference, timezone.now())

    @transaction.atomic
    def use(self, code: str, *, reference: str) -> EphotoOutcome:
        from sejour.integrations.models import EphotoCode

        entry = EphotoCode.objects.select_for_update().filter(code=code).first()
        outcome = self._status(entry, reference, timezone.now())
        if outcome is EphotoOutcome.OK and entry is not None and not entry.used_by:
            entry.used_by = reference
            entry.save(update_fields=["used_by"])
        return outcome


@cache
def get_ephoto() -> Ephoto:
    return import_string(settings.SEJOUR_EPHOTO)()
