"""Backup and restore on PostgreSQL: back up, destroy, restore, and find the dossier, its
document and the document's bytes; the tasks the backup caught running are released."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.db import connection
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from sejour.core.task_release import release_running_tasks
from sejour.dossiers.models import Dossier, DossierDocument
from tests.factories.accounts import PrefectureFactory
from tests.instruction.test_queue_and_file import make_dossier

pytestmark = pytest.mark.django_db(transaction=True)
PDF = b"%PDF-1.4 decision de protection"


def running_task(started_minutes_ago: int) -> DBTaskResult:
    return DBTaskResult.objects.create(
        status=TaskResultStatus.RUNNING,
        started_at=timezone.now() - timedelta(minutes=started_minutes_ago),
        args_kwargs={"args": [1], "kwargs": {}},
        task_path="sejour.notifications.tasks.deliver",
        queue_name="default",
        backend_name="default",
        run_after=timezone.now(),
        worker_ids=["killed"],
    )


@pytest.mark.skipif(connection.vendor != "postgresql", reason="pg_dump and pg_restore")
def test_backup_destroy_restore_finds_the_dossier_and_its_document(tmp_path) -> None:
    dossier = make_dossier(PrefectureFactory(department_code="75"))
    document = DossierDocument(
        dossier=dossier,
        code="decision_protection",
        original_name="decision.pdf",
        content_type="application/pdf",
        size=len(PDF),
        sha256="0" * 64,
        uploaded_by=dossier.applicant,
    )
    document.file.save("decision.pdf", ContentFile(PDF), save=True)
    task = running_task(started_minutes_ago=1)

    call_command("backup", str(tmp_path))
    (archive,) = tmp_path.glob("sejour-*.tar.gz")
    assert oct(archive.stat().st_mode & 0o777) == "0o600"

    stored = document.file.name
    document.file.delete(save=False)
    DossierDocument.objects.all().delete()
    Dossier.objects.all().delete()
    DBTaskResult.objects.all().delete()

    call_command("restore", str(archive), "--yes")
    restored = Dossier.objects.get(reference=dossier.reference).documents.get()
    assert restored.file.name == stored
    with restored.file.open("rb") as stream:
        assert stream.read() == PDF
    task = DBTaskResult.objects.get(pk=task.pk)
    assert task.status == TaskResultStatus.READY and task.started_at is None


def test_a_worker_start_releases_only_tasks_running_for_too_long(settings) -> None:
    settings.SEJOUR_TASK_STALE_SECONDS = 15 * 60
    stale, young = running_task(started_minutes_ago=60), running_task(started_minutes_ago=1)
    assert release_running_tasks() == 1
    stale.refresh_from_db()
    young.refresh_from_db()
    assert stale.status == TaskResultStatus.READY and young.status == TaskResultStatus.RUNNING


def test_the_worker_releases_them_when_it_starts() -> None:
    """What a worker does first (`run_worker`): a task the restored database shows running,
    with no live worker behind it, is ready again."""
    from sejour.notifications.worker import recover

    stale = running_task(started_minutes_ago=60)
    released, _swept = recover()
    stale.refresh_from_db()
    assert released == 1 and stale.status == TaskResultStatus.READY
