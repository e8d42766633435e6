"""The agent takes the file while the applicant corrects it: one wins, the other is told
in words, never a 500. First the exact interleaving (the take commits between the
correction page's check and its row lock), then real races on PostgreSQL."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections
from django.test import Client

from sejour.dossiers import corrections
from sejour.dossiers.forms import SituationStepForm
from sejour.dossiers.models import Dossier
from sejour.instruction.services import dossier_take
from tests.accounts.helpers import login_verified
from tests.dossiers.helpers import SITUATION_REFUGEE
from tests.factories.accounts import AgentFactory, PrefectureFactory
from tests.instruction.test_queue_and_file import make_dossier

ADDRESS = {"street": "5 rue Neuve", "postal_code": "75011", "city": "Paris", "phone": ""}
TOLD = "La préfecture vient d&#x27;ouvrir votre dossier"


def situation_draft() -> dict:
    """A refugee's situation as the deposit keeps it (the engine re-runs on corrections)."""
    form = SituationStepForm(SITUATION_REFUGEE)
    assert form.is_valid(), form.errors
    return form.as_draft()


def applicant_of(dossier) -> Client:
    client = Client()
    client.force_login(dossier.applicant)
    return client


@pytest.mark.django_db
def test_a_take_between_the_check_and_the_lock_gives_a_message(monkeypatch) -> None:
    paris = PrefectureFactory(department_code="75")
    dossier = make_dossier(
        paris,
        draft={"address": ADDRESS, "situation": situation_draft()},
        snapshot={"address": ADDRESS},
    )
    agent = AgentFactory(prefecture=paris)
    real = corrections.dossier_correct

    def taken_first(**kwargs):
        dossier_take(dossier=Dossier.objects.get(pk=dossier.pk), agent=agent)
        return real(**kwargs)

    monkeypatch.setattr(corrections, "dossier_correct", taken_first)
    client = applicant_of(dossier)
    response = client.post(f"/demarches/{dossier.reference}/corriger/adresse/", ADDRESS)
    assert response.status_code == 302
    assert response["Location"] == f"/demarches/{dossier.reference}/"
    assert TOLD in client.get(response["Location"]).content.decode()
    dossier.refresh_from_db()
    assert dossier.state == "in_instruction" and dossier.versions.count() == 0


ASKED_WHY = "Dites en quelques mots ce qui change"


def race(agent_client: Client, dossier) -> list[int]:
    """The applicant's correction and the agent's take sent at the same instant. A
    correction page that read the file already taken answers 200 with its correction
    request form, asking why (the correction became a request): counted as 302 here when
    it says so, as any other clear answer; anything else keeps its status."""
    applicant = applicant_of(dossier)
    barrier = threading.Barrier(2)
    statuses: list[int] = []
    sends = (
        lambda: applicant.post(f"/demarches/{dossier.reference}/corriger/adresse/", ADDRESS),
        lambda: agent_client.post(f"/instruction/{dossier.reference}/take/"),
    )

    def run(send) -> None:
        try:
            barrier.wait()
            response = send()
            told = response.status_code == 200 and ASKED_WHY in response.content.decode()
            statuses.append(302 if told else response.status_code)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(send,)) for send in sends]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return statuses  # a request that raised (a 500) appends nothing


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks are tested on PostgreSQL")
def test_ten_races_between_a_take_and_a_correction_end_without_a_500() -> None:
    paris = PrefectureFactory(department_code="75")
    agent = AgentFactory(prefecture=paris)
    agent_client = Client()
    login_verified(agent_client, agent)
    statuses: list[int] = []
    for _ in range(10):
        dossier = make_dossier(
            paris,
            draft={"address": ADDRESS, "situation": situation_draft()},
            snapshot={"address": ADDRESS},
        )
        statuses += race(agent_client, dossier)
        dossier.refresh_from_db()
        assert dossier.state == "in_instruction" and dossier.assigned_to == agent
        assert dossier.events.count() == 1
    assert statuses == [302] * 20


@pytest.mark.django_db
def test_a_file_moved_to_another_prefecture_meanwhile_is_not_taken() -> None:
    """The applicant's new address sends the file to Lyon just before a Paris agent's
    take reaches the lock: the take is refused, the file waits in Lyon's queue."""
    from sejour.dossiers.services import TransitionRefused

    paris, lyon = PrefectureFactory(department_code="75"), PrefectureFactory(department_code="69")
    dossier = make_dossier(
        paris,
        draft={"address": ADDRESS, "situation": situation_draft()},
        snapshot={"address": ADDRESS},
    )
    stale = Dossier.objects.get(pk=dossier.pk)  # what the agent's page read
    moved = {**ADDRESS, "postal_code": "69003", "city": "Lyon"}
    corrections.dossier_correct(dossier=dossier, by=dossier.applicant, step="address", data=moved)
    with pytest.raises(TransitionRefused):
        dossier_take(dossier=stale, agent=AgentFactory(prefecture=paris))
    dossier.refresh_from_db()
    assert dossier.state == "submitted" and dossier.prefecture == lyon
    assert dossier.assigned_to is None
