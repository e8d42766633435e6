"""A decision rests on what the engine's list asks: the OFPRA civil-status certificate
recorded (protected persons) and every required document received, or an exception
written by the agent; a mistaken grant or refusal is reopened by a second agent."""

# ruff: noqa: F811 - pytest fixtures imported from the queue tests
from __future__ import annotations

import html
import re
from datetime import date

import pytest
from django.core.files.base import ContentFile
from django.test import Client

from sejour.audit.models import AuditEvent
from sejour.dossiers.models import DossierDocument
from sejour.integrations.models import CardOrder
from sejour.notifications.models import OutboxMessage
from tests.accounts.helpers import login_verified
from tests.factories.accounts import AgentFactory
from tests.instruction.test_queue_and_file import CARD, agent_client, make_dossier, paris  # noqa: F401

pytestmark = pytest.mark.django_db
PROTECTED = [  # what the engine lists for a refugee's first card (rules.md, documents)
    {"code": "etat_civil_ofpra", "required": False, "provided_by": "OFPRA"},
    {"code": "decision_protection", "required": True, "provided_by": None},
    {"code": "justificatif_domicile", "required": True, "provided_by": None},
    {"code": "ephoto", "required": True, "provided_by": None},
]
FAMILY = [
    {"code": "passeport", "required": True, "provided_by": None},
    {"code": "justificatif_lien_familial", "required": True, "provided_by": None},
]
EXCEPTION = "Certificat reçu par courrier de l'OFPRA, saisie en attente."
REOPEN = "Accordée par erreur : le justificatif de domicile est celui d'un autre."


def text(response) -> str:
    return html.unescape(response.content.decode())


def receive(dossier, *codes: str) -> None:
    for code in codes:
        document = DossierDocument(
            dossier=dossier,
            code=code,
            original_name=f"{code}.pdf",
            content_type="application/pdf",
            size=9,
            sha256="0" * 64,
            uploaded_by=dossier.applicant,
        )
        document.file.save(f"{code}.pdf", ContentFile(b"%PDF-1.4\n"), save=True)


def in_instruction(paris, agent, documents=PROTECTED, **fields):
    return make_dossier(
        paris,
        state="in_instruction",
        assigned_to=agent,
        assessment={"card": CARD, "fees_total_eur": 25, "documents": documents},
        snapshot={"ephoto": {"code": "EPHOTO0000000001"}},
        **fields,
    )


def grant(client, dossier, why: str = ""):
    return client.post(f"/instruction/{dossier.reference}/grant/", {"why": why}, follow=True)


def test_no_grant_without_the_civil_status_and_the_required_documents(agent_client, paris) -> None:
    agent, client = agent_client
    dossier = in_instruction(paris, agent)
    receive(dossier, "decision_protection")
    page = text(client.get(f"/instruction/{dossier.reference}/"))
    missing = re.search(r'<ul id="manquantes">(.*?)</ul>', page, re.S)[1]
    assert "Certificat d'état civil" in missing and "Justificatif de domicile" in missing
    assert "Décision de protection" not in missing and "e-photo" not in missing.lower()
    assert "Accorder cette carte" not in page  # the plain button: only with nothing missing
    refused = text(grant(client, dossier))
    assert "Pour accorder, il manque : Certificat d'état civil" in refused
    dossier.refresh_from_db()
    assert dossier.state == "in_instruction" and dossier.decision is None
    assert not OutboxMessage.objects.filter(dossier=dossier).exists()


def test_a_grant_once_everything_is_there(agent_client, paris) -> None:
    agent, client = agent_client
    dossier = in_instruction(paris, agent, civil_status_received_on=date(2026, 11, 2))
    receive(dossier, "decision_protection", "justificatif_domicile")
    assert "Accorder cette carte" in text(client.get(f"/instruction/{dossier.reference}/"))
    grant(client, dossier)
    dossier.refresh_from_db()
    assert dossier.state == "granted" and "override" not in dossier.decision
    assert AuditEvent.objects.filter(action="dossier.granted", actor=agent).count() == 1


def test_a_family_member_needs_no_civil_status_certificate(agent_client, paris) -> None:
    """The engine lists the OFPRA certificate for protected persons only."""
    agent, client = agent_client
    dossier = in_instruction(paris, agent, documents=FAMILY)
    receive(dossier, "passeport", "justificatif_lien_familial")
    grant(client, dossier)
    dossier.refresh_from_db()
    assert dossier.state == "granted" and dossier.civil_status_received_on is None


def test_an_exception_is_explicit_with_a_reason_and_audited(agent_client, paris) -> None:
    agent, client = agent_client
    dossier = in_instruction(paris, agent)
    receive(dossier, "decision_protection", "justificatif_domicile")
    short = text(grant(client, dossier, "urgent"))
    assert "20 caractères au moins" in short
    dossier.refresh_from_db()
    assert dossier.state == "in_instruction"
    grant(client, dossier, EXCEPTION)
    dossier.refresh_from_db()
    assert dossier.state == "granted"
    assert dossier.decision["override"] == {"missing": ["etat_civil_ofpra"], "reason": EXCEPTION}
    audit = AuditEvent.objects.get(action="dossier.grant_override")
    assert audit.actor == agent and audit.data["missing"] == ["etat_civil_ofpra"]
    history = text(client.get(f"/instruction/{dossier.reference}/"))
    assert f"accordée par exception : {EXCEPTION}" in history


def decided(paris, agent, client, outcome: str):
    dossier = in_instruction(paris, agent, documents=FAMILY)
    receive(dossier, "passeport", "justificatif_lien_familial")
    if outcome == "granted":
        grant(client, dossier)
    else:
        reasons = "Le lien familial n'est pas établi par les pièces fournies."
        client.post(f"/instruction/{dossier.reference}/refus/", {"reasons": reasons})
    dossier.refresh_from_db()
    assert dossier.state == outcome
    return dossier


