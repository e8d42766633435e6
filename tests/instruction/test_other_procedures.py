"""The back office handles travel documents and duplicates like cards; a civil-status
change is accepted into the profile; an address change moves open files."""

# ruff: noqa: F811 - pytest fixtures imported from the queue tests
from __future__ import annotations

import html
import re
from datetime import date

import pytest
from django.test import Client

from sejour.audit.models import AuditEvent
from sejour.dossiers.models import Dossier
from sejour.integrations.models import TaxStamp
from sejour.notifications.models import OutboxMessage
from sejour.rules.dates import add_days, add_years
from tests.accounts.helpers import login_verified
from tests.factories.accounts import PASSWORD, AgentFactory, PrefectureFactory
from tests.instruction.helpers import search
from tests.instruction.test_queue_and_file import agent_client, make_dossier, paris  # noqa: F401

pytestmark = pytest.mark.django_db


def text(response) -> str:
    return html.unescape(response.content.decode())


def through_to_hand_over(client: Client, dossier: Dossier, stamp: str) -> Dossier:
    for action in ("grant", "order", "available"):
        client.post(f"/instruction/{dossier.reference}/{action}/")
    client.post(f"/instruction/{dossier.reference}/remise/", {"stamps": stamp})
    dossier.refresh_from_db()
    return dossier


def test_a_travel_document_is_granted_made_and_handed_over(agent_client, paris) -> None:
    agent, client = agent_client
    dossier = make_dossier(
        paris,
        state="in_instruction",
        assigned_to=agent,
        procedure="travel_document",
        assessment={
            "card": None,
            "travel_document": {
                "validity_years": 5,
                "not_valid_for": "country_of_origin_or_habitual_residence",
            },
            "fees_total_eur": 45,
        },
    )
    page = text(client.get(f"/instruction/{dossier.reference}/"))
    assert "Accorder le titre de voyage" in page and "Titre d'identité et de voyage" in page
    TaxStamp.objects.create(number="4500000000000001", amount_eur=45)
    dossier = through_to_hand_over(client, dossier, "4500000000000001")
    assert dossier.state == "handed_over"
    card = dossier.decision["card"]
    assert card["kind"] == "titre_voyage" and card["validity_years"] == 5
    start = date.fromisoformat(card["valid_from"])
    assert card["valid_until"] == add_days(add_years(start, 5), -1).isoformat()
    bodies = [m.body for m in OutboxMessage.objects.filter(dossier=dossier)]
    assert any("titre de voyage valable 5 ans" in b for b in bodies)


def test_a_duplicate_keeps_the_replaced_cards_end_of_validity(agent_client, paris) -> None:
    agent, client = agent_client
    replaced = {
        "kind": "carte_resident",
        "validity_years": 10,
        "mention": "réfugié",
        "valid_until": "2032-04-30",
    }
    dossier = make_dossier(
        paris,
        state="in_instruction",
        assigned_to=agent,
        procedure="duplicate",
        assessment={"card": replaced, "fees_total_eur": 225},
    )
    assert "fin de validité reprise : 2032-04-30" in text(
        client.get(f"/instruction/{dossier.reference}/")
    )
    TaxStamp.objects.create(number="9000000000000077", amount_eur=225)
    dossier = through_to_hand_over(client, dossier, "9000000000000077")
    assert (
        dossier.state == "handed_over" and dossier.decision["card"]["valid_until"] == "2032-04-30"
    )


def test_a_civil_status_change_reaches_the_profile_only_when_accepted(agent_client, paris) -> None:
    agent, client = agent_client
    change = {
        "change": "nom",
        "change_date": "2026-10-01",
        "new_last_name": "Haidari",
        "new_first_names": None,
    }
    dossier = make_dossier(
        paris,
        state="in_instruction",
        assigned_to=agent,
        procedure="change_of_situation",
        snapshot={"situation": change},
        assessment={"card": None, "fees_total_eur": 0},
    )
    applicant = dossier.applicant
    assert applicant.last_name == "NOUR"
    page = text(client.get(f"/instruction/{dossier.reference}/"))
    assert "Accepter le changement" in page
    client.post(f"/instruction/{dossier.reference}/grant/")
    dossier.refresh_from_db()
    applicant.refresh_from_db()
    assert dossier.state == "applied" and applicant.last_name == "HAIDARI"
    assert AuditEvent.objects.filter(
        action="account.civil_status_changed", target_id=str(applicant.pk)
    ).exists()
    assert "Votre profil est à jour" in OutboxMessage.objects.get(dossier=dossier).body
    again = text(client.post(f"/instruction/{dossier.reference}/order/", follow=True))
    assert "Action impossible" in again


def test_a_refused_civil_status_change_leaves_the_profile(agent_client, paris) -> None:
    agent, client = agent_client
    dossier = make_dossier(
        paris,
        state="in_instruction",
        assigned_to=agent,
        procedure="change_of_situation",
        snapshot={"situation": {"change": "nom", "new_last_name": "AUTRE"}},
    )
    client.post(
        f"/instruction/{dossier.reference}/refus/",
        {"reasons": "L'acte fourni ne mentionne pas ce nom."},
    )
    dossier.applicant.refresh_from_db()
    assert dossier.applicant.last_name == "NOUR"


