"""Correction requests already answered in the inbox before they had a state are
answered after the migration, and so do not hold up a decision."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

pytestmark = pytest.mark.django_db(transaction=True)
BEFORE = [("dossiers", "0009_h5_correction_request_state")]
AFTER = [("dossiers", "0010_h5_corrections_answered_before")]


def test_requests_answered_in_the_inbox_become_answered() -> None:
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    # The state of every migration still applied: sibling branches of dossiers (merged
    # beside this one) stay applied and their columns must be in the models used here.
    applied = list(executor.recorder.applied_migrations())
    apps = executor.loader.project_state(applied).apps
    User = apps.get_model("accounts", "User")
    Dossier = apps.get_model("dossiers", "Dossier")
    CorrectionRequest = apps.get_model("dossiers", "CorrectionRequest")
    user = User.objects.create(username="7400000099")
    dossier = Dossier.objects.create(
        reference="D-MIGRATION1",
        procedure="first_permit",
        applicant=user,
        filer=user,
        state="in_instruction",
    )
    now = timezone.now()
    answered = CorrectionRequest.objects.create(
        dossier=dossier, text="Prénom", created_by=user, handled_at=now
    )
    waiting = CorrectionRequest.objects.create(dossier=dossier, text="Nom", created_by=user)
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(AFTER)
    apps = executor.loader.project_state(list(executor.recorder.applied_migrations())).apps
    rows = apps.get_model("dossiers", "CorrectionRequest").objects
    assert rows.get(pk=answered.pk).state == "answered"
    assert rows.get(pk=answered.pk).answered_at == now
    assert rows.get(pk=waiting.pk).state == "pending"
    executor.migrate(executor.loader.graph.leaf_nodes())
