"""The reminders' scheduled job, run by the task worker (run_worker.SCHEDULED)."""

from __future__ import annotations

from django.utils import timezone
from django_tasks import task

from sejour.reminders.services import reminders_send


@task()
def send_reminders() -> int:
    """Send the reminders due today (each once: running it every hour sends nothing more)."""
    return reminders_send(today=timezone.localdate())
