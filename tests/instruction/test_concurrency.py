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


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks are tested on PostgreSQL")
def test_two_agents_hand_over_with_the_same_stamp_at_once() -> None:
    """Two files, one 25 € stamp, two agents pressing "hand over" together: the stamp
    is consumed once, one card is handed over, the other agent is told it is used."""
    from sejour.instruction.services import HandoverRefused, card_hand_over
    from sejour.integrations.models import TaxStamp

    paris = PrefectureFactory(department_code="75")
    stamp = TaxStamp.objects.create(number="7777000011112222", amount_eur=25)
    agents = [AgentFactory(prefecture=paris) for _ in range(2)]
    files = [
        make_dossier(
            paris,
            state="card_available",
            assessment={"fees_total_eur": 25},
            decision={"outcome": "granted", "card": {"kind": "carte_resident"}},
        )
        for _ in agents
    ]
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def hand_over(agent, dossier) -> None:
        try:
            barrier.wait()
            card_hand_over(
                dossier=Dossier.objects.get(pk=dossier.pk),
                agent=agent,
                stamps=[stamp.number],
                old_card_returned=False,
            )
            outcomes.append(dossier.reference)
        except HandoverRefused as refused:
            outcomes.append(f"refused:{refused.code}:{refused.detail}")
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=hand_over, args=pair) for pair in zip(agents, files, strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    stamp.refresh_from_db()
    winner = next(d for d in files if d.reference == stamp.used_by)
    assert sorted(outcomes) == sorted([winner.reference, f"refused:stamp_used:{stamp.number}"])
    states = {d.reference: Dossier.objects.get(pk=d.pk).state for d in files}
    assert sorted(states.values()) == ["card_available", "handed_over"]
    assert states[winner.reference] == "handed_over"
