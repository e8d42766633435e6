"""What is served back: a download is named by the document's label and extension
(never the storage path, safe for non-ASCII labels); the agent's viewer draws a page in
a bounded box whatever size the PDF claims."""

# ruff: noqa: F811 - pytest fixtures imported from other test modules
from __future__ import annotations

import html
import io
from urllib.parse import unquote

import pytest
from django.core.files.base import ContentFile
from PIL import Image

from sejour.dossiers import preview
from sejour.dossiers.models import Dossier, DossierDocument
from tests.dossiers.helpers import fill_to_documents, jpeg, pdf, upload
from tests.dossiers.pdf_files import build
from tests.dossiers.test_deposit import applicant_client  # noqa: F401
from tests.instruction.test_queue_and_file import agent_client, make_dossier, paris  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("prefix", "expected"),
    [
        ("", "Décision de protection.pdf"),
        ("/en", "Protection decision.pdf"),
        ("/ar", None),  # Arabic letters, percent-encoded
    ],
)
def test_a_download_is_named_by_its_label(applicant_client, prefix, expected) -> None:
    _user, client = applicant_client
    reference = fill_to_documents(client)
    assert (
        upload(client, reference, "decision_protection", pdf(), "../../etc/x.exe").status_code
        == 302
    )
    upload(client, reference, "justificatif_domicile", jpeg(), "IMG_0001.JPG")
    dossier = Dossier.objects.get(reference=reference)
    for document in dossier.documents.all():
        response = client.get(f"{prefix}/demarches/{reference}/documents/{document.pk}/")
        header = response["Content-Disposition"]
        assert header.startswith("attachment; filename")
        assert "dossiers/" not in header and reference not in header and ".exe" not in header
        assert "IMG_0001" not in header and "\n" not in header
        if "filename*=" in header:  # RFC 6266: the UTF-8 name, percent-encoded
            name = unquote(header.split("filename*=utf-8''")[1])
        else:
            name = header.split('filename="')[1].removesuffix('"')
        if document.code == "justificatif_domicile":
            assert name.endswith(".jpg")
        elif expected is not None:
            assert name.endswith(expected)
        else:
            assert "قرار الحماية.pdf" in name


def attach(dossier, content: bytes) -> DossierDocument:
    """A PDF stored as it was before any check (documents kept before the checks)."""
    document = DossierDocument(
        dossier=dossier,
        code="decision_protection",
        original_name="d.pdf",
        content_type="application/pdf",
        size=len(content),
        sha256="0" * 64,
        uploaded_by=dossier.applicant,
    )
    document.file.save("f", ContentFile(content), save=True)
    return document


def drawn_size(document: DossierDocument) -> tuple[int, int] | None:
    drawn = preview.page_image(document, 0)
    return None if drawn is None else Image.open(io.BytesIO(drawn[0])).size


def test_a_long_page_is_drawn_smaller_not_taller(paris) -> None:
    dossier = make_dossier(paris)
    # 3 cm wide, 1 m tall: at the viewer's 1,000 pixels wide it would be 33,000 tall
    width, height = drawn_size(attach(dossier, build(mediabox=b"[0 0 85 2835]")))
    assert height <= preview.MAX_HEIGHT and width <= preview.WIDTH
    assert width * height <= preview.WIDTH * preview.MAX_HEIGHT
    a4 = drawn_size(attach(dossier, build()))
    assert a4[0] == preview.WIDTH  # an ordinary page still fills the width


@pytest.mark.parametrize("mediabox", [b"[0 0 1 200000]", b"[0 0 14400 14400]"])
def test_a_page_no_upload_accepts_is_not_drawn(paris, mediabox) -> None:
    # 336 bytes of PDF asked for 735 MB at view: such a stored page is not drawn at all
    document = attach(make_dossier(paris), build(mediabox=mediabox))
    assert len(document.file.read()) < 400
    assert drawn_size(document) is None


def test_the_agent_sees_a_document_in_quarantine_but_not_its_content(agent_client, paris) -> None:
    _agent, client = agent_client
    dossier = make_dossier(paris)
    document = attach(dossier, build())
    DossierDocument.objects.filter(pk=document.pk).update(scan="quarantine")
    base = f"/instruction/{dossier.reference}/documents/{document.pk}/"
    page = html.unescape(client.get(base).content.decode())
    assert "en quarantaine : analyse antivirus en attente" in page
    assert f"{base}pages/0/" not in page
    assert client.get(f"{base}pages/0/").status_code == 404
    assert client.get(f"/demarches/{dossier.reference}/documents/{document.pk}/").status_code == 404


def test_a_stored_pdf_with_too_many_pages_is_not_drawn(paris, settings) -> None:
    document = attach(make_dossier(paris), build(pages=4))
    assert preview.page_count(document) == 4
    settings.UPLOAD_MAX_PDF_PAGES = 3
    assert preview.page_count(document) == 0 and drawn_size(document) is None
