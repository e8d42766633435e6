"""Two agents answer the same correction request at once: one wins, the other is told;
one version kept, one re-assessment (PostgreSQL row locks)."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections

from sejour.dossiers.corrections import (
    CorrectionRefused,
    correction_apply,
    correction_refuse,
    correction_request,
)
from sejour.dossiers.models import CorrectionRequest, DossierVersion
from sejour.instruction.services import dossier_take
from tests.dossiers.test_corrections import submitted  # noqa: F401  (fixture)
from tests.factories.accounts import AgentFactory

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks: PostgreSQL"),
]


def test_an_apply_and_a_refusal_at_once_one_wins(submitted) -> None:  # noqa: F811
    _client, dossier = submitted
    agents = [AgentFactory(prefecture=dossier.prefecture) for _ in range(2)]
    dossier_take(dossier=dossier, agent=agents[0])
    situation = {**dossier.snapshot["situation"], "status": "subsidiary"}
    request = correction_request(
        dossier=dossier,
        by=dossier.applicant,
        text="Protection subsidiaire.",
        step="situation",
        data=situation,
    )
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def answer(index: int) -> None:
        try:
            barrier.wait()
            if index == 0:
                correction_apply(correction=request, agent=agents[0])
            else:
                correction_refuse(
                    correction=request, agent=agents[1], reason="Le justificatif manque."
                )
            outcomes.append("done")
        except CorrectionRefused as refused:
            outcomes.append(refused.code)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=answer, args=(i,)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["answered", "done"]
    state = CorrectionRequest.objects.get().state
    assert state in ("applied", "refused")
    assert DossierVersion.objects.count() == (1 if state == "applied" else 0)
