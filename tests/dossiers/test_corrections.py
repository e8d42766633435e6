"""Corrections re-run the engine (issue 12): before the file is opened, a correction
changes the assessment, profile, legal deadline and, where it changes, the attestation;
after, a correction request stays on the applicant's page with its state, waits on the
agent's file until answered, and is applied (re-assessed) or refused with a reason."""

from __future__ import annotations

import html
from datetime import date

import pytest
import time_machine
from django.test import Client

from sejour.attestations.models import Attestation
from sejour.audit.models import AuditEvent
from sejour.dossiers.corrections import CorrectionRefused, dossier_correct
from sejour.dossiers.forms import SituationStepForm
from sejour.dossiers.models import CorrectionRequest, Dossier, DossierVersion
from sejour.dossiers.services import CorrectionPending
from sejour.instruction.services import (
    civil_status_record,
    decide_grant,
    dossier_take,
    grant_offer,
)
from sejour.notifications.models import OutboxMessage
from tests.accounts.helpers import login_verified
from tests.dossiers.helpers import (
    SITUATION_REFUGEE,
    SITUATION_SPOUSE,
    complete_documents,
    deposit,
    fill_to_documents,
)
from tests.factories.accounts import AgentFactory, PrefectureFactory, UserFactory

pytestmark = pytest.mark.django_db
DOCS = ["decision_protection", "justificatif_domicile"]
SUBSIDIARY = {**SITUATION_REFUGEE, "status": "subsidiary"}


def page(response) -> str:
    return html.unescape(response.content.decode())


@pytest.fixture
def submitted():
    """A refugee's first request deposited on 2 November 2026 (decision of 1 October)."""
    user = UserFactory(username="7400000011", email="amal@example.org", language="fr")
    client = Client()
    client.force_login(user)
    with time_machine.travel("2026-11-02 10:00 +01:00", tick=False):
        reference = fill_to_documents(client)
        complete_documents(client, reference, DOCS)
        deposit(client, reference)
    return client, Dossier.objects.get(reference=reference)


@pytest.fixture
def agent(submitted):
    return AgentFactory(prefecture=submitted[1].prefecture, first_name="Claire")


def grant(dossier, agent):
    """Grant as the agent would: OFPRA's civil status recorded first (a grant needs it)."""
    civil_status_record(
        dossier=Dossier.objects.get(pk=dossier.pk),
        agent=agent,
        received_on=date(2026, 11, 20),
        source="manual",
    )
    return decide_grant(dossier=Dossier.objects.get(pk=dossier.pk), agent=agent)


def correct_situation(client, dossier, situation, **extra):
    return client.post(
        f"/demarches/{dossier.reference}/corriger/situation/", {**situation, **extra}
    )


def test_before_opening_a_situation_correction_changes_the_card_the_agent_grants(
    submitted, agent
) -> None:
    client, dossier = submitted
    assert dossier.assessment["card"]["kind"] == "carte_resident" and dossier.profile == "refugee"
    assert correct_situation(client, dossier, SUBSIDIARY).status_code == 302
    dossier.refresh_from_db()
    assert dossier.assessment["card"]["kind"] == "carte_pluriannuelle"
    assert dossier.profile == "subsidiary"
    assert dossier.assessment["applied_on"] == "2026-11-02"  # the request's date is kept
    assert DossierVersion.objects.get(dossier=dossier).snapshot["situation"]["status"] == "refugee"
    # The attestation says the same for both protections: it is not replaced.
    assert Attestation.objects.filter(dossier=dossier).count() == 1
    dossier_take(dossier=dossier, agent=agent)
    granted = grant(dossier, agent)
    assert granted.decision["card"]["kind"] == "carte_pluriannuelle"
    event = AuditEvent.objects.get(action="dossier.corrected")
    assert event.data["before"]["status"] == "refugee" and event.data["after"]["status"] == (
        "subsidiary"
    )
    assert event.data["assessment_before"]["card"] == "carte_resident"
    assert event.data["assessment_after"]["card"] == "carte_pluriannuelle"


