# ruff: noqa: F811 - pytest fixtures imported from the queue tests
"""OFPRA's civil-status interface, the minor's account from the file, the refusal
decision letter."""

from __future__ import annotations

import html
import io
from datetime import date

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone
from pypdf import PdfReader

from sejour.accounts.models import User
from sejour.audit.models import AuditEvent
from sejour.instruction.services import civil_status_poll
from sejour.integrations.models import OfpraCivilStatus
from tests.instruction.test_queue_and_file import agent_client, make_dossier, paris  # noqa: F401

pytestmark = pytest.mark.django_db


def text(response) -> str:
    return html.unescape(response.content.decode())


def awaiting(paris, agent, number="7100000042"):
    dossier = make_dossier(paris, state="awaiting_ofpra", assigned_to=agent)
    dossier.applicant.foreign_number = number
    dossier.applicant.save()
    return dossier


def test_the_agent_asks_ofpra_pending_unknown_down_then_established(agent_client, paris) -> None:
    agent, client = agent_client
    dossier = awaiting(paris, agent)
    url = f"/instruction/{dossier.reference}/ofpra/"
    assert "ne connaît pas ce numéro" in text(client.post(url, follow=True))
    entry = OfpraCivilStatus.objects.create(foreign_number="7100000042")
    assert "pas encore établi" in text(client.post(url, follow=True))
    entry.unavailable = True
    entry.save()
    assert "ne répond pas" in text(client.post(url, follow=True))
    dossier.refresh_from_db()
    assert dossier.state == "awaiting_ofpra" and dossier.civil_status_received_on is None
    entry.unavailable, entry.established_on, entry.certificate_number = (
        False,
        date(2026, 11, 3),
        "CEC-1",
    )
    entry.save()
    assert "il est enregistré" in text(client.post(url, follow=True))
    dossier.refresh_from_db()
    assert dossier.state == "in_instruction"
    assert dossier.civil_status_received_on == date(2026, 11, 3)
    assert dossier.events.last().why == "civil status received (OFPRA CEC-1)"
    event = AuditEvent.objects.get(action="dossier.civil_status_recorded")
    assert event.actor == agent and event.data["source"] == "OFPRA CEC-1"


def test_the_daily_poll_records_what_ofpra_established_and_survives_an_outage(
    agent_client,
    paris,
) -> None:
    agent, _client = agent_client
    ready = awaiting(paris, agent, "7100000001")
    waiting = awaiting(paris, agent, "7100000002")
    OfpraCivilStatus.objects.create(foreign_number="7100000001", established_on=date(2026, 11, 1))
    OfpraCivilStatus.objects.create(foreign_number="7100000002")
    assert civil_status_poll() == 1
    ready.refresh_from_db()
    waiting.refresh_from_db()
    assert ready.state == "in_instruction" and waiting.state == "awaiting_ofpra"
    assert ready.events.last().actor is None  # recorded by the interface, not an agent
    OfpraCivilStatus.objects.filter(foreign_number="7100000002").update(unavailable=True)
    assert civil_status_poll() == 0  # no exception: the next run tries again


MINOR = {
    "last_name": "NOUR",
    "first_names": "Sami",
    "birth_date": "2009-05-05",
    "foreign_number": "7200000009",
}


def test_the_agent_creates_the_minors_account_from_the_file(agent_client, paris) -> None:
    agent, client = agent_client
    dossier = make_dossier(
        paris, state="in_instruction", assigned_to=agent, snapshot={"identity": {"minor": MINOR}}
    )
    parent = dossier.applicant
    parent.email, parent.email_verified_at = "parent@example.org", timezone.now()
    parent.save()
    page = text(client.get(f"/instruction/{dossier.reference}/"))
    assert "Créer son compte et envoyer les identifiants au parent" in page
    done = text(client.post(f"/instruction/{dossier.reference}/compte-mineur/", follow=True))
    assert "Le compte de Sami NOUR est créé" in done and "a déjà son compte" in done
    minor = User.objects.get(username="7200000009")
    assert minor.guardian == parent and minor.must_change_password
    assert mail.outbox[0].to == ["parent@example.org"]
    again = text(client.post(f"/instruction/{dossier.reference}/compte-mineur/", follow=True))
    assert "existe déjà" in again or "déjà" in again
    assert User.objects.filter(username="7200000009").count() == 1


def test_no_minors_account_for_an_adults_request(agent_client, paris) -> None:
    agent, client = agent_client
    dossier = make_dossier(paris, state="in_instruction", assigned_to=agent)
    assert "Créer son compte" not in text(client.get(f"/instruction/{dossier.reference}/"))
    refused = text(client.post(f"/instruction/{dossier.reference}/compte-mineur/", follow=True))
    assert "Vous ne pouvez pas faire cette action." in refused


def test_the_refusal_letter_gives_reasons_and_appeals(agent_client, paris) -> None:
    agent, client = agent_client
    dossier = make_dossier(
        paris,
        state="in_instruction",
        assigned_to=agent,
        snapshot={
            "address": {"street": "3 rue de la Paix", "postal_code": "75002", "city": "Paris"}
        },
    )
    letter_url = f"/demarches/{dossier.reference}/decision/"
    assert client.get(letter_url).status_code == 404  # no decision yet
    reasons = (
        "La filiation n'est pas établie : l'acte de naissance ne mentionne pas le parent. مرحبا"
    )
    client.post(f"/instruction/{dossier.reference}/refus/", {"reasons": reasons})
    assert "Lettre de décision (PDF)" in text(client.get(f"/instruction/{dossier.reference}/"))
    response = client.get(letter_url)
    assert response["Content-Type"] == "application/pdf"
    pdf = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
    assert "Décision de refus de titre de séjour" in pdf and dossier.reference in pdf
    assert "La filiation n’est pas établie" in pdf or "La filiation n'est pas établie" in pdf
    assert "deux mois" in pdf and "tribunal administratif" in pdf
    assert "3 rue de la Paix" in pdf and "Karim BENALI" in pdf
    applicant = Client()
    applicant.force_login(dossier.applicant)
    page = text(applicant.get(f"/demarches/{dossier.reference}/"))
    assert "Télécharger la lettre de décision (PDF)" in page
    assert applicant.get(letter_url).status_code == 200
    other = Client()
    other.force_login(make_dossier(paris).applicant)
    assert other.get(letter_url).status_code == 404
