"""The back office queue and the first actions on a file."""

from __future__ import annotations

import html
from datetime import date, timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from sejour.dossiers.models import Dossier, DossierDocument
from sejour.notifications.models import OutboxMessage
from tests.accounts.helpers import login_verified
from tests.factories.accounts import AgentFactory, PrefectureFactory, UserFactory
from tests.instruction.helpers import search

pytestmark = pytest.mark.django_db


def make_dossier(
    prefecture,
    *,
    state="submitted",
    deadline_in=60,
    name="NOUR Amal",
    procedure="first_permit",
    **fields,
):
    applicant = UserFactory()
    return Dossier.objects.create(
        procedure=procedure,
        applicant=applicant,
        filer=applicant,
        prefecture=prefecture,
        state=state,
        submitted_at=timezone.now(),
        holder_name=name,
        profile="refugee",
        legal_deadline=timezone.localdate() + timedelta(days=deadline_in),
        **fields,
    )


@pytest.fixture
def paris():
    return PrefectureFactory(department_code="75", name="Préfecture 75")


@pytest.fixture
def agent_client(paris):
    agent = AgentFactory(prefecture=paris, first_name="Karim", last_name="BENALI")
    client = Client()
    login_verified(client, agent)
    return agent, client


def test_the_queue_shows_only_the_agents_prefecture_by_legal_deadline(agent_client, paris) -> None:
    _agent, client = agent_client
    late = make_dossier(paris, deadline_in=-3, name="ALPHA")
    soon = make_dossier(paris, deadline_in=10, name="BRAVO")
    later = make_dossier(paris, deadline_in=80, name="CHARLIE")
    elsewhere = make_dossier(PrefectureFactory(department_code="69"), name="DELTA")
    make_dossier(paris, state="draft", name="ECHO")
    page = client.get("/instruction/").content.decode()
    assert page.index(late.reference) < page.index(soon.reference) < page.index(later.reference)
    assert elsewhere.reference not in page and "ECHO" not in page
    assert "sejour-urgency--overdue" in page and "sejour-urgency--soon" in page
    assert client.get(f"/instruction/{elsewhere.reference}/").status_code == 404


def test_filters_search_and_counts(agent_client, paris) -> None:
    agent, client = agent_client
    mine = make_dossier(paris, state="in_instruction", assigned_to=agent, name="MINE Person")
    other = make_dossier(paris, deadline_in=-1, name="LATE Person")
    assert mine.reference in client.get("/instruction/?mine=on").content.decode()
    assert other.reference not in client.get("/instruction/?mine=on").content.decode()
    assert other.reference in client.get("/instruction/?overdue=on").content.decode()
    assert mine.reference not in client.get("/instruction/?overdue=on").content.decode()
    assert mine.reference in search(client, "mine").content.decode()
    assert mine.reference in search(client, mine.applicant.username).content.decode()
    assert other.reference in search(client, other.reference).content.decode()
    assert mine.reference in client.get("/instruction/?state=in_instruction").content.decode()
    counts = html.unescape(client.get("/instruction/").content.decode())
    assert (  # counts per saved view (issue 16), no longer per state
        "À instruire : <strong>2</strong>" in counts
        and "Mes dossiers : <strong>1</strong>" in counts
        and "En retard : <strong>1</strong>" in counts
    )
    assert client.get("/instruction/?state=nonsense&page=999").status_code == 200


def test_the_query_count_does_not_grow_with_the_rows(agent_client, paris) -> None:
    agent, client = agent_client
    for _ in range(3):
        make_dossier(paris, assigned_to=agent)
    client.get("/instruction/")
    with CaptureQueriesContext(connection) as few:
        client.get("/instruction/")
    for _ in range(30):
        make_dossier(paris, assigned_to=agent)
    with CaptureQueriesContext(connection) as many:
        client.get("/instruction/")
    assert len(many) == len(few)


def test_take_then_a_second_take_is_refused_with_a_clear_message(agent_client, paris) -> None:
    agent, client = agent_client
    dossier = make_dossier(paris)
    other_agent = Client()
    login_verified(other_agent, AgentFactory(prefecture=paris))
    client.post(f"/instruction/{dossier.reference}/take/")
    refused = other_agent.post(f"/instruction/{dossier.reference}/take/", follow=True)
    assert "Action impossible" in html.unescape(refused.content.decode())
    dossier.refresh_from_db()
    assert dossier.state == "in_instruction" and dossier.assigned_to == agent
    assert list(dossier.events.values_list("to_state", flat=True)) == ["in_instruction"]


