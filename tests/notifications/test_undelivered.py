"""A message the mail server refused for good: the administrators see it in /pilotage/
(and who looked is recorded); the applicant's account says so and keeps the documents."""

from __future__ import annotations

import html
from datetime import date

import pytest
from django.test import Client
from django.utils import timezone

from sejour.attestations.models import Attestation
from sejour.audit.models import AuditEvent
from sejour.notifications.models import OutboxMessage
from sejour.notifications.services import notify
from tests.accounts.helpers import login_verified
from tests.factories.accounts import AdminFactory, PrefectureFactory
from tests.instruction.test_queue_and_file import make_dossier

pytestmark = pytest.mark.django_db


@pytest.fixture
def refused():
    dossier = make_dossier(PrefectureFactory(department_code="75"))
    attestation = Attestation.objects.create(
        dossier=dossier,
        holder=dossier.applicant,
        holder_last_name="NOUR",
        holder_first_names="Amal",
        kind=Attestation.Kind.PROLONGATION,
        issued_on=date(2026, 11, 2),
        valid_until=date(2027, 5, 2),
    )
    message = notify(
        user=dossier.applicant,
        template="deposit",
        dossier=dossier,
        attestation=attestation,
        context={"dossier": dossier, "attestation": attestation},
    )
    OutboxMessage.objects.filter(pk=message.pk).update(
        status="failed", failed_at=timezone.now(), last_error="550 5.1.1 mailbox unknown"
    )
    return dossier, attestation, message


def test_the_applicant_is_told_and_downloads_the_attestation_from_the_account(refused) -> None:
    dossier, attestation, _message = refused
    client = Client()
    client.force_login(dossier.applicant)
    page = html.unescape(client.get("/demarches/").content.decode())
    assert 'id="non-delivres"' in page and "n'a pas pu vous être envoyé" in page
    link = f"/demarches/{dossier.reference}/attestations/{attestation.number}/"
    assert link in page and "/demarches/nouvelle/changement-de-situation/#e-mail" in page
    pdf = client.get(link)
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"


def test_an_applicant_whose_messages_arrive_sees_no_warning(refused) -> None:
    dossier, _attestation, message = refused
    OutboxMessage.objects.filter(pk=message.pk).update(status="sent")
    client = Client()
    client.force_login(dossier.applicant)
    assert 'id="non-delivres"' not in client.get("/demarches/").content.decode()


def test_the_administrators_see_the_failed_messages_and_their_view_is_recorded(refused) -> None:
    dossier, _attestation, message = refused
    client = Client()
    admin = AdminFactory()
    login_verified(client, admin)
    page = html.unescape(client.get("/pilotage/").content.decode())
    assert 'id="e-mails-non-delivres"' in page
    assert "550 5.1.1 mailbox unknown" in page and message.to in page
    assert f"/pilotage/dossiers/{dossier.reference}/journal/" in page
    event = AuditEvent.objects.get(action="pilotage.failed_messages_viewed")
    assert event.actor == admin and event.data == {"messages": [message.pk]}


def test_the_english_and_arabic_accounts_say_it_too(refused) -> None:
    dossier, _attestation, _message = refused
    client = Client()
    client.force_login(dossier.applicant)
    for prefix, words in (("/en", "could not be sent"), ("/ar", "تعذّر")):
        page = html.unescape(client.get(f"{prefix}/demarches/").content.decode())
        assert words in page, prefix
