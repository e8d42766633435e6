"""Scheduled jobs of the back office, run by the task worker."""

from __future__ import annotations

from django_tasks import task

from sejour.instruction.services import civil_status_poll


@task()
def poll_ofpra() -> int:
    """Record the civil-status certificates OFPRA has established since the last run."""
    return civil_status_poll()
