"""The five-step deposit of a first request, its attestation and its e-mail."""

from __future__ import annotations

import html
import io
from datetime import date

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client
from pypdf import PdfReader

from sejour.attestations.models import Attestation
from sejour.dossiers.models import Dossier
from sejour.notifications.models import OutboxMessage
from tests.accounts.helpers import login_verified
from tests.dossiers.helpers import (
    SITUATION_REFUGEE,
    SITUATION_SPOUSE,
    complete_documents,
    deposit,
    fill_to_documents,
    finish_deposit,
    jpeg,
    step_url,
    upload,
)
from tests.factories.accounts import UserFactory

pytestmark = pytest.mark.django_db

REFUGEE_DOCS = ["decision_protection", "justificatif_domicile"]
SPOUSE_DOCS = [
    "acte_naissance",
    "passeport",
    "justificatif_domicile",
    "decision_protection",
    "justificatif_lien_familial",
]


def worker() -> None:
    call_command(
        "db_worker",
        "--batch",
        "--no-startup-delay",
        "--no-reload",
        "--queue-name",
        "*",
        verbosity=0,
    )


@pytest.fixture
def applicant_client():
    user = UserFactory(
        first_name="Amal", last_name="NOUR", username="7300000001", email="amal@example.org"
    )
    client = Client()
    client.force_login(user)
    return user, client


@pytest.mark.django_db(transaction=True)  # the task worker closes connections (PostgreSQL)
def test_a_refugee_deposits_and_gets_the_attestation_at_once(
    applicant_client, django_capture_on_commit_callbacks
) -> None:
    _user, client = applicant_client
    reference = fill_to_documents(client)
    complete_documents(client, reference, REFUGEE_DOCS)
    with django_capture_on_commit_callbacks(execute=True):
        response = deposit(client, reference)
    assert response["Location"] == f"/demarches/{reference}/confirmation/"
    dossier = Dossier.objects.get(reference=reference)
    assert dossier.state == "submitted" and dossier.prefecture.department_code == "75"
    assert str(dossier.legal_deadline) == "2027-01-01"
    attestation = Attestation.objects.get(dossier=dossier)
    assert attestation.kind == "attestation_prolongation_instruction"
    assert attestation.allows_work and not attestation.allows_schengen_travel
    pdf = client.get(f"/demarches/{reference}/attestations/{attestation.number}/")
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "prolongation d’instruction" in text and "NOUR" in text and attestation.code in text
    worker()
    (message,) = mail.outbox
    assert message.to == ["amal@example.org"]
    assert message.attachments[0][2] == "application/pdf"
    assert OutboxMessage.objects.get().sent_at is not None


def test_a_family_member_gets_a_confirmation_de_depot(
    applicant_client, django_capture_on_commit_callbacks
) -> None:
    user, client = applicant_client
    user.foreign_number, user.visa_number = None, "FRA1234567"
    user.save()
    reference = fill_to_documents(client, SITUATION_SPOUSE)
    complete_documents(client, reference, SPOUSE_DOCS)
    with django_capture_on_commit_callbacks(execute=True):
        deposit(client, reference)
    attestation = Attestation.objects.get()
    assert attestation.kind == "attestation_confirmation_depot" and attestation.valid_until is None


@pytest.mark.django_db(transaction=True)
def test_a_double_click_makes_one_dossier_one_attestation_one_email(
    applicant_client, django_capture_on_commit_callbacks
) -> None:
    _user, client = applicant_client
    reference = fill_to_documents(client)
    complete_documents(client, reference, REFUGEE_DOCS)
    with django_capture_on_commit_callbacks(execute=True):
        first = deposit(client, reference)
        second = deposit(client, reference)
    assert first["Location"] == second["Location"]
    assert Attestation.objects.count() == 1 and OutboxMessage.objects.count() == 1
    worker()
    worker()
    assert len(mail.outbox) == 1


