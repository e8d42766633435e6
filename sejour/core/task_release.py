"""Tasks a worker left "running" (killed, or running when a backup was taken) are given
back to the queue: django-tasks' database backend would otherwise never run them again.
On a normal worker start only the tasks running for longer than any task may take are
released, since another worker may still be running the younger ones; after a restore
nothing can be running, so all are."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from sejour.audit.services import audit_record


def release_running_tasks(*, older_than: timedelta | None = None) -> int:
    """Put back to READY the tasks RUNNING since before `older_than` ago (all when it is
    zero); their number, in the audit trail when not zero."""
    if older_than is None:
        older_than = timedelta(seconds=settings.SEJOUR_TASK_STALE_SECONDS)
    stale = DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING)
    if older_than:
        stale = stale.filter(started_at__lt=timezone.now() - older_than)
    released = stale.update(status=TaskResultStatus.READY, started_at=None, worker_ids=[])
    if released:
        audit_record(actor=None, action="tasks.released", data={"count": released})
    return released
