"""An applicant's upload is stored encrypted, served decrypted, re-encrypted by the
rotation command (issue 17)."""

# ruff: noqa: F811 - pytest fixtures imported from other test modules
from __future__ import annotations

import io

import pytest
from django.core.files.storage import default_storage
from django.core.management import call_command

from sejour.audit.models import AuditEvent
from sejour.core.storage import key_id_of, new_key
from sejour.dossiers.models import Dossier
from tests.dossiers.helpers import fill_to_documents, pdf, upload
from tests.dossiers.test_deposit import applicant_client  # noqa: F401

pytestmark = pytest.mark.django_db


def _rotate(settings, keys: str) -> None:
    settings.SEJOUR_STORAGE_KEYS = keys
    settings.STORAGES = {**settings.STORAGES}  # Django then rebuilds default_storage


def test_an_upload_is_encrypted_at_rest_and_reads_after_a_rotation(
    applicant_client, settings
) -> None:
    _user, client = applicant_client
    reference = fill_to_documents(client)
    content = pdf()
    assert upload(client, reference, "decision_protection", content, "d.pdf").status_code == 302
    document = Dossier.objects.get(reference=reference).documents.get()
    raw = default_storage.stored_bytes(document.file.name)
    assert content[:200] not in raw and b"%PDF" not in raw
    old_key = key_id_of(raw)

    _rotate(settings, f"k-new:{new_key()},{settings.SEJOUR_STORAGE_KEYS}")
    served = client.get(f"/demarches/{reference}/documents/{document.pk}/")
    assert b"".join(served.streaming_content) == content  # the old key still reads

    out = io.StringIO()
    call_command("storage_reencrypt", stdout=out)
    assert "1 file(s)" in out.getvalue()
    document.refresh_from_db()
    assert key_id_of(default_storage.stored_bytes(document.file.name)) == "k-new"
    assert AuditEvent.objects.filter(action="storage.reencrypted").count() == 1

    # The old key can go: the file reads under the new one alone; a second run does nothing.
    _rotate(settings, settings.SEJOUR_STORAGE_KEYS.split(",")[0])
    served = client.get(f"/demarches/{reference}/documents/{document.pk}/")
    assert b"".join(served.streaming_content) == content
    out = io.StringIO()
    call_command("storage_reencrypt", stdout=out)
    assert "0 file(s)" in out.getvalue()
    assert old_key != "k-new"