@pytest.mark.parametrize(
    ("content", "name", "fragment"),
    [
        (b"MZ\x90\x00 not a pdf at all", "virus.pdf", "ni un PDF ni une photo"),
        (b"", "vide.pdf", "vide"),
        (b"%PDF-1.4 broken", "casse.pdf", "abîmé"),
        (
            b"%PDF-1.4\n1 0 obj << /Type /Catalog /OpenAction << /S /JavaScript /JS (app.alert(1)) >> >> endobj",
            "js.pdf",
            None,
        ),
    ],
)
def test_uploads_are_checked_by_content(applicant_client, content, name, fragment) -> None:
    _user, client = applicant_client
    reference = fill_to_documents(client)
    response = upload(client, reference, "decision_protection", content, name)
    assert response.status_code == 200
    page = response.content.decode()
    if fragment:
        assert fragment in page
    assert not Dossier.objects.get(reference=reference).documents.exists()


def test_an_image_is_re_encoded_and_served_only_to_its_owner(applicant_client) -> None:
    _user, client = applicant_client
    reference = fill_to_documents(client)
    raw = jpeg()[:-2] + b"hidden payload" + b"\xff\xd9"
    assert upload(client, reference, "decision_protection", raw, "photo.jpg").status_code == 302
    document = Dossier.objects.get(reference=reference).documents.get()
    served = client.get(f"/demarches/{reference}/documents/{document.pk}/")
    body = b"".join(served.streaming_content)
    assert body[:3] == b"\xff\xd8\xff" and b"hidden payload" not in body
    other = Client()
    other.force_login(UserFactory())
    assert other.get(f"/demarches/{reference}/documents/{document.pk}/").status_code == 404
    assert other.get(f"/demarches/{reference}/").status_code == 404
    assert other.get(step_url(reference, "adresse")).status_code == 404


def test_an_oversized_file_is_refused(applicant_client, settings) -> None:
    settings.UPLOAD_MAX_BYTES = 1000
    _user, client = applicant_client
    reference = fill_to_documents(client)
    response = upload(client, reference, "decision_protection", b"%PDF-1.4" + b"0" * 2000)
    assert "trop lourd" in response.content.decode()


def test_missing_documents_block_the_deposit(applicant_client) -> None:
    _user, client = applicant_client
    reference = fill_to_documents(client)
    response = client.post(step_url(reference, "documents"), {"action": "next"})
    assert response.status_code == 200
    assert "Ce document est nécessaire" in response.content.decode()
    assert deposit(client, reference)["Location"] == step_url(reference, "documents")
    assert Dossier.objects.get(reference=reference).state == "draft"


@pytest.mark.parametrize(
    ("changes", "fragment"),
    [
        ({"taken_at_days": 200, "active_days": 199}, "plus de 6 mois"),
        ({"taken_at_days": 0, "active_days": -1}, "pas encore actif"),
        ({"used_by": "D-OTHER"}, "déjà servi"),
        ({"code": "INCONNU123"}, "n'existe pas"),
    ],
)
def test_each_ephoto_failure_says_what_to_do(applicant_client, changes, fragment) -> None:
    from datetime import timedelta

    from django.utils import timezone

    from tests.factories.accounts import EphotoFactory

    _user, client = applicant_client
    reference = fill_to_documents(client)
    now = timezone.now()
    code = changes.get("code")
    if code is None:
        entry = EphotoFactory(
            taken_at=now - timedelta(days=changes.get("taken_at_days", 5)),
            active_from=now - timedelta(days=changes.get("active_days", 4)),
            used_by=changes.get("used_by", ""),
        )
        code = entry.code
    response = client.post(step_url(reference, "documents"), {"action": "ephoto", "ephoto": code})
    assert fragment in html.unescape(response.content.decode())


def test_nothing_typed_is_lost_on_a_validation_error(applicant_client) -> None:
    _user, client = applicant_client
    reference = fill_to_documents(client)
    bad = {"street": "3 rue de la Paix", "postal_code": "7500", "city": "Paris"}
    page = client.post(step_url(reference, "adresse"), bad).content.decode()
    assert "5 chiffres" in page and 'value="3 rue de la Paix"' in page


def test_a_situation_that_cannot_be_filed_online_says_why(applicant_client) -> None:
    _user, client = applicant_client
    reference = fill_to_documents(client)
    stateless = {**SITUATION_REFUGEE, "status": "stateless"}
    page = client.post(step_url(reference, "situation"), stateless).content.decode()
    assert "apatrides" in page.lower()


