"""Two agents acting on the same file at once: one succeeds, the other is told; no lost
update. The row lock is PostgreSQL's (SQLite serialises whole writes instead)."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections

from sejour.dossiers.models import Dossier
from sejour.dossiers.services import TransitionRefused
from sejour.instruction.services import dossier_take
from tests.factories.accounts import AgentFactory, PrefectureFactory
from tests.instruction.test_queue_and_file import make_dossier

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks are tested on PostgreSQL")
def test_two_agents_take_the_same_file_at_once() -> None:
    paris = PrefectureFactory(department_code="75")
    dossier = make_dossier(paris)
    agents = [AgentFactory(prefecture=paris) for _ in range(2)]
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def take(agent) -> None:
        try:
            barrier.wait()
            dossier_take(dossier=Dossier.objects.get(pk=dossier.pk), agent=agent)
            outcomes.append("took")
        except TransitionRefused as refused:
            outcomes.append(f"refused:{refused.current}")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=take, args=(agent,)) for agent in agents]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["refused:in_instruction", "took"]
    dossier.refresh_from_db()
    assert dossier.state == "in_instruction" and dossier.assigned_to in agents
    assert dossier.events.count() == 1
