"""Delivery of the outbox, by the task worker (django-tasks, database backend)."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone
from django_tasks import task
from django_tasks.base import TaskContext
from django_tasks_db.backend import DatabaseBackend
from django_tasks_db.models import DBTaskResult

from sejour.notifications import delivery
from sejour.notifications.models import OutboxMessage

LIVE = ("READY", "RUNNING")


@task(takes_context=True)
def deliver(context: TaskContext, message_id: int) -> str:
    """Send one message once (see `delivery`); idempotent, so a task run twice, or two
    tasks for the same message, send it once."""
    worker = (context.task_result.worker_ids or ["?"])[-1]
    return delivery.deliver_one(message_id, worker=worker)


def enqueue_delivery(message_id: int, *, run_after: datetime | None = None) -> None:
    deliver.using(run_after=run_after).enqueue(message_id)


def enqueue_on_commit(message: OutboxMessage) -> None:
    """With the database backend, the task is written in the same transaction as the
    message: both exist or neither, so a process killed right after the commit loses
    no enqueue. Any other backend is told once the transaction commits."""
    if isinstance(deliver.get_backend(), DatabaseBackend):
        enqueue_delivery(message.pk)
    else:
        transaction.on_commit(lambda: enqueue_delivery(message.pk))


def sweep(older_than: timedelta = timedelta(seconds=30), limit: int = 500) -> int:
    """Enqueue a delivery for every message due that no task waits for or runs: an
    enqueue lost with its process, a task that failed on a database error, a lease that
    ran out. Run at the worker's start and then continuously."""
    now = timezone.now()
    due = list(
        OutboxMessage.objects.filter(delivery.claimable(now), created_at__lt=now - older_than)
        .order_by("created_at")
        .values_list("pk", flat=True)[:limit]
    )
    if not due:
        return 0
    waited_for = {
        (row.get("args") or [None])[0]
        for row in DBTaskResult.objects.filter(
            task_path=deliver.module_path, status__in=LIVE
        ).values_list("args_kwargs", flat=True)
    }
    lost = [pk for pk in due if pk not in waited_for]
    for message_id in lost:
        enqueue_delivery(message_id)
    return len(lost)