def test_verification_page_and_api(applicant_client, django_capture_on_commit_callbacks) -> None:
    user, client = applicant_client
    reference = fill_to_documents(client)
    complete_documents(client, reference, REFUGEE_DOCS)
    with django_capture_on_commit_callbacks(execute=True):
        deposit(client, reference)
    attestation = Attestation.objects.get()
    anyone = Client()
    page = anyone.get(f"/verifier/{attestation.code}/").content.decode()
    assert "authentique et valable" in page and "A.N." in page and "1990" in page
    assert "NOUR" not in page and user.username not in page
    assert (
        anyone.get(f"/verifier/?code={attestation.code.lower().replace('-', ' ')}").status_code
        == 302
    )
    assert anyone.get("/verifier/AAAA-BBBB-CCCC-DDDD/").status_code == 404
    api = anyone.get(f"/api/v1/attestations/{attestation.code}").json()
    assert api["genuine"] and api["valid_today"] and api["holder_initials"] == "A.N."
    assert "holder_last_name" not in api
    assert anyone.get("/api/v1/attestations/AAAA-BBBB-CCCC-DDDD").status_code == 404
    # Once the request is refused, the attestation no longer proves a pending request.
    Dossier.objects.filter(reference=reference).update(state="refused")
    page = html.unescape(anyone.get(f"/verifier/{attestation.code}/").content.decode())
    assert (
        "plus valable aujourd'hui" in page and "La demande qu'elle concernait est terminée" in page
    )
    assert anyone.get(f"/api/v1/attestations/{attestation.code}").json()["valid_today"] is False


def test_verification_is_rate_limited() -> None:
    client = Client()
    statuses = [
        client.get("/verifier/AAAA-BBBB-CCCC-DDDD/", REMOTE_ADDR="10.7.7.7").status_code
        for _ in range(31)
    ]
    assert statuses[:30] == [404] * 30 and statuses[30] == 429


@pytest.mark.django_db(transaction=True)
def test_a_helper_deposits_for_the_applicant_with_both_names_recorded() -> None:
    from sejour.audit.models import AuditEvent
    from sejour.dossiers.models import DossierEvent
    from tests.factories.accounts import MandateFactory, PrefectureFactory

    mandate = MandateFactory()
    helper, applicant = mandate.helper, mandate.applicant
    PrefectureFactory(department_code="75")
    client = Client()
    login_verified(client, helper)
    response = client.post(f"/demarches/nouvelle/premier-titre/pour/{applicant.pk}/")
    reference = response["Location"].split("/demarches/")[1].split("/")[0]
    client.post(step_url(reference, "identite"), {"confirm": "on"})
    assert finish_deposit(client, reference, SITUATION_REFUGEE, REFUGEE_DOCS).endswith(
        "/confirmation/"
    )
    dossier = Dossier.objects.get(reference=reference)
    assert (
        dossier.applicant == applicant and dossier.filer == helper and dossier.filed_by == "helper"
    )
    event = DossierEvent.objects.get(dossier=dossier, to_state="submitted")
    assert (event.actor, event.on_behalf_of) == (helper, applicant)
    assert AuditEvent.objects.filter(
        action="dossier.submitted", actor=helper, on_behalf_of=applicant
    ).exists()
    assert Attestation.objects.get(dossier=dossier).holder == applicant
    assert OutboxMessage.objects.get(dossier=dossier).to == applicant.email
    owner = Client()
    owner.force_login(applicant)
    assert reference in owner.get("/demarches/").content.decode()
    stranger = Client()
    login_verified(stranger, MandateFactory().helper)  # a helper of someone else
    assert stranger.get(f"/demarches/{reference}/").status_code == 404


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_upload_errors_in_the_page_language(applicant_client, lang) -> None:
    from django.utils import translation

    from sejour.dossiers import uploads

    _user, client = applicant_client
    reference = fill_to_documents(client)
    file = io.BytesIO(b"MZ not a document")
    file.name = "x.pdf"
    page = client.post(
        f"/{lang}" + step_url(reference, "documents"),
        {"action": "upload", "code": "decision_protection", "file": file},
    ).content.decode()
    with translation.override(lang):
        expected = str(
            uploads._(
                "Ce fichier n'est ni un PDF ni une photo JPEG ou PNG (son contenu a été vérifié, pas seulement son nom)."
            )
        )
    assert html.escape(expected, quote=True).replace(
        "&#x27;", "&#x27;"
    ) in page or expected in html.unescape(page)


