"""Scheduled jobs of the requests, run by the task worker (run_worker.SCHEDULED)."""

from __future__ import annotations

from django_tasks import task

from sejour.dossiers.quarantine import quarantine_rescan


@task()
def rescan_quarantine() -> int:
    """Scan again the uploads kept in quarantine; the number still waiting."""
    return quarantine_rescan().waiting


@task()
def sweep_uploads() -> int:
    """Remove the upload files left without a row; their number."""
    from sejour.dossiers.sweep import sweep_orphan_uploads

    return sweep_orphan_uploads()


@task()
def purge_documents() -> int:
    """Delete the documents of requests closed longer ago than the retention period."""
    from sejour.dossiers.retention import documents_purge

    return documents_purge().documents
