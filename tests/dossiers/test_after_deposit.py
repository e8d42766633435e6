"""After the deposit: corrections (000 Q26) and complements (000 Q30–Q31)."""

from __future__ import annotations

import html
from datetime import date

import pytest
from django.test import Client

from sejour.dossiers.after_deposit import complement_request
from sejour.dossiers.models import CorrectionRequest, Dossier, DossierVersion
from sejour.dossiers.services import TransitionRefused, dossier_transition
from sejour.notifications.models import OutboxMessage
from tests.dossiers.helpers import complete_documents, deposit, fill_to_documents, pdf
from tests.factories.accounts import AgentFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)
DOCS = ["decision_protection", "justificatif_domicile"]


@pytest.fixture
def submitted():
    user = UserFactory(username="7400000001", email="amal@example.org")
    client = Client()
    client.force_login(user)
    reference = fill_to_documents(client)
    complete_documents(client, reference, DOCS)
    deposit(client, reference)
    return client, Dossier.objects.get(reference=reference)


def test_before_an_agent_opens_it_the_applicant_corrects_and_the_old_version_is_kept(
    submitted,
) -> None:
    client, dossier = submitted
    response = client.post(
        f"/demarches/{dossier.reference}/corriger/adresse/",
        {"street": "8 avenue Foch", "postal_code": "75016", "city": "Paris"},
    )
    assert response.status_code == 302
    dossier.refresh_from_db()
    assert dossier.snapshot["address"]["street"] == "8 avenue Foch"
    (version,) = DossierVersion.objects.filter(dossier=dossier)
    assert version.snapshot["address"]["street"] == "3 rue de la Paix"
    assert (
        client.post(
            f"/demarches/{dossier.reference}/corriger/adresse/",
            {"street": "", "postal_code": "7", "city": ""},
        ).status_code
        == 200
    )


def test_once_opened_the_applicant_asks_for_a_correction_instead(submitted) -> None:
    client, dossier = submitted
    dossier_transition(dossier=dossier, to="in_instruction", by=AgentFactory())
    response = client.post(
        f"/demarches/{dossier.reference}/corriger/adresse/",
        {
            "street": "8 avenue Foch",
            "postal_code": "75016",
            "city": "Paris",
            "why": "J'ai déménagé.",
        },
    )
    assert response["Location"] == f"/demarches/{dossier.reference}/"
    assert not DossierVersion.objects.exists()  # a request to the agent, nothing changed yet
    assert CorrectionRequest.objects.get(dossier=dossier, step="address").text == "J'ai déménagé."
    client.post(f"/demarches/{dossier.reference}/correction/", {"text": "Mon prénom est Amel."})
    assert CorrectionRequest.objects.get(dossier=dossier, step="").text == "Mon prénom est Amel."


def test_a_complement_is_answered_by_keeping_or_replacing_each_document(submitted) -> None:
    client, dossier = submitted
    agent = AgentFactory(prefecture=dossier.prefecture)
    dossier = dossier_transition(dossier=dossier, to="in_instruction", by=agent)
    complement_request(
        dossier=dossier,
        agent=agent,
        answer_by=date(2027, 1, 15),
        items=[
            {"code": "justificatif_domicile", "reason": "Illisible"},
            {"code": "decision_protection", "reason": "Page 2 manquante"},
        ],
    )
    assert OutboxMessage.objects.filter(dossier=dossier, subject__contains="document").exists()
    url = f"/demarches/{dossier.reference}/complement/"
    assert "Illisible" in client.get(url).content.decode()
    incomplete = client.post(url, {"action": "send", "answer-justificatif_domicile": "replaced"})
    assert "Envoyez d'abord le nouveau fichier" in html.unescape(incomplete.content.decode())
    import io

    file = io.BytesIO(pdf())
    file.name = "domicile.pdf"
    assert (
        client.post(
            url, {"action": "upload", "code": "justificatif_domicile", "file": file}
        ).status_code
        == 302
    )
    done = client.post(
        url,
        {
            "action": "send",
            "answer-justificatif_domicile": "replaced",
            "answer-decision_protection": "kept",
        },
    )
    assert done.status_code == 302
    dossier.refresh_from_db()
    assert dossier.state == "in_instruction"
    assert dossier.documents.filter(code="justificatif_domicile").count() == 2  # both versions kept


def test_the_transition_table_refuses_what_the_state_does_not_allow(submitted) -> None:
    _client, dossier = submitted
    with pytest.raises(TransitionRefused):
        dossier_transition(dossier=dossier, to="handed_over", by=AgentFactory())
    events = list(dossier.events.values_list("from_state", "to_state"))
    assert events == [("draft", "submitted")]
    with pytest.raises(PermissionError):
        dossier.events.first().delete()
