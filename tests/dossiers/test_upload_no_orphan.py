"""An upload is kept only with its row: a step whose transaction fails after the file was
written leaves no file; files without a row are swept after a grace period, with the
count in the audit trail (never the names); a file with its row is never swept."""

# ruff: noqa: F811 - pytest fixtures imported from other test modules
from __future__ import annotations

import os
import time
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.management import call_command

from sejour.audit.models import AuditEvent
from sejour.dossiers import deposit
from sejour.dossiers.models import DossierDocument
from sejour.dossiers.sweep import sweep_orphan_uploads
from tests.dossiers.helpers import fill_to_documents, pdf, upload
from tests.dossiers.test_deposit import applicant_client  # noqa: F401

pytestmark = pytest.mark.django_db


def files_under(root, folder: str) -> list[Path]:
    return [p for p in (Path(root) / folder).rglob("*") if p.is_file()]


def test_a_step_failing_after_the_file_write_leaves_no_file(
    applicant_client, settings, monkeypatch
) -> None:
    _user, client = applicant_client
    reference = fill_to_documents(client)
    before = files_under(settings.MEDIA_ROOT, f"dossiers/{reference}")

    def broken(**kwargs):
        raise RuntimeError("the database went away after the file was written")

    monkeypatch.setattr(deposit, "audit_record", broken)
    client.raise_request_exception = False
    response = upload(client, reference, "decision_protection", pdf())
    assert response.status_code == 500
    assert not DossierDocument.objects.filter(dossier__reference=reference).exists()
    assert files_under(settings.MEDIA_ROOT, f"dossiers/{reference}") == before


def _age(path: Path, seconds: int) -> None:
    old = time.time() - seconds
    os.utime(path, (old, old))


def test_an_orphan_is_swept_after_the_grace_period_and_a_kept_file_never(
    applicant_client, settings
) -> None:
    _user, client = applicant_client
    reference = fill_to_documents(client)
    assert upload(client, reference, "decision_protection", pdf()).status_code == 302
    kept = Path(settings.MEDIA_ROOT) / DossierDocument.objects.get().file.name
    orphan = Path(settings.MEDIA_ROOT) / "dossiers" / reference / "left-by-a-killed-worker"
    young = Path(settings.MEDIA_ROOT) / "inbox" / "still-committing"
    for path in (orphan, young):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"%PDF-1.4 an identity document")
    _age(orphan, 2 * 3600)
    _age(kept, 2 * 3600)

    assert sweep_orphan_uploads(grace=timedelta(hours=1)) == 1
    assert not orphan.exists()
    assert kept.exists() and young.exists()
    event = AuditEvent.objects.get(action="uploads.orphans_swept")
    assert event.data == {"count": 1}  # the count, never the names

    _age(young, 2 * 3600)
    call_command("sweep_uploads", "--grace-seconds", "3600")
    assert not young.exists() and kept.exists()
    assert AuditEvent.objects.filter(action="uploads.orphans_swept").count() == 2


def test_the_worker_schedules_the_sweep() -> None:
    from sejour.dossiers.tasks import sweep_uploads
    from sejour.notifications.management.commands.run_worker import SCHEDULED

    assert sweep_uploads in SCHEDULED