def test_before_opening_a_new_decision_date_moves_the_legal_deadline(submitted) -> None:
    client, dossier = submitted
    assert dossier.legal_deadline == date(2027, 1, 1)  # 3 months after 1 October (DL-ISSUE)
    later = {**SITUATION_REFUGEE, "decision_date": "20/10/2026"}
    assert correct_situation(client, dossier, later).status_code == 302
    dossier.refresh_from_db()
    assert dossier.legal_deadline == date(2027, 1, 20)


def test_before_opening_a_correction_that_changes_the_attestation_replaces_it(
    submitted, django_capture_on_commit_callbacks
) -> None:
    client, dossier = submitted
    old = Attestation.objects.get(dossier=dossier)
    assert old.kind == "attestation_prolongation_instruction" and old.allows_work
    with time_machine.travel("2026-11-05 10:00 +01:00", tick=False):
        assert correct_situation(client, dossier, SITUATION_SPOUSE).status_code == 302
    dossier.refresh_from_db()
    assert dossier.profile == "family"
    assert dossier.legal_deadline == date(2027, 3, 2)  # 4 months after the deposit
    old.refresh_from_db()
    new = Attestation.objects.exclude(pk=old.pk).get(dossier=dossier)
    assert new.kind == "attestation_confirmation_depot" and not new.allows_work
    assert old.superseded_on == date(2026, 11, 5) and old.replaced_by == new
    message = OutboxMessage.objects.get(dossier=dossier, attestation=new)
    assert new.code in message.body and old.number in message.body

    anyone = Client()
    with time_machine.travel("2026-11-06 10:00 +01:00", tick=False):
        shown = page(anyone.get(f"/verifier/{old.code}/"))
        assert "remplacée" in shown and "Attestation authentique et valable" not in shown
        assert "5 novembre 2026" in shown
        assert "NOUR" not in shown and "Amal" not in shown and new.code not in shown
        api = anyone.get(f"/api/v1/attestations/{old.code}").json()
        assert api["valid_today"] is False and api["replaced_on"] == "2026-11-05"
        assert anyone.get(f"/api/v1/attestations/{new.code}").json()["replaced_on"] is None
        assert "Attestation authentique et valable" in page(anyone.get(f"/verifier/{new.code}/"))
        mine = page(client.get(f"/demarches/{dossier.reference}/"))
    assert "remplacée le 5 novembre 2026" in mine


def test_before_opening_a_new_prefecture_replaces_the_attestation_for_the_same_period(
    submitted,
) -> None:
    client, dossier = submitted
    PrefectureFactory(department_code="69", name="Préfecture du Rhône")
    old = Attestation.objects.get(dossier=dossier)
    address = {"street": "2 rue de la République", "postal_code": "69002", "city": "Lyon"}
    with time_machine.travel("2026-11-10 10:00 +01:00", tick=False):
        assert client.post(f"/demarches/{dossier.reference}/corriger/adresse/", address)
    dossier.refresh_from_db()
    assert dossier.prefecture.department_code == "69"
    new = Attestation.objects.get(dossier=dossier, superseded_on__isnull=True)
    assert new.prefecture_name == "Préfecture du Rhône" and new != old
    assert new.valid_until == old.valid_until  # the period is not extended


def test_a_correction_the_engine_no_longer_accepts_online_changes_nothing(submitted) -> None:
    _client, dossier = submitted
    form = SituationStepForm({**SUBSIDIARY, "status": "stateless"})
    assert form.is_valid(), form.errors
    stateless = form.as_draft()
    with pytest.raises(CorrectionRefused) as refused:
        dossier_correct(dossier=dossier, by=dossier.applicant, step="situation", data=stateless)
    assert refused.value.code == "not_online"
    dossier.refresh_from_db()
    assert dossier.snapshot["situation"]["status"] == "refugee"
    assert dossier.assessment["card"]["kind"] == "carte_resident"
    assert not DossierVersion.objects.exists() and Attestation.objects.count() == 1


