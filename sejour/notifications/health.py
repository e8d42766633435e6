"""What `/sante/` reports: can the service do its job? The database answers, a task
worker beats, messages do not wait too long. Counts and ages only: no personal data, no
configuration (no host, no version, no error text)."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db import DatabaseError
from django.db.models import Max, Min
from django.utils import timezone

from sejour.notifications.models import OutboxMessage, WorkerHeartbeat

Status = OutboxMessage.Status


def _age(now, moment) -> int | None:
    return None if moment is None else max(int((now - moment).total_seconds()), 0)


def health_report() -> tuple[bool, dict]:
    """(healthy, report). Unhealthy when the database does not answer, when no worker
    has beaten within its lease, or when a message has waited past
    SEJOUR_HEALTH_OUTBOX_LATE_SECONDS. Failed messages (permanent refusals) are counted,
    for the administrators, but do not make the service unhealthy."""
    now = timezone.now()
    try:
        last_beat = WorkerHeartbeat.objects.aggregate(at=Max("beat_at"))["at"]
        live = WorkerHeartbeat.objects.filter(
            beat_at__gte=now - timedelta(seconds=settings.SEJOUR_WORKER_LEASE_SECONDS)
        ).count()
        unsent = OutboxMessage.objects.filter(status__in=[Status.PENDING, Status.SENDING])
        oldest = unsent.aggregate(at=Min("created_at"))["at"]
        unsent_count = unsent.count()
        failed = OutboxMessage.objects.filter(status=Status.FAILED).count()
    except DatabaseError:
        return False, {"status": "unavailable", "problems": ["database"], "database": "down"}
    oldest_age = _age(now, oldest)
    problems = []
    if not live:
        problems.append("worker")
    if oldest_age is not None and oldest_age > settings.SEJOUR_HEALTH_OUTBOX_LATE_SECONDS:
        problems.append("outbox_late")
    report = {
        "status": "unavailable" if problems else "ok",
        "problems": problems,
        "database": "ok",
        "worker": {"alive": live, "last_heartbeat_seconds_ago": _age(now, last_beat)},
        "outbox": {
            "unsent": unsent_count,
            "oldest_unsent_seconds": oldest_age,
            "failed": failed,
        },
    }
    return not problems, report
