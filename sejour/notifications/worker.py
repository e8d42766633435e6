"""What keeps the task worker's work from being lost with it: a heartbeat, and the
continuous recovery every worker runs beside its tasks.

Each worker refreshes its row (`WorkerHeartbeat`) every SEJOUR_WORKER_HEARTBEAT_SECONDS,
naming the task it runs, and extends the lease of the messages it is sending. Every
beat, it also takes back what a dead worker left: a task "running" that no live worker
runs and that started more than a lease ago goes back to "ready" (a task abandoned
MAX_RUNS times is marked failed instead: it is the one that kills workers), and
`sweep` enqueues the messages no task waits for. All of it is idempotent: several
workers do it side by side."""

from __future__ import annotations

import logging
import os
import threading
from datetime import timedelta

from django.conf import settings
from django.db import DatabaseError, connection, connections
from django.utils import timezone
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult
from django_tasks_db.utils import exclusive_transaction

from sejour.notifications.models import OutboxMessage, WorkerHeartbeat
from sejour.notifications.tasks import sweep

logger = logging.getLogger(__name__)
MAX_RUNS = 5
# A message's lease is extended while its worker lives, but not past this long after
# the attempt began: a send that never ends (a relay trickling bytes) is given up.
MAX_SEND = timedelta(minutes=10)


def lease() -> timedelta:
    return timedelta(seconds=settings.SEJOUR_WORKER_LEASE_SECONDS)


class Heartbeat:
    def __init__(self, worker_id: str) -> None:
        self.worker_id = worker_id
        self.started_at = timezone.now()
        self.current_task = ""

    def beat(self) -> None:
        now = timezone.now()
        WorkerHeartbeat.objects.update_or_create(
            worker_id=self.worker_id,
            defaults={
                "pid": os.getpid(),
                "started_at": self.started_at,
                "beat_at": now,
                "task_id": self.current_task,
            },
        )
        OutboxMessage.objects.filter(
            status=OutboxMessage.Status.SENDING,
            claimed_by=self.worker_id,
            last_attempt_at__gt=now - MAX_SEND,
        ).update(lease_until=now + lease())

    def stop(self) -> None:
        WorkerHeartbeat.objects.filter(worker_id=self.worker_id).delete()


def release_orphaned_tasks() -> int:
    """Tasks left "running" by a dead worker, back to "ready" (or failed, see MAX_RUNS)."""
    now = timezone.now()
    busy = set(
        WorkerHeartbeat.objects.filter(beat_at__gte=now - lease())
        .exclude(task_id="")
        .values_list("task_id", flat=True)
    )
    released = 0
    with exclusive_transaction():
        running = DBTaskResult.objects.filter(status="RUNNING", started_at__lt=now - lease())
        if connection.features.has_select_for_update_skip_locked:
            running = running.select_for_update(skip_locked=True)
        for task in running[:500]:
            if str(task.id) in busy:
                continue
            if len(task.worker_ids) >= MAX_RUNS:
                task.status, task.finished_at = "FAILED", now
                task.exception_class_path = "sejour.notifications.worker.Abandoned"
                task.traceback = f"abandoned by {len(task.worker_ids)} workers that died"
                task.save(
                    update_fields=["status", "finished_at", "exception_class_path", "traceback"]
                )
            else:
                task.status = "READY"
                task.save(update_fields=["status"])
            released += 1
    WorkerHeartbeat.objects.filter(beat_at__lt=now - timedelta(days=1)).delete()
    return released


def recover() -> tuple[int, int]:
    """What every worker does at start and at every beat."""
    return release_orphaned_tasks(), sweep()


def keep_alive(stop: threading.Event, heartbeat: Heartbeat, every: float) -> None:
    """The heartbeat thread: beat and recover until told to stop. A database outage is
    waited out (the connection is opened again at the next beat)."""
    try:
        while not stop.wait(every):
            try:
                heartbeat.beat()
                released, swept = recover()
                if released or swept:
                    logger.info(
                        "worker: %d task(s) released, %d message(s) enqueued", released, swept
                    )
            except DatabaseError:
                logger.warning("worker: database unavailable for the heartbeat")
                connection.close()
            except Exception:  # a silent heartbeat would have this live worker's work taken
                logger.exception("worker: heartbeat failed")
    finally:
        connections.close_all()


class SupervisedWorker(Worker):
    """django-tasks-db's worker, telling its heartbeat which task it runs."""

    def __init__(self, *, heartbeat: Heartbeat, **options) -> None:
        super().__init__(**options)
        self.heartbeat = heartbeat

    def run_task(self, db_task_result: DBTaskResult) -> None:
        self.heartbeat.current_task = str(db_task_result.id)
        try:
            super().run_task(db_task_result)
        finally:
            self.heartbeat.current_task = ""
