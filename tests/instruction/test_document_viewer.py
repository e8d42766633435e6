"""Documents viewed in the agent's page: PDF pages drawn as images on the server, each
view recorded, scoped to the prefecture."""

# ruff: noqa: F811 - pytest fixtures imported from the queue tests
from __future__ import annotations

import html
import io

import pytest
from django.core.files.base import ContentFile
from django.test import Client
from fpdf import FPDF
from PIL import Image

from sejour.audit.models import AuditEvent
from sejour.dossiers.models import DossierDocument
from tests.accounts.helpers import login_verified
from tests.dossiers.helpers import jpeg
from tests.factories.accounts import AgentFactory, PrefectureFactory
from tests.instruction.test_queue_and_file import agent_client, make_dossier, paris  # noqa: F401

pytestmark = pytest.mark.django_db


def two_pages() -> bytes:
    doc = FPDF()
    for text in ("Page une", "Page deux"):
        doc.add_page()
        doc.set_font("Helvetica", size=24)
        doc.cell(0, 20, text)
    return bytes(doc.output())


def attach(dossier, code: str, content: bytes, content_type: str) -> DossierDocument:
    document = DossierDocument(
        dossier=dossier,
        code=code,
        original_name=f"{code}.bin",
        content_type=content_type,
        size=len(content),
        sha256="0" * 64,
        uploaded_by=dossier.applicant,
    )
    document.file.save("f", ContentFile(content), save=True)
    return document


def test_a_pdf_is_shown_page_by_page_and_the_view_recorded(agent_client, paris) -> None:
    agent, client = agent_client
    dossier = make_dossier(paris)
    decision = attach(dossier, "decision_protection", two_pages(), "application/pdf")
    photo = attach(dossier, "justificatif_domicile", jpeg(), "image/jpeg")
    file_page = html.unescape(client.get(f"/instruction/{dossier.reference}/").content.decode())
    assert f"/instruction/{dossier.reference}/documents/{decision.pk}/" in file_page
    base = f"/instruction/{dossier.reference}/documents/{decision.pk}/"
    page = html.unescape(client.get(base).content.decode())
    assert "Décision de protection, page 1 sur 2" in page and "page 2 sur 2" in page
    assert "Document suivant" in page and "Ce que le demandeur a déclaré" in page
    views = AuditEvent.objects.filter(action="document.viewed", target_id=str(decision.pk))
    assert views.count() == 1 and views.get().actor == agent
    first = client.get(f"{base}pages/0/")
    assert first["Content-Type"] == "image/jpeg"
    assert Image.open(io.BytesIO(first.content)).size[0] == 1000
    assert client.get(f"{base}pages/2/").status_code == 404
    assert views.count() == 1  # the page images are part of the same view
    shot = client.get(f"/instruction/{dossier.reference}/documents/{photo.pk}/pages/0/")
    assert shot["Content-Type"] == "image/jpeg" and shot.content == photo.file.open("rb").read()


def test_an_unreadable_pdf_still_offers_the_original(agent_client, paris) -> None:
    _agent, client = agent_client
    dossier = make_dossier(paris)
    broken = attach(dossier, "passeport", b"%PDF-1.4\nnot really", "application/pdf")
    page = html.unescape(
        client.get(f"/instruction/{dossier.reference}/documents/{broken.pk}/").content.decode()
    )
    assert "ne peut pas être affiché" in page and "Télécharger l'original" in page
    assert (
        client.get(f"/instruction/{dossier.reference}/documents/{broken.pk}/pages/0/").status_code
        == 404
    )


def test_another_prefecture_sees_nothing(paris) -> None:
    dossier = make_dossier(paris)
    document = attach(dossier, "decision_protection", two_pages(), "application/pdf")
    lyon = Client()
    login_verified(lyon, AgentFactory(prefecture=PrefectureFactory(department_code="69")))
    base = f"/instruction/{dossier.reference}/documents/{document.pk}/"
    assert lyon.get(base).status_code == 404
    assert lyon.get(f"{base}pages/0/").status_code == 404
    assert not AuditEvent.objects.filter(action="document.viewed").exists()