def second_agent(paris) -> tuple:
    other = AgentFactory(prefecture=paris, first_name="Inès", last_name="MARTIN")
    client = Client()
    login_verified(client, other)
    return other, client


def reopen(client, dossier, reason: str = REOPEN):
    return client.post(
        f"/instruction/{dossier.reference}/rouvrir/", {"reason": reason}, follow=True
    )


@pytest.mark.parametrize("outcome", ["granted", "refused"])
def test_a_second_agent_reopens_a_mistaken_decision(agent_client, paris, outcome) -> None:
    agent, client = agent_client
    dossier = decided(paris, agent, client, outcome)
    own = text(reopen(client, dossier))
    assert "un autre agent que celui qui a décidé" in own
    other, other_client = second_agent(paris)
    assert "20 caractères au moins" in text(reopen(other_client, dossier, "erreur"))
    dossier.refresh_from_db()
    assert dossier.state == outcome
    page = text(reopen(other_client, dossier))
    assert "La décision est retirée : le dossier est de nouveau en instruction." in page
    dossier.refresh_from_db()
    assert dossier.state == "in_instruction" and dossier.decision is None
    assert dossier.decided_at is None
    event = dossier.events.last()
    assert (event.from_state, event.actor) == (outcome, other) and REOPEN in event.why
    audit = AuditEvent.objects.get(action="dossier.decision_reopened")
    assert audit.actor == other and audit.data["reason"] == REOPEN
    assert audit.data["previous"]["decision"]["outcome"] == outcome
    assert audit.data["previous"]["decided_by"] == agent.pk
    told = OutboxMessage.objects.filter(dossier=dossier).order_by("pk").last()
    assert "de nouveau en cours d'instruction" in told.body
    if outcome == "refused":  # the refusal letter is withdrawn with the refusal
        applicant = Client()
        applicant.force_login(dossier.applicant)
        letter = applicant.get(f"/demarches/{dossier.reference}/decision/")
        assert letter.status_code == 404
    # Back in instruction: the first agent may decide again.
    grant(client, dossier)
    dossier.refresh_from_db()
    assert dossier.state == "granted"


def test_no_reopening_once_the_card_is_ordered_or_handed_over(agent_client, paris) -> None:
    agent, client = agent_client
    dossier = decided(paris, agent, client, "granted")
    client.post(f"/instruction/{dossier.reference}/order/")
    _other, other_client = second_agent(paris)
    ordered = text(reopen(other_client, dossier))
    assert "La carte est déjà commandée" in ordered
    dossier.refresh_from_db()
    assert dossier.state == "card_ordered" and CardOrder.objects.count() == 1
    handed = make_dossier(paris, state="handed_over", decision={"card": CARD})
    assert "La carte est déjà remise" in text(reopen(other_client, handed))


def test_a_failed_card_order_leaves_the_grant_reopenable(agent_client, paris) -> None:
    agent, client = agent_client
    dossier = decided(paris, agent, client, "granted")
    client.post(f"/instruction/{dossier.reference}/order/")
    CardOrder.objects.update(fails=True)
    client.post(f"/instruction/{dossier.reference}/available/")
    dossier.refresh_from_db()
    assert dossier.state == "granted" and dossier.card_order_id
    # The failure was recorded by the first agent's click, not a decision: still theirs.
    assert "un autre agent" in text(reopen(client, dossier))
    _other, other_client = second_agent(paris)
    reopen(other_client, dossier)
    dossier.refresh_from_db()
    assert dossier.state == "in_instruction" and dossier.card_order_id == ""


@pytest.mark.parametrize("action", ["take", "online"])
def test_other_actions_do_not_reopen_a_decision_silently(agent_client, paris, action) -> None:
    """The table now allows granted → in instruction: only the reopening reaches it."""
    agent, client = agent_client
    dossier = decided(paris, agent, client, "granted")
    page = text(client.post(f"/instruction/{dossier.reference}/{action}/", follow=True))
    assert "Action impossible" in page
    dossier.refresh_from_db()
    assert dossier.state == "granted"


@pytest.mark.parametrize(
    ("lang", "expected"),
    [("en", "To grant, this is missing"), ("ar", "للمنح")],
)
def test_the_missing_list_is_translated(agent_client, paris, lang, expected) -> None:
    agent, client = agent_client
    dossier = in_instruction(paris, agent)
    response = client.post(f"/{lang}/instruction/{dossier.reference}/grant/", follow=True)
    assert expected in text(response)


def test_a_reopened_refusal_makes_its_attestation_prove_the_request_again(
    agent_client, paris
) -> None:
    """The attestation proved a request under instruction; refused, it proved nothing;
    reopened, the request is under instruction again, and the attestation says so."""
    from datetime import timedelta

    from django.utils import timezone

    from sejour.attestations.models import Attestation

    agent, client = agent_client
    dossier = decided(paris, agent, client, "refused")
    today = timezone.localdate()
    attestation = Attestation.objects.create(
        dossier=dossier,
        holder=dossier.applicant,
        holder_last_name="NOUR",
        holder_first_names="Amal",
        kind=Attestation.Kind.PROLONGATION,
        issued_on=today - timedelta(days=10),
        valid_until=today + timedelta(days=170),
        allows_work=True,
    )
    assert not attestation.is_valid_on(today)
    _other, other_client = second_agent(paris)
    reopen(other_client, dossier)
    attestation = Attestation.objects.get(pk=attestation.pk)
    assert attestation.is_valid_on(today)
