"""Upload files without a row are removed: a process killed between writing a file and
committing its row, or an outer transaction rolled back, leaves one (people's identity
documents). A file younger than the grace period is kept, since its row may still be
committing; the audit trail gets the count, never the names."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.core.files.storage import Storage
from django.utils import timezone

from sejour.audit.services import audit_record
from sejour.dossiers.models import DossierDocument
from sejour.inbox.models import Screenshot

# The folders each model writes to (models._upload_path, inbox.models._screenshot_path).
FOLDERS = {"dossiers": DossierDocument, "inbox": Screenshot}


def _files(storage: Storage, folder: str):
    if not storage.exists(folder):
        return
    directories, files = storage.listdir(folder)
    for name in files:
        yield f"{folder}/{name}"
    for directory in directories:
        yield from _files(storage, f"{folder}/{directory}")


def sweep_orphan_uploads(*, grace: timedelta | None = None) -> int:
    """Remove the upload files no row names, older than the grace period; their number."""
    grace = grace if grace is not None else timedelta(seconds=settings.UPLOAD_ORPHAN_GRACE_SECONDS)
    limit = timezone.now() - grace
    removed = 0
    for folder, model in FOLDERS.items():
        storage = model.file.field.storage
        for name in _files(storage, folder):
            if storage.get_modified_time(name) > limit:
                continue
            if model.objects.filter(file=name).exists():
                continue
            storage.delete(name)
            removed += 1
    if removed:
        audit_record(actor=None, action="uploads.orphans_swept", data={"count": removed})
    return removed
