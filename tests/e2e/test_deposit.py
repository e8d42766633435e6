"""Sign up, deposit a first request with documents and an e-photo code, download the
attestation and read it back, find the same PDF in the e-mail, check its code."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.management import call_command
from playwright.sync_api import Page
from pypdf import PdfReader

from tests.conftest import Inbox
from tests.dossiers.helpers import pdf
from tests.factories.accounts import EphotoFactory, PrefectureFactory, RegisterEntryFactory

pytestmark = pytest.mark.django_db(transaction=True)
PASSWORD = "un mot de passe très solide 58"


def submit(page: Page) -> None:
    with page.expect_navigation():
        page.click("main form button[type='submit']:visible >> nth=-1")


def sign_up(page: Page, base: str, smtp: Inbox, number: str, family: bool) -> None:
    if family:  # a family member is known by a long-stay visa (000 Q16)
        RegisterEntryFactory(
            foreign_number=None,
            visa_number=number,
            protection_status="",
            first_names="Amal",
            last_name="NOUR",
        )
    else:
        RegisterEntryFactory(foreign_number=number, first_names="Amal", last_name="NOUR")
    page.goto(f"{base}/compte/creer/")
    if family:
        page.check("input[name='kind'][value='visa']", force=True)
    page.fill("input[name='number']", number)
    page.fill("input[name='valid_from']", "01/01/2026")
    page.fill("input[name='valid_until']", "30/06/2027")
    submit(page)
    page.fill("input[name='email']", "amal@example.org")
    page.fill("input[name='email_confirm']", "amal@example.org")
    submit(page)
    link = smtp.wait().get_content().split("verifier/")[1].split()[0]
    page.goto(f"{base}/compte/creer/verifier/{link}")
    page.fill("input[name='new_password1']", PASSWORD)
    page.fill("input[name='new_password2']", PASSWORD)
    submit(page)


def pdf_text(data: bytes) -> str:
    return " ".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages)


@pytest.mark.parametrize(
    ("role", "kind_text", "documents"),
    [
        (
            "protected",
            "prolongation d’instruction",
            ["decision_protection", "justificatif_domicile"],
        ),
        (
            "family_member",
            "confirmation de dépôt",
            [
                "acte_naissance",
                "passeport",
                "justificatif_domicile",
                "decision_protection",
                "justificatif_lien_familial",
            ],
        ),
    ],
)
def test_deposit_attestation_email_and_verification(
    live_server, page: Page, smtp: Inbox, tmp_path, role, kind_text, documents
) -> None:
    PrefectureFactory(department_code="75", name="Préfecture de police de Paris")
    base = live_server.url
    family = role == "family_member"
    sign_up(page, base, smtp, "FRA7800001" if family else "7800000001", family)
    page.goto(f"{base}/demarches/nouvelle/premier-titre/")
    submit(page)
    page.check("input[name='confirm']", force=True)
    submit(page)
    page.fill("input[name='street']", "3 rue de la Paix")
    page.fill("input[name='postal_code']", "75002")
    page.fill("input[name='city']", "Paris")
    submit(page)
    page.check("input[name='status'][value='refugee']", force=True)
    page.check("input[name='decided_by'][value='OFPRA']", force=True)
    page.fill("input[name='decision_date']", "01/10/2026")
    page.fill("input[name='asylum_date']", "15/03/2024")
    page.check(f"input[name='role'][value='{role}']", force=True)
    if role == "family_member":
        page.select_option("select[name='relation']", "spouse")
        page.fill("input[name='union_date']", "10/01/2025")
        page.check("input[name='community_of_life']", force=True)
    page.check("input[name='marital_status'][value='single']", force=True)
    page.check("input[name='wants_to_work'][value='oui']", force=True)
    submit(page)
    assert "/depot/documents/" in page.url, page.inner_text("main")[:500]
    sample = tmp_path / "document.pdf"
    sample.write_bytes(pdf())
    for code in documents:
        page.set_input_files(f"#file-{code}", str(sample))
        with page.expect_navigation():
            page.click(f"#doc-{code} button[type='submit']")
    page.fill("input[name='ephoto']", EphotoFactory().code)
    with page.expect_navigation():
        page.click("#ephoto button[type='submit']")
    with page.expect_navigation():
        page.click("main form:has(input[value='next']) button")
    page.check("input[name='sworn']", force=True)
    submit(page)
    assert "/confirmation/" in page.url

    with page.expect_download() as download:
        page.click("#telecharger")
    downloaded = Path(download.value.path()).read_bytes()
    text = pdf_text(downloaded)
    assert kind_text in text and "NOUR" in text
    code = page.inner_text("main strong[dir='ltr']")
    assert code in text

    call_command(
        "db_worker",
        "--batch",
        "--no-startup-delay",
        "--no-reload",
        "--queue-name",
        "*",
        verbosity=0,
    )
    mail = smtp.wait(2)
    attachment = next(part for part in mail.iter_attachments())
    assert attachment.get_content_type() == "application/pdf"
    assert pdf_text(attachment.get_content()) == text

    page.goto(f"{base}/verifier/")
    page.fill("input[name='code']", code)
    with page.expect_navigation():
        page.click("main button[type='submit']")
    assert "authentique" in page.inner_text("#resultat")
    assert "NOUR" not in page.inner_text("main")
