"""Retention: a closed request's documents are purged when the rules say, once, with an
audit event; the decision and the history stay; the applicant is told when (issue 17)."""

from __future__ import annotations

import html
import io
from datetime import date

import pytest
import time_machine
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.test import Client

from sejour.audit.models import AuditEvent
from sejour.dossiers.models import DossierDocument, DossierEvent
from sejour.dossiers.retention import documents_purge, documents_purge_on
from sejour.rules import parameters
from sejour.rules.dates import add_days, add_months
from tests.factories.accounts import PrefectureFactory
from tests.instruction.test_queue_and_file import make_dossier

pytestmark = pytest.mark.django_db

CLOSED_ON = date(2024, 3, 10)


def _closed_dossier_with_a_document(state: str = "handed_over"):
    dossier = make_dossier(PrefectureFactory(), state=state, decision={"outcome": "granted"})
    with time_machine.travel(f"{CLOSED_ON} 10:00 +01:00", tick=False):
        DossierEvent.objects.create(dossier=dossier, from_state="decided", to_state=state)
    name = default_storage.save(
        f"dossiers/{dossier.reference}/passport", ContentFile(b"passport of NOUR Amal")
    )
    document = DossierDocument.objects.create(
        dossier=dossier,
        code="passeport",
        file=name,
        original_name="passeport.pdf",
        content_type="application/pdf",
        size=21,
        sha256="0" * 64,
        uploaded_by=dossier.applicant,
    )
    return dossier, document


def _purge_day() -> date:
    return add_months(CLOSED_ON, parameters.value("retention.documents_months", CLOSED_ON))


def test_documents_are_purged_on_the_day_the_rules_give_and_only_once() -> None:
    dossier, document = _closed_dossier_with_a_document()
    assert documents_purge_on(dossier) == _purge_day()

    assert documents_purge(today=add_days(_purge_day(), -1)).documents == 0
    assert default_storage.exists(document.file.name)

    done = documents_purge(today=_purge_day())
    assert (done.dossiers, done.documents) == (1, 1)
    stored = document.file.name
    document.refresh_from_db()
    assert not default_storage.exists(stored)
    assert document.purged_at is not None and document.file.name == ""
    assert document.sha256 == "0" * 64  # what was provided is still known
    dossier.refresh_from_db()
    assert dossier.decision == {"outcome": "granted"}  # the decision is kept
    assert dossier.events.exists()
    event = AuditEvent.objects.get(action="documents.purged")
    assert event.target_id == str(dossier.pk)
    assert event.data["documents"] == 1 and event.data["purge_on"] == _purge_day().isoformat()

    # Idempotent: another run (another worker, the next day) purges nothing and says nothing.
    out = io.StringIO()
    with time_machine.travel(f"{add_days(_purge_day(), 1)} 10:00 +01:00", tick=False):
        call_command("purge_documents", stdout=out)
    assert out.getvalue().startswith("0 document(s)")
    assert AuditEvent.objects.filter(action="documents.purged").count() == 1


def test_a_shorter_period_in_the_law_purges_sooner() -> None:
    dossier, _document = _closed_dossier_with_a_document("refused")
    changed = parameters.DEFAULT.with_values({"retention.documents_months": 1})
    with parameters.using(changed):
        assert documents_purge_on(dossier) == add_months(CLOSED_ON, 1)
        assert documents_purge(today=add_months(CLOSED_ON, 1)).documents == 1


def test_an_open_request_keeps_its_documents() -> None:
    dossier, document = _closed_dossier_with_a_document("in_instruction")
    assert documents_purge_on(dossier) is None
    assert documents_purge(today=date(2100, 1, 1)).documents == 0
    assert default_storage.exists(document.file.name)


@pytest.mark.parametrize("lang", ["", "/en", "/ar"])
def test_the_applicant_page_says_when_and_no_longer_serves_a_purged_file(lang) -> None:
    dossier, document = _closed_dossier_with_a_document()
    client = Client()
    client.force_login(dossier.applicant)  # an applicant: no second factor
    with time_machine.travel(f"{add_months(CLOSED_ON, 1)} 10:00 +01:00", tick=False):
        page = client.get(f"{lang}/demarches/{dossier.reference}/").content.decode()
    page = html.unescape(page)
    assert 'id="suppression-documents"' in page
    assert str(_purge_day().year) in page
    expected = {"": "seront supprimés le", "/en": "will be deleted on", "/ar": "ستُحذف"}[lang]
    assert expected in page
    documents_purge(today=_purge_day())
    response = client.get(f"{lang}/demarches/{dossier.reference}/documents/{document.pk}/")
    assert response.status_code == 404
    after = {"": "ont été supprimés le", "/en": "were deleted on", "/ar": "حُذفت"}[lang]
    assert after in html.unescape(
        client.get(f"{lang}/demarches/{dossier.reference}/").content.decode()
    )
