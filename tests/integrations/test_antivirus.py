"""Every upload is scanned by ClamAV (a real clamd here, on a database made at test
time): EICAR is refused with a clear message; when clamd cannot answer, the upload
waits in quarantine (shown to nobody, its state shown to the applicant) until a later
scan releases or refuses it. The scan is never skipped."""

# ruff: noqa: F811 - pytest fixtures imported from other test modules
from __future__ import annotations

import html
import io
import socket

import pytest
from django.core.management import call_command
from django.test import Client

from sejour.audit.models import AuditEvent
from sejour.dossiers import preview, uploads
from sejour.dossiers.models import Dossier, DossierDocument
from sejour.inbox.models import Screenshot
from sejour.integrations.antivirus import EICAR, Clamd, LocalAntivirus, Verdict
from tests.dossiers.helpers import fill_to_documents, jpeg, pdf, step_url, upload
from tests.dossiers.pdf_files import build
from tests.dossiers.test_deposit import applicant_client  # noqa: F401
from tests.inbox.test_inbox import FORM, png
from tests.instruction.test_queue_and_file import agent_client, paris  # noqa: F401

pytestmark = pytest.mark.django_db

VIRUS = "L'antivirus a trouvé un virus dans ce fichier"
# A PDF otherwise acceptable, carrying the EICAR test file in one of its strings.
PDF_WITH_EICAR = build(extra=(b"(" + EICAR + b")",))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_clamd_answers_clean_infected_and_names_the_signature(clamd_address) -> None:
    clamd = Clamd(clamd_address)
    assert clamd.scan(pdf()).verdict is Verdict.CLEAN
    found = clamd.scan(EICAR)
    assert found.verdict is Verdict.INFECTED and found.signature.startswith("Sejour.Test.EICAR")
    assert clamd.scan(PDF_WITH_EICAR).verdict is Verdict.INFECTED
    big = b"%PDF-1.7\n" + b"0" * (3 * 64 * 1024 + 17)  # several chunks of the protocol
    assert clamd.scan(big).verdict is Verdict.CLEAN


@pytest.mark.parametrize(
    "address",
    ["unix:///nonexistent/clamd.sock", "tcp://127.0.0.1:{port}", "http://nowhere"],
    ids=["no-socket", "nothing-listening", "misconfigured"],
)
def test_clamd_unreachable_is_unavailable_never_clean(address) -> None:
    scan = Clamd(address.format(port=free_port()), timeout=2).scan(pdf())
    assert scan.verdict is Verdict.UNAVAILABLE


def test_clamd_over_its_stream_limit_is_unavailable(clamd_address, settings) -> None:
    # 12 MB: clamd's StreamMaxLength in the test configuration; it says ERROR, not OK
    scan = Clamd(clamd_address).scan(b"%PDF-1.7\n" + b"0" * (13 * 1024 * 1024))
    assert scan.verdict is Verdict.UNAVAILABLE


def test_an_eicar_upload_is_refused_with_a_clear_message(real_clamd, applicant_client) -> None:
    _user, client = applicant_client
    reference = fill_to_documents(client)
    for content, name in ((EICAR, "eicar.pdf"), (PDF_WITH_EICAR, "decision.pdf")):
        response = upload(client, reference, "decision_protection", content, name)
        assert response.status_code == 200
        assert VIRUS in html.unescape(response.content.decode())
    assert not DossierDocument.objects.exists()
    assert upload(client, reference, "decision_protection", pdf()).status_code == 302
    assert DossierDocument.objects.get().scan == "clean"


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_the_virus_message_is_translated(real_clamd, applicant_client, lang) -> None:
    _user, client = applicant_client
    reference = fill_to_documents(client)
    file = io.BytesIO(EICAR)
    file.name = "x.pdf"
    page = client.post(
        f"/{lang}" + step_url(reference, "documents"),
        {"action": "upload", "code": "decision_protection", "file": file},
    ).content.decode()
    assert VIRUS not in html.unescape(page) and "EICAR" not in page
    assert "<form" in page


