"""No upload ends in a 5xx: encrypted, malformed or oversized files get a message saying
what to fix, wherever uploads are accepted (deposit documents, complement answers,
contact form screenshots); a request's files are bounded in bytes before any check."""

# ruff: noqa: F811 - pytest fixtures imported from other test modules
from __future__ import annotations

import html
import io
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http.multipartparser import MultiPartParser
from django.test import Client
from django.test.client import BOUNDARY, MULTIPART_CONTENT, encode_multipart

from sejour.dossiers.after_deposit import complement_request
from sejour.dossiers.models import Dossier, DossierDocument
from sejour.dossiers.services import dossier_transition
from sejour.inbox.models import Message, Screenshot
from tests.dossiers.helpers import complete_documents, deposit, fill_to_documents, upload
from tests.dossiers.pdf_files import build, encrypted
from tests.dossiers.test_deposit import applicant_client  # noqa: F401
from tests.dossiers.test_upload_images import png_bomb
from tests.factories.accounts import AgentFactory, PrefectureFactory
from tests.inbox.test_inbox import FORM, png

pytestmark = pytest.mark.django_db

BAD_FILES = {
    "aes-encrypted": (encrypted(aes=True), "chiffré ou protégé par un mot de passe"),
    "rc4-encrypted": (encrypted(aes=False), "chiffré ou protégé par un mot de passe"),
    "malformed-pdf": (b"%PDF-1.7\n" + b"[" * 5000, "abîmé"),
    "truncated-png": (png_bomb(300, 300)[:60], "abîmée"),
    "pixel-bomb": (png_bomb(8900, 8900), "trop de pixels"),
    "active-pdf": (build(catalog=b"/OpenAction << /S /Launch /F (x) >>"), "des scripts"),
}


def text(response) -> str:
    return html.unescape(response.content.decode())


@pytest.mark.parametrize("case", BAD_FILES, ids=list(BAD_FILES))
def test_deposit_documents_never_answer_5xx(applicant_client, case) -> None:
    content, message = BAD_FILES[case]
    _user, client = applicant_client
    reference = fill_to_documents(client)
    response = upload(client, reference, "decision_protection", content, "f.pdf")
    assert response.status_code == 200 and message in text(response)
    assert not DossierDocument.objects.exists()


@pytest.mark.parametrize("case", ["aes-encrypted", "malformed-pdf", "pixel-bomb"])
def test_complement_answers_never_answer_5xx(applicant_client, case) -> None:
    content, message = BAD_FILES[case]
    _user, client = applicant_client
    reference = fill_to_documents(client)
    complete_documents(client, reference, ["decision_protection", "justificatif_domicile"])
    deposit(client, reference)
    dossier = Dossier.objects.get(reference=reference)
    agent = AgentFactory(prefecture=dossier.prefecture)
    dossier = dossier_transition(dossier=dossier, to="in_instruction", by=agent)
    complement_request(
        dossier=dossier,
        agent=agent,
        answer_by=date(2027, 1, 15),
        items=[{"code": "justificatif_domicile", "reason": "Illisible"}],
    )
    before = DossierDocument.objects.count()
    file = io.BytesIO(content)
    file.name = "f.pdf"
    response = client.post(
        f"/demarches/{reference}/complement/",
        {"action": "upload", "code": "justificatif_domicile", "file": file},
    )
    assert response.status_code == 200 and message in text(response)
    assert DossierDocument.objects.count() == before


@pytest.mark.parametrize(
    "case", ["aes-encrypted", "malformed-pdf", "truncated-png", "pixel-bomb", "active-pdf"]
)
def test_contact_screenshots_never_answer_5xx(case) -> None:
    content, _message = BAD_FILES[case]
    PrefectureFactory(department_code="75")
    shot = SimpleUploadedFile("capture.png", content)
    response = Client().post("/aide/contact/", {**FORM, "screenshots": [shot]})
    assert response.status_code == 400
    page = text(response)
    assert "Capture d'écran" in page or "La capture d'écran 1 n'est pas une image" in page
    assert not Message.objects.exists() and not Screenshot.objects.exists()


def test_contact_screenshots_are_bounded_together(settings) -> None:
    PrefectureFactory(department_code="75")
    three = [png(), png(), png()]
    each = len(three[0].read())
    for shot in three:
        shot.seek(0)
    settings.UPLOAD_MAX_REQUEST_BYTES = 2 * each + 10  # two fit, three do not
    response = Client().post("/aide/contact/", {**FORM, "screenshots": three})
    assert response.status_code == 400
    assert "trop lourdes ensemble" in text(response)
    assert not Message.objects.exists()


def parse(body_files: dict, settings) -> dict:
    """Django's multipart parser with the project's upload handlers, as a request."""
    from django.core.files.uploadhandler import load_handler

    payload = encode_multipart(BOUNDARY, body_files)
    meta = {"CONTENT_TYPE": MULTIPART_CONTENT, "CONTENT_LENGTH": str(len(payload))}
    handlers = [load_handler(path, None) for path in settings.FILE_UPLOAD_HANDLERS]
    _post, files = MultiPartParser(meta, io.BytesIO(payload), handlers).parse()
    return files


def test_no_file_is_kept_past_its_bound(settings) -> None:
    settings.UPLOAD_MAX_BYTES = 1000
    assert settings.FILE_UPLOAD_HANDLERS[0] == "sejour.dossiers.uploads.RequestBudget"
    big = SimpleUploadedFile("big.pdf", b"%PDF-1.7\n" + b"0" * 50_000)
    files = parse({"file": big}, settings)
    assert files["file"].size == 1001  # one byte past the bound: "too heavy" is still known


def test_a_request_files_are_bounded_together(settings) -> None:
    settings.UPLOAD_MAX_BYTES = 1000
    settings.UPLOAD_MAX_REQUEST_BYTES = 1500
    shots = [SimpleUploadedFile(f"{i}.png", b"\x89PNG" + b"0" * 900) for i in range(4)]
    files = parse({"screenshots": shots}, settings)
    kept = sum(f.size for f in files.getlist("screenshots"))
    assert kept == 1501


def test_an_oversized_upload_says_too_heavy(applicant_client, settings) -> None:
    settings.UPLOAD_MAX_BYTES = 1024 * 1024
    _user, client = applicant_client
    reference = fill_to_documents(client)
    response = upload(client, reference, "decision_protection", b"%PDF-1.7\n" + b"0" * 3_000_000)
    assert response.status_code == 200 and "trop lourd : 1 Mo au plus" in text(response)