def test_after_opening_a_correction_request_stays_visible_and_blocks_the_decision(
    submitted, agent
) -> None:
    client, dossier = submitted
    dossier_take(dossier=dossier, agent=agent)
    form = page(client.get(f"/demarches/{dossier.reference}/corriger/situation/"))
    assert "Ce qui change, et pourquoi" in form and "Envoyer la demande de correction" in form
    response = correct_situation(client, dossier, SUBSIDIARY)
    assert response.status_code == 200  # a few words are needed: why
    assert "Dites en quelques mots" in page(response)
    assert not CorrectionRequest.objects.exists()
    response = correct_situation(client, dossier, SUBSIDIARY, why="Ma protection est subsidiaire.")
    assert response.status_code == 302
    request = CorrectionRequest.objects.get(dossier=dossier)
    assert request.step == "situation" and request.data["status"] == "subsidiary"
    assert request.state == "pending"
    dossier.refresh_from_db()
    assert dossier.assessment["card"]["kind"] == "carte_resident"  # untouched until applied

    mine = page(client.get(f"/demarches/{dossier.reference}/"))
    assert "Vos demandes de correction" in mine and "En attente de la préfecture" in mine

    desk = Client()
    login_verified(desk, agent)
    file = page(desk.get(f"/instruction/{dossier.reference}/"))
    assert "Une demande de correction attend votre réponse" in file
    assert "Carte de séjour pluriannuelle" in file or "carte_pluriannuelle" in file

    with pytest.raises(CorrectionPending):
        grant(dossier, agent)
    refused = desk.post(f"/instruction/{dossier.reference}/grant/", follow=True)
    assert refused.status_code == 200  # told on the file, where the request waits
    assert "Appliquez-la ou refusez-la avant de décider" in page(refused)
    assert Dossier.objects.get(pk=dossier.pk).state == "in_instruction"


def test_the_agent_applies_a_correction_request_and_the_card_follows(submitted, agent) -> None:
    client, dossier = submitted
    dossier_take(dossier=dossier, agent=agent)
    correct_situation(client, dossier, SUBSIDIARY, why="Ma protection est subsidiaire.")
    request = CorrectionRequest.objects.get()
    desk = Client()
    login_verified(desk, agent)
    url = f"/instruction/{dossier.reference}/corrections/{request.pk}/appliquer/"
    assert desk.post(url).status_code == 302
    request.refresh_from_db()
    assert request.state == "applied" and request.answered_by == agent
    dossier.refresh_from_db()
    assert dossier.snapshot["situation"]["status"] == "subsidiary"
    assert dossier.assessment["card"]["kind"] == "carte_pluriannuelle"
    assert grant_offer(dossier)["kind"] == "carte_pluriannuelle"
    assert DossierVersion.objects.get(dossier=dossier).snapshot["situation"]["status"] == "refugee"
    event = AuditEvent.objects.get(action="dossier.correction_applied")
    assert event.actor == agent
    assert (event.data["before"]["status"], event.data["after"]["status"]) == (
        "refugee",
        "subsidiary",
    )
    assert dossier.events.filter(why="correction applied: situation").exists()
    told = OutboxMessage.objects.filter(dossier=dossier, subject__contains="correction")
    assert told.count() == 1 and "appliqué" in told.get().body
    assert "Appliquée" in page(client.get(f"/demarches/{dossier.reference}/"))
    assert "correction appliquée (situation)" in page(
        desk.get(f"/instruction/{dossier.reference}/")
    )
    assert desk.post(url).status_code == 302  # a second click: already answered, nothing more
    assert CorrectionRequest.objects.get().answered_at == request.answered_at
    granted = grant(dossier, agent)
    assert granted.decision["card"]["kind"] == "carte_pluriannuelle"