def test_a_complement_request_notifies_the_applicant(agent_client, paris) -> None:
    agent, client = agent_client
    dossier = make_dossier(paris, state="in_instruction", assigned_to=agent)
    DossierDocument.objects.create(
        dossier=dossier,
        code="justificatif_domicile",
        file="x",
        original_name="x.pdf",
        content_type="application/pdf",
        size=1,
        sha256="0" * 64,
        uploaded_by=dossier.applicant,
    )
    by = timezone.localdate() + timedelta(days=30)
    empty = client.post(
        f"/instruction/{dossier.reference}/complement/",
        {"answer_by": f"{by:%d/%m/%Y}"},
        follow=True,
    )
    assert "au moins un document" in html.unescape(empty.content.decode())
    past = client.post(
        f"/instruction/{dossier.reference}/complement/",
        {
            "answer_by": f"{timezone.localdate():%d/%m/%Y}",
            "reason_justificatif_domicile": "Document illisible",
        },
        follow=True,
    )
    assert "doit être après aujourd'hui" in html.unescape(past.content.decode())
    dossier.refresh_from_db()
    assert dossier.state == "in_instruction"
    client.post(
        f"/instruction/{dossier.reference}/complement/",
        {"answer_by": f"{by:%d/%m/%Y}", "reason_justificatif_domicile": "Document illisible"},
    )
    dossier.refresh_from_db()
    assert dossier.state == "complement_requested"
    complement = dossier.complements.get()
    assert complement.items[0]["reason"] == "Document illisible"
    assert complement.answer_by == by
    assert OutboxMessage.objects.filter(user=dossier.applicant, dossier=dossier).exists()


def test_withdraw_offline_and_back_online(agent_client, paris) -> None:
    _agent, client = agent_client
    dossier = make_dossier(paris)
    client.post(f"/instruction/{dossier.reference}/offline/", {"why": "vu au guichet"})
    dossier.refresh_from_db()
    assert dossier.state == "offline"
    client.post(f"/instruction/{dossier.reference}/online/")
    dossier.refresh_from_db()
    assert dossier.state == "in_instruction"
    empty = client.post(f"/instruction/{dossier.reference}/withdraw/", follow=True)
    assert "Indiquez comment le demandeur a demandé le retrait" in html.unescape(
        empty.content.decode()
    )
    dossier.refresh_from_db()
    assert dossier.state == "in_instruction"
    page = html.unescape(client.get(f"/instruction/{dossier.reference}/").content.decode())
    assert "Enregistrer le retrait" in page and "repris en ligne" in page
    client.post(f"/instruction/{dossier.reference}/withdraw/", {"why": "demande du demandeur"})
    dossier.refresh_from_db()
    assert dossier.state == "withdrawn"
    refused = client.post(f"/instruction/{dossier.reference}/take/", follow=True)
    assert "Retirée par le demandeur" in html.unescape(refused.content.decode())
    closed = html.unescape(refused.content.decode())
    assert "Enregistrer le retrait" not in closed and "Traiter au guichet" not in closed
    assert client.post(f"/instruction/{dossier.reference}/explode/").status_code == 404


CARD = {"kind": "carte_resident", "validity_years": 10, "mention": "réfugié", "valid_until": None}


def test_civil_status_wait_then_record_returns_to_instruction(agent_client, paris) -> None:
    agent, client = agent_client
    dossier = make_dossier(paris, state="in_instruction", assigned_to=agent)
    client.post(f"/instruction/{dossier.reference}/await-ofpra/")
    dossier.refresh_from_db()
    assert dossier.state == "awaiting_ofpra"
    bad = client.post(
        f"/instruction/{dossier.reference}/etat-civil/", {"received_on": "31/02/2026"}, follow=True
    )
    assert "date réelle" in html.unescape(bad.content.decode())
    client.post(f"/instruction/{dossier.reference}/etat-civil/", {"received_on": "10/11/2026"})
    dossier.refresh_from_db()
    assert dossier.state == "in_instruction" and dossier.civil_status_received_on == date(
        2026, 11, 10
    )


def test_grant_uses_the_engines_card_and_notifies(agent_client, paris) -> None:
    agent, client = agent_client
    dossier = make_dossier(
        paris, state="in_instruction", assigned_to=agent, assessment={"card": CARD}
    )
    client.post(f"/instruction/{dossier.reference}/grant/")
    dossier.refresh_from_db()
    assert dossier.state == "granted" and dossier.decision["card"]["kind"] == "carte_resident"
    message = OutboxMessage.objects.get(dossier=dossier)
    assert "10" in message.body


def test_refusal_needs_reasons_and_notifies(agent_client, paris) -> None:
    agent, client = agent_client
    dossier = make_dossier(paris, state="in_instruction", assigned_to=agent)
    short = client.post(f"/instruction/{dossier.reference}/refus/", {"reasons": "non"}, follow=True)
    assert "20 caractères" in html.unescape(short.content.decode())
    reasons = "Le lien familial n'est pas établi par les pièces fournies."
    client.post(f"/instruction/{dossier.reference}/refus/", {"reasons": reasons})
    dossier.refresh_from_db()
    assert dossier.state == "refused" and dossier.decision["reasons"] == reasons
    assert reasons in OutboxMessage.objects.get(dossier=dossier).body
    again = client.post(f"/instruction/{dossier.reference}/grant/", follow=True)
    assert "Refusée" in html.unescape(again.content.decode())


def test_plain_text_emails_are_not_html_escaped(paris) -> None:
    from sejour.notifications.services import notify

    user = UserFactory(last_name="O'NEIL")
    message = notify(
        user=user,
        template="decision",
        context={
            "dossier": make_dossier(paris),
            "granted": False,
            "reasons": "L'acte n'est pas <lisible> & complet.",
        },
    )
    assert "L'acte n'est pas <lisible> & complet." in message.body
    assert "&#x27;" not in message.body and "&amp;" not in message.body
