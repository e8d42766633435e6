"""Every staff read of personal data leaves an audit event, and the administrator's
trail shows it; an applicant reading their own file is not a staff read."""

# ruff: noqa: F811 - pytest fixtures imported from the queue tests
from __future__ import annotations

import logging
from datetime import date

import pytest
from django.test import Client

from sejour.attestations.models import Attestation
from sejour.audit.models import AuditEvent
from tests.accounts.helpers import login_verified, page_text
from tests.dossiers.helpers import jpeg
from tests.factories.accounts import AdminFactory
from tests.instruction.test_document_viewer import attach, two_pages
from tests.instruction.test_queue_and_file import agent_client, make_dossier, paris  # noqa: F401

pytestmark = pytest.mark.django_db


def events(action: str, **filters):
    return AuditEvent.objects.filter(action=action, **filters)


def attestation_of(dossier) -> Attestation:
    return Attestation.objects.create(
        number=f"A-{dossier.pk:06d}",
        dossier=dossier,
        holder=dossier.applicant,
        holder_last_name="NOUR",
        holder_first_names="Amal",
        holder_birth_date=date(1990, 4, 2),
        kind=Attestation.Kind.CONFIRMATION,
        issued_on=date(2026, 11, 2),
    )


@pytest.fixture
def admin_client():
    client = Client()
    login_verified(client, AdminFactory(first_name="Inès", last_name="ROY"))
    return client


def test_the_agents_file_page_is_a_recorded_read(agent_client, paris) -> None:
    agent, client = agent_client
    dossier = make_dossier(paris)
    assert client.get(f"/instruction/{dossier.reference}/").status_code == 200
    (event,) = events("dossier.viewed")
    assert event.actor == agent and event.on_behalf_of == dossier.applicant
    assert (event.target_type, event.target_id) == ("dossiers.dossier", str(dossier.pk))
    assert client.get(f"/demarches/{dossier.reference}/").status_code == 200  # the other side
    assert events("dossier.viewed").count() == 2
    assert client.get(f"/demarches/{dossier.reference}/confirmation/").status_code == 200
    assert events("dossier.viewed").count() == 3
    assert client.get(f"/demarches/{dossier.reference}/calendrier.ics").status_code == 200
    assert events("calendar.viewed", actor=agent).count() == 1


def test_the_applicant_reading_their_own_file_is_not_a_staff_read(paris) -> None:
    dossier = make_dossier(paris)
    attestation = attestation_of(dossier)
    own = Client()
    own.force_login(dossier.applicant)
    assert own.get(f"/demarches/{dossier.reference}/").status_code == 200
    assert (
        own.get(f"/demarches/{dossier.reference}/attestations/{attestation.number}/").status_code
        == 200
    )
    assert not AuditEvent.objects.filter(actor=dossier.applicant).exclude(
        action__startswith="account."
    )


def test_each_page_image_of_a_document_is_recorded(agent_client, paris) -> None:
    agent, client = agent_client
    dossier = make_dossier(paris)
    decision = attach(dossier, "decision_protection", two_pages(), "application/pdf")
    photo = attach(dossier, "justificatif_domicile", jpeg(), "image/jpeg")
    base = f"/instruction/{dossier.reference}/documents/{decision.pk}/pages"
    client.get(f"{base}/0/")
    client.get(f"{base}/1/")
    assert client.get(f"{base}/7/").status_code == 404  # no page, nothing read
    client.get(f"/instruction/{dossier.reference}/documents/{photo.pk}/pages/0/")
    pages = events("document.page_viewed", actor=agent, on_behalf_of=dossier.applicant)
    assert sorted((e.target_id, e.data["page"]) for e in pages) == sorted(
        [(str(decision.pk), 0), (str(decision.pk), 1), (str(photo.pk), 0)]
    )