@pytest.mark.django_db(transaction=True)
def test_the_deposit_message_is_also_in_the_account(applicant_client) -> None:
    _user, client = applicant_client
    reference = fill_to_documents(client)
    complete_documents(client, reference, REFUGEE_DOCS)
    deposit(client, reference)
    page = client.get("/demarches/").content.decode()
    assert 'id="messages"' in page and reference in page


def register_child(parent, number: str, born: date) -> None:
    """The register knows the child as this parent's (issue 12)."""
    from tests.factories.accounts import RegisterEntryFactory

    child = RegisterEntryFactory(foreign_number=number, first_names="Sami", birth_date=born)
    child.parents.add(RegisterEntryFactory(foreign_number=parent.foreign_number))


@pytest.mark.django_db(transaction=True)
def test_a_parent_files_for_a_child_of_17_with_the_second_parent_unknown(applicant_client) -> None:
    from tests.dossiers.helpers import SITUATION_REFUGEE
    from tests.factories.accounts import PrefectureFactory

    user, client = applicant_client
    PrefectureFactory(department_code="75")
    register_child(user, "7500000009", date(2009, 10, 23))
    response = client.post("/demarches/nouvelle/premier-titre/", {"for": "child"})
    reference = response["Location"].split("/demarches/")[1].split("/")[0]
    child = {
        "last_name": "NOUR",
        "first_names": "Sami",
        "birth_date": "23/10/2009",
        "foreign_number": "7500000009",
        "parent2_unknown": "on",
        "observations": "Le père est décédé.",
    }
    assert client.post(step_url(reference, "identite"), child).status_code == 302
    assert finish_deposit(client, reference, SITUATION_REFUGEE, REFUGEE_DOCS).endswith(
        "/confirmation/"
    )
    dossier = Dossier.objects.get(reference=reference)
    assert dossier.filed_by == "parent"
    assert dossier.snapshot["identity"]["minor"]["parent2_unknown"] is True
    attestation = Attestation.objects.get(dossier=dossier)
    assert (attestation.holder_first_names, attestation.holder_foreign_number) == (
        "Sami",
        "7500000009",
    )
    # one request per child: a second child is a second request from the same account
    second = client.post("/demarches/nouvelle/premier-titre/", {"for": "child"})
    assert second["Location"] != response["Location"]


@pytest.mark.django_db(transaction=True)
def test_a_child_under_16_cannot_be_filed_online(applicant_client) -> None:
    from tests.dossiers.helpers import SITUATION_REFUGEE
    from tests.factories.accounts import PrefectureFactory

    user, client = applicant_client
    PrefectureFactory(department_code="75")
    register_child(user, "7500000015", date(2015, 1, 1))
    response = client.post("/demarches/nouvelle/premier-titre/", {"for": "child"})
    reference = response["Location"].split("/demarches/")[1].split("/")[0]
    identity = {
        "last_name": "NOUR",
        "first_names": "Lina",
        "birth_date": "01/01/2015",
        "foreign_number": "7500000015",
    }
    assert client.post(step_url(reference, "identite"), identity).status_code == 302
    client.post(
        step_url(reference, "adresse"),
        {"street": "1 rue A", "postal_code": "75001", "city": "Paris"},
    )
    page = html.unescape(
        client.post(step_url(reference, "situation"), SITUATION_REFUGEE).content.decode()
    )
    assert "aucun titre de séjour n'est nécessaire" in page


def test_a_helper_acts_only_in_the_procedures_the_mandate_names() -> None:
    from tests.factories.accounts import MandateFactory, PrefectureFactory

    mandate = MandateFactory(procedures=["renewal"])
    dossier = Dossier.objects.create(
        procedure="first_permit",
        applicant=mandate.applicant,
        filer=mandate.applicant,
        state="submitted",
        prefecture=PrefectureFactory(department_code="75"),
    )
    client = Client()
    login_verified(client, mandate.helper)
    assert client.get(f"/demarches/{dossier.reference}/").status_code == 404
    start = client.post(f"/demarches/nouvelle/premier-titre/pour/{mandate.applicant.pk}/")
    assert start.status_code == 404
    assert not Dossier.objects.exclude(pk=dossier.pk).exists()