def test_an_address_in_another_department_moves_open_files(paris) -> None:
    lyon = PrefectureFactory(department_code="69", name="Préfecture 69")
    open_file = make_dossier(paris, state="in_instruction")
    applicant = open_file.applicant
    closed = make_dossier(paris, state="handed_over")
    closed.applicant = applicant
    closed.save()
    client = Client()
    client.force_login(applicant)
    bad = client.post(
        "/demarches/nouvelle/changement-de-situation/",
        {"action": "address", "street": "1 rue A", "postal_code": "123", "city": "Lyon"},
    )
    assert bad.status_code == 400 and "5 chiffres" in text(bad)
    done = client.post(
        "/demarches/nouvelle/changement-de-situation/",
        {
            "action": "address",
            "street": "8 quai Perrache",
            "postal_code": "69002",
            "city": "Lyon",
            "phone": "06 12 34 56 78",
        },
        follow=True,
    )
    assert "Préfecture 69" in text(done)
    open_file.refresh_from_db()
    closed.refresh_from_db()
    applicant.refresh_from_db()
    assert open_file.prefecture == lyon and open_file.assigned_to is None
    assert open_file.snapshot["address"]["postal_code"] == "69002"
    assert closed.prefecture == paris  # a closed file stays where it was decided
    assert applicant.address["city"] == "Lyon" and applicant.phone == "0612345678"
    event = open_file.events.last()
    assert event.from_state == event.to_state == "in_instruction" and "75 → 69" in event.why
    lyon_agent, paris_agent = Client(), Client()
    login_verified(lyon_agent, AgentFactory(prefecture=lyon))
    login_verified(paris_agent, AgentFactory(prefecture=paris))
    assert lyon_agent.get(f"/instruction/{open_file.reference}/").status_code == 200
    assert paris_agent.get(f"/instruction/{open_file.reference}/").status_code == 404


def test_an_email_change_needs_the_link_sent_to_the_new_address(paris) -> None:
    from django.core import mail

    applicant = make_dossier(paris).applicant
    client = Client()
    client.force_login(applicant)
    bad = client.post(
        "/demarches/nouvelle/changement-de-situation/", {"action": "email", "email": "non"}
    )
    assert bad.status_code == 400
    client.post(
        "/demarches/nouvelle/changement-de-situation/",
        {"action": "email", "email": "nouvelle@example.org", "current_password": PASSWORD},
    )
    applicant.refresh_from_db()
    assert applicant.email != "nouvelle@example.org"
    assert mail.outbox[-1].to == ["nouvelle@example.org"]
    from urllib.parse import urlsplit

    link = urlsplit(re.search(r"https?://\S+", mail.outbox[-1].body).group(0)).path
    other = Client()
    other.force_login(make_dossier(paris).applicant)
    assert "pas valable pour ce compte" in text(other.get(link, follow=True))
    assert "nouvelle@example.org" in text(client.get(link, follow=True))
    applicant.refresh_from_db()
    assert applicant.email == "nouvelle@example.org"


def test_the_queue_shows_open_files_first_by_deadline_and_closed_ones_on_demand(
    agent_client, paris
) -> None:
    _agent, client = agent_client
    late = make_dossier(paris, deadline_in=-5, name="RETARD Open")
    closed = make_dossier(paris, deadline_in=-50, state="handed_over", name="CLOS Done")
    no_deadline = make_dossier(paris, procedure="travel_document", name="VOYAGE Tiv")
    no_deadline.legal_deadline = None
    no_deadline.save()
    soon = make_dossier(paris, deadline_in=3, name="BIENTOT Open")
    page = text(client.get("/instruction/"))
    assert closed.reference not in page
    order = [page.index(d.reference) for d in (late, soon, no_deadline)]
    assert order == sorted(order)  # by deadline, files without one last
    overdue = text(client.get("/instruction/", {"overdue": "on"}))
    assert late.reference in overdue and closed.reference not in overdue
    assert closed.reference in text(client.get("/instruction/", {"state": "handed_over"}))
    assert closed.reference in text(search(client, "CLOS"))


def test_the_file_shows_the_engines_checklist_with_what_was_received(agent_client, paris) -> None:
    from django.core.files.base import ContentFile

    from sejour.dossiers.models import DossierDocument

    _agent, client = agent_client
    dossier = make_dossier(
        paris,
        assessment={
            "documents": [
                {"code": "decision_protection", "required": True, "provided_by": None},
                {"code": "justificatif_domicile", "required": True, "provided_by": None},
                {"code": "etat_civil_ofpra", "required": True, "provided_by": "OFPRA"},
            ]
        },
    )
    document = DossierDocument(
        dossier=dossier,
        code="decision_protection",
        original_name="d.pdf",
        content_type="application/pdf",
        size=9,
        sha256="0" * 64,
        uploaded_by=dossier.applicant,
    )
    document.file.save("d.pdf", ContentFile(b"%PDF-1.4\n"), save=True)
    page = text(client.get(f"/instruction/{dossier.reference}/"))
    checklist = re.search(r'<ul id="pieces">(.*?)</ul>', page, re.S).group(1)
    plain = " ".join(re.sub(r"<[^>]+>", " ", checklist).split())
    assert "reçue Décision de protection" in plain
    assert "manquante Justificatif de domicile" in plain
    assert "transmise par l'administration Certificat d'état civil" in plain