def test_attestation_and_decision_downloads_are_recorded(agent_client, paris) -> None:
    agent, client = agent_client
    dossier = make_dossier(paris, state="in_instruction", assigned_to=agent)
    attestation = attestation_of(dossier)
    response = client.get(f"/demarches/{dossier.reference}/attestations/{attestation.number}/")
    assert response["Content-Type"] == "application/pdf"
    (download,) = events("attestation.downloaded")
    assert download.actor == agent and download.on_behalf_of == dossier.applicant
    assert download.target_id == str(attestation.pk)
    client.post(
        f"/instruction/{dossier.reference}/refus/",
        {"reasons": "La filiation n'est pas établie par les actes produits."},
    )
    assert client.get(f"/demarches/{dossier.reference}/decision/").status_code == 200
    (letter,) = events("decision.downloaded")
    assert letter.actor == agent and letter.target_id == str(dossier.pk)


def search(client: Client, text: str, **filters: str):
    return client.post("/instruction/", {"q": text, **filters})


def test_a_search_by_foreign_number_is_recorded_and_its_term_stays_out_of_addresses(
    agent_client, paris, caplog
) -> None:
    agent, client = agent_client
    wanted = make_dossier(paris, name="NOUR Amal")
    other = make_dossier(paris, name="ADAM Yonas")
    number = wanted.applicant.username
    caplog.set_level(logging.DEBUG)
    posted = search(client, number, state="submitted")
    assert posted.status_code == 302
    assert number not in posted["Location"] and "state=submitted" in posted["Location"]
    page = client.get(posted["Location"]).content.decode()
    assert wanted.reference in page and other.reference not in page
    assert number not in caplog.text  # the term is in the audit trail, nowhere else
    (event,) = events("queue.searched")
    assert event.actor == agent and event.data == {"term": number, "found": 1}
    assert event.on_behalf_of == wanted.applicant  # a foreign number names one person
    search(client, "ADAM")
    assert events("queue.searched").count() == 2
    named = events("queue.searched").first()
    assert named.data == {"term": "ADAM", "found": 1} and named.on_behalf_of is None


def test_a_term_in_the_address_does_not_search(agent_client, paris) -> None:
    _agent, client = agent_client
    wanted = make_dossier(paris, name="NOUR Amal")
    other = make_dossier(paris, name="ADAM Yonas")
    page = client.get("/instruction/", {"q": wanted.applicant.username}).content.decode()
    assert other.reference in page  # not filtered: a search goes through the form only
    assert not events("queue.searched").exists()


def test_another_agents_search_cannot_be_replayed(agent_client, paris) -> None:
    from tests.factories.accounts import AgentFactory

    _agent, client = agent_client
    make_dossier(paris, name="NOUR Amal")
    other = make_dossier(paris, name="ADAM Yonas")
    location = search(client, "NOUR")["Location"]
    colleague = Client()
    login_verified(colleague, AgentFactory(prefecture=paris))
    assert other.reference in colleague.get(location).content.decode()  # not their search


def test_the_administrators_trail_shows_the_reads(agent_client, admin_client, paris) -> None:
    agent, client = agent_client
    dossier = make_dossier(paris, state="in_instruction", assigned_to=agent)
    attestation = attestation_of(dossier)
    client.get(f"/instruction/{dossier.reference}/")
    client.get(f"/demarches/{dossier.reference}/attestations/{attestation.number}/")
    search(client, dossier.applicant.username)
    trail = page_text(admin_client.get(f"/pilotage/dossiers/{dossier.reference}/journal/"))
    for action in ("dossier.viewed", "attestation.downloaded", "queue.searched"):
        assert action in trail, action
    journal = page_text(admin_client.get("/pilotage/journal/"))
    assert "queue.searched" in journal and "Karim BENALI" in journal
    only = page_text(admin_client.get("/pilotage/journal/", {"action": "attestation"}))
    assert "attestation.downloaded" in only and "queue.searched" not in only
    assert Client().get("/pilotage/journal/").status_code == 302
    assert client.get("/pilotage/journal/").status_code == 403
