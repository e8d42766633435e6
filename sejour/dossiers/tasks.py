"""Scheduled jobs of the requests, run by the task worker (run_worker.SCHEDULED)."""

from __future__ import annotations

from django_tasks import task

from sejour.dossiers.quarantine import quarantine_rescan


@task()
def rescan_quarantine() -> int:
    """Scan again the uploads kept in quarantine; the number still waiting."""
    return quarantine_rescan().waiting