def test_while_clamd_is_down_uploads_wait_in_quarantine_then_are_settled(
    settings, clamd_address, applicant_client
) -> None:
    user, client = applicant_client
    settings.SEJOUR_ANTIVIRUS = "sejour.integrations.antivirus.Clamd"
    settings.SEJOUR_CLAMD = "unix:///nonexistent/clamd.sock"  # the organisation's is down
    reference = fill_to_documents(client)
    assert upload(client, reference, "decision_protection", pdf()).status_code == 302
    assert upload(client, reference, "justificatif_domicile", PDF_WITH_EICAR).status_code == 302
    good, bad = (
        DossierDocument.objects.get(code="decision_protection"),
        DossierDocument.objects.get(code="justificatif_domicile"),
    )
    assert good.scan == bad.scan == "quarantine"
    page = html.unescape(client.get(step_url(reference, "documents")).content.decode())
    assert page.count("Reçu, en quarantaine") == 2
    # shown to nobody, its owner included, neither as a file nor drawn in the viewer
    assert client.get(f"/demarches/{reference}/documents/{good.pk}/").status_code == 404
    assert preview.page_count(good) == 0 and preview.page_image(good, 0) is None

    call_command("rescan_quarantine", stdout=io.StringIO())  # still down
    good.refresh_from_db()
    assert good.scan == "quarantine"

    settings.SEJOUR_CLAMD = clamd_address  # back
    call_command("rescan_quarantine", stdout=io.StringIO())
    good.refresh_from_db()
    bad.refresh_from_db()
    assert good.scan == "clean" and preview.page_count(good) == 1
    assert client.get(f"/demarches/{reference}/documents/{good.pk}/").status_code == 200
    assert bad.scan == "infected" and bad.replaced_at is not None
    assert client.get(f"/demarches/{reference}/documents/{bad.pk}/").status_code == 404
    dossier = Dossier.objects.get(reference=reference)
    from sejour.dossiers.deposit import present_documents

    assert present_documents(dossier) == {"decision_protection"}  # to be sent again
    infected = AuditEvent.objects.get(action="document.infected")
    assert infected.on_behalf_of == user and "Sejour.Test.EICAR" in infected.data["signature"]
    assert AuditEvent.objects.filter(action="document.released").count() == 1


def test_a_contact_screenshot_waits_in_quarantine_too(settings, clamd_address, agent_client):
    _agent, agents = agent_client
    settings.SEJOUR_ANTIVIRUS = "sejour.integrations.antivirus.Clamd"
    settings.SEJOUR_CLAMD = "unix:///nonexistent/clamd.sock"
    assert Client().post("/aide/contact/", {**FORM, "screenshots": [png()]}).status_code == 302
    shot = Screenshot.objects.get()
    assert shot.scan == "quarantine"
    page = html.unescape(agents.get(f"/instruction/messages/{shot.message_id}/").content.decode())
    assert "Capture 1 — en quarantaine : analyse antivirus en attente" in page
    capture = f"/instruction/messages/{shot.message_id}/captures/{shot.pk}/"
    assert agents.get(capture).status_code == 404
    settings.SEJOUR_CLAMD = clamd_address
    call_command("rescan_quarantine", stdout=io.StringIO())
    shot.refresh_from_db()
    assert shot.scan == "clean" and agents.get(capture).status_code == 200


def test_the_local_antivirus_models_eicar_and_an_outage(settings) -> None:
    local = LocalAntivirus()
    assert local.scan(jpeg()).verdict is Verdict.CLEAN
    assert local.scan(b"x" + EICAR + b"y").verdict is Verdict.INFECTED
    settings.SEJOUR_ANTIVIRUS_LOCAL_DOWN = True
    assert local.scan(jpeg()).verdict is Verdict.UNAVAILABLE
    settings.SEJOUR_ANTIVIRUS = "sejour.integrations.antivirus.LocalAntivirus"
    assert uploads.check(jpeg()).scan == "quarantine"


def test_production_settings_point_at_clamd() -> None:
    from config.settings import base

    assert base.SEJOUR_ANTIVIRUS == "sejour.integrations.antivirus.Clamd"
    assert base.SEJOUR_CLAMD.startswith(("unix://", "tcp://"))