def test_the_agent_refuses_a_correction_request_with_a_reason_the_applicant_reads(
    submitted, agent
) -> None:
    client, dossier = submitted
    dossier_take(dossier=dossier, agent=agent)
    client.post(f"/demarches/{dossier.reference}/correction/", {"text": "Mon prénom est Amel."})
    request = CorrectionRequest.objects.get()
    desk = Client()
    login_verified(desk, agent)
    url = f"/instruction/{dossier.reference}/corrections/{request.pk}/refuser/"
    short = desk.post(url, {"reason": "non"}, follow=True)
    assert "10 caractères au moins" in page(short)
    assert CorrectionRequest.objects.get().state == "pending"
    reason = "L'acte de naissance transmis porte le prénom Amal."
    assert desk.post(url, {"reason": reason}).status_code == 302
    request.refresh_from_db()
    assert request.state == "refused" and request.refusal_reason == reason
    mine = page(client.get(f"/demarches/{dossier.reference}/"))
    assert "Refusée" in mine and reason in mine and "Mon prénom est Amel." in mine
    told = OutboxMessage.objects.get(dossier=dossier, subject__contains="correction")
    assert reason in told.body
    assert request.inbox_message.answered_at is not None  # no longer waiting in the inbox
    file = page(desk.get(f"/instruction/{dossier.reference}/"))
    assert "Une demande de correction attend votre réponse" not in file
    assert "correction refusée : " + reason in file


@pytest.mark.parametrize(
    ("lang", "pending"),
    [("en", "Awaiting the prefecture"), ("ar", "بانتظار")],
)
def test_the_state_of_a_correction_request_is_shown_in_the_applicants_language(
    submitted, agent, lang, pending
) -> None:
    client, dossier = submitted
    dossier_take(dossier=dossier, agent=agent)
    client.post(f"/demarches/{dossier.reference}/correction/", {"text": "Mon prénom est Amel."})
    assert pending in page(client.get(f"/{lang}/demarches/{dossier.reference}/"))


def test_a_correction_in_words_is_answered_in_words_never_applied_blindly(submitted, agent) -> None:
    client, dossier = submitted
    dossier_take(dossier=dossier, agent=agent)
    client.post(f"/demarches/{dossier.reference}/correction/", {"text": "Mon prénom est Amel."})
    request = CorrectionRequest.objects.get()
    desk = Client()
    login_verified(desk, agent)
    applied = desk.post(
        f"/instruction/{dossier.reference}/corrections/{request.pk}/appliquer/", follow=True
    )
    assert "répondez-y dans la messagerie" in page(applied)
    assert CorrectionRequest.objects.get().state == "pending"
    message = request.inbox_message
    desk.post(f"/instruction/messages/{message.pk}/", {"answer": "Le prénom Amel est corrigé."})
    request.refresh_from_db()
    assert request.state == "answered" and request.answered_by == agent
    mine = page(client.get(f"/demarches/{dossier.reference}/"))
    assert "Répondue" in mine and "Le prénom Amel est corrigé." in mine
    assert grant(dossier, agent).state == "granted"


def test_an_applied_new_address_moves_the_file_and_its_attestation(submitted, agent) -> None:
    client, dossier = submitted
    PrefectureFactory(department_code="69", name="Préfecture du Rhône")
    dossier_take(dossier=dossier, agent=agent)
    address = {"street": "2 rue de la République", "postal_code": "69002", "city": "Lyon"}
    client.post(
        f"/demarches/{dossier.reference}/corriger/adresse/", {**address, "why": "J'ai déménagé."}
    )
    request = CorrectionRequest.objects.get(step="address")
    desk = Client()
    login_verified(desk, agent)
    response = desk.post(f"/instruction/{dossier.reference}/corrections/{request.pk}/appliquer/")
    assert response["Location"] == "/instruction/"  # no longer this prefecture's file
    dossier.refresh_from_db()
    assert dossier.prefecture.department_code == "69" and dossier.assigned_to is None
    current = Attestation.objects.get(dossier=dossier, superseded_on__isnull=True)
    assert current.prefecture_name == "Préfecture du Rhône"
    assert OutboxMessage.objects.filter(dossier=dossier, attestation=current).exists()
    assert "passe à Préfecture du Rhône" in page(desk.get("/instruction/"))
