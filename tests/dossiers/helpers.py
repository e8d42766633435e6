"""A first request deposited through the pages, as a browser without JavaScript would."""

from __future__ import annotations

import io

from django.test import Client
from PIL import Image

from tests.factories.accounts import EphotoFactory, PrefectureFactory

SITUATION_REFUGEE = {
    "status": "refugee",
    "decided_by": "OFPRA",
    "decision_date": "01/10/2026",
    "asylum_date": "15/03/2024",
    "role": "protected",
    "marital_status": "single",
    "children": "0",
    "wants_to_work": "oui",
}
SITUATION_SPOUSE = {
    "status": "refugee",
    "decided_by": "OFPRA",
    "decision_date": "01/10/2026",
    "asylum_date": "15/03/2024",
    "role": "family_member",
    "relation": "spouse",
    "union_date": "10/01/2025",  # after the asylum application, over a year old
    "community_of_life": "on",
    "marital_status": "married",
    "children": "0",
    "wants_to_work": "oui",
}


def jpeg() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (60, 40), (200, 30, 30)).save(out, format="JPEG")
    return out.getvalue()


def pdf() -> bytes:
    from fpdf import FPDF

    doc = FPDF()
    doc.add_page()
    doc.set_font("Helvetica", size=12)
    doc.cell(0, 10, "Justificatif")
    return bytes(doc.output())


def start(client: Client, prefix: str = "") -> str:
    response = client.post(f"{prefix}/demarches/nouvelle/premier-titre/", {"for": "self"})
    assert response.status_code == 302, response.status_code
    return response["Location"].split("/demarches/")[1].split("/")[0]


def step_url(reference: str, step: str, prefix: str = "") -> str:
    return f"{prefix}/demarches/{reference}/depot/{step}/"


def fill_to_documents(client: Client, situation=SITUATION_REFUGEE, prefix: str = "") -> str:
    PrefectureFactory(department_code="75")
    reference = start(client, prefix)
    assert (
        client.post(step_url(reference, "identite", prefix), {"confirm": "on"}).status_code == 302
    )
    address = {"street": "3 rue de la Paix", "postal_code": "75002", "city": "Paris", "phone": ""}
    assert client.post(step_url(reference, "adresse", prefix), address).status_code == 302
    response = client.post(step_url(reference, "situation", prefix), situation)
    assert response.status_code == 302, response.content.decode()[-3000:]
    return reference


def upload(client: Client, reference: str, code: str, content: bytes, name: str = "doc.pdf"):
    file = io.BytesIO(content)
    file.name = name
    return client.post(
        step_url(reference, "documents"), {"action": "upload", "code": code, "file": file}
    )


def complete_documents(client: Client, reference: str, codes: list[str]) -> None:
    for code in codes:
        assert upload(client, reference, code, pdf()).status_code == 302
    ephoto = EphotoFactory()
    response = client.post(
        step_url(reference, "documents"), {"action": "ephoto", "ephoto": ephoto.code}
    )
    assert response.status_code == 302
    assert client.post(step_url(reference, "documents"), {"action": "next"}).status_code == 302


def deposit(client: Client, reference: str):
    from sejour.dossiers.models import Dossier

    key = Dossier.objects.get(reference=reference).deposit_key
    return client.post(
        step_url(reference, "recapitulatif"), {"sworn": "on", "deposit_key": str(key)}
    )


def finish_deposit(client: Client, reference: str, situation: dict, documents: list[str]) -> str:
    """From the address step to the deposit; returns where the deposit redirected."""
    address = {"street": "1 rue A", "postal_code": "75001", "city": "Paris"}
    assert client.post(step_url(reference, "adresse"), address).status_code == 302
    assert client.post(step_url(reference, "situation"), situation).status_code == 302
    for code in documents:
        assert upload(client, reference, code, pdf()).status_code == 302
    client.post(
        step_url(reference, "documents"), {"action": "ephoto", "ephoto": EphotoFactory().code}
    )
    return deposit(client, reference)["Location"]
