"""The administrators' figures per prefecture, the queue as CSV, the audit trail."""

# ruff: noqa: F811 - pytest fixtures imported from the queue tests
from __future__ import annotations

import csv
import html
import io
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client

from sejour.audit.models import AuditEvent
from sejour.dossiers.models import DossierDocument
from sejour.dossiers.services import dossier_transition
from sejour.instruction.stats import _durations
from tests.accounts.helpers import login_verified
from tests.factories.accounts import AdminFactory, AgentFactory, PrefectureFactory
from tests.instruction.test_queue_and_file import agent_client, make_dossier, paris  # noqa: F401

pytestmark = pytest.mark.django_db
PARIS_TZ = ZoneInfo("Europe/Paris")


def text(response) -> str:
    return html.unescape(response.content.decode())


@pytest.fixture
def admin():
    client = Client()
    login_verified(client, AdminFactory(first_name="Inès", last_name="ROY"))
    return client


def at(day: str):
    return time_machine.travel(datetime.fromisoformat(day).replace(tzinfo=PARIS_TZ), tick=False)


def decided(prefecture, agent, *, after_days: int, handed_after: int | None = None):
    dossier = make_dossier(prefecture, state="in_instruction", assigned_to=agent)
    dossier.submitted_at = datetime(2026, 1, 1, 9, tzinfo=PARIS_TZ)
    dossier.save()
    with at(f"2026-01-{1 + after_days:02d} 09:00"):
        dossier = dossier_transition(
            dossier=dossier,
            to="granted",
            by=agent,
            decided_at=datetime(2026, 1, 1 + after_days, 9, tzinfo=PARIS_TZ),
        )
    if handed_after is not None:
        for state in ("card_ordered", "card_available"):
            dossier = dossier_transition(dossier=dossier, to=state, by=agent)
        with at(f"2026-02-{handed_after - 30:02d} 09:00"):
            dossier = dossier_transition(dossier=dossier, to="handed_over", by=agent)
    return dossier


def test_quantiles() -> None:
    assert _durations(iter([])).median_days is None
    start = datetime(2026, 1, 1)
    one = _durations(iter([(start, start + timedelta(days=3))]))
    assert (one.count, one.median_days, one.p90_days) == (1, 3.0, 3.0)
    many = _durations(iter([(start, start + timedelta(days=d)) for d in range(1, 11)]))
    assert many.median_days == 5.5 and many.p90_days == 9.1


def test_figures_per_prefecture(admin, paris) -> None:
    agent = AgentFactory(prefecture=paris)
    for days in (2, 4, 6, 8, 10):
        decided(paris, agent, after_days=days)
    decided(paris, agent, after_days=3, handed_after=40)
    make_dossier(paris, deadline_in=-3)  # overdue
    make_dossier(paris, deadline_in=-1, state="handed_over")  # closed: not overdue
    make_dossier(PrefectureFactory(department_code="69"), deadline_in=-30)  # elsewhere
    listing = text(admin.get("/pilotage/"))
    assert "Préfecture 75 (75)" in listing
    page = text(admin.get("/pilotage/prefectures/75/"))
    assert 'id="en-retard">1<' in page
    # deposit → decision: 2, 3, 4, 6, 8, 10 days: median 5.0, p90 9.0
    assert "<td>6</td><td>5,0</td><td>9,0</td>" in page.replace("\n", "")
    # deposit → handover: one file, 40 days
    assert "<td>1</td><td>40,0</td><td>40,0</td>" in page.replace("\n", "")
    assert admin.get("/pilotage/prefectures/99/").status_code == 404


def test_the_queue_as_csv_is_scoped_quoted_and_recorded(admin, paris) -> None:
    make_dossier(paris, name='=HYPERLINK("http://x")', deadline_in=10)
    make_dossier(paris, name="NOUR Amal", deadline_in=-2)
    make_dossier(PrefectureFactory(department_code="69"), name="LYON Only")
    response = admin.get("/pilotage/prefectures/75/file.csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    body = b"".join(response.streaming_content).decode("utf-8")
    assert body.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(body.lstrip("\ufeff")), delimiter=";"))
    assert [r["Titulaire"] for r in rows] == ["NOUR Amal", '\'=HYPERLINK("http://x")']
    assert rows[0]["Jours restants"] == "-2" and rows[1]["Jours restants"] == "10"
    assert "LYON" not in body
    assert AuditEvent.objects.filter(action="pilotage.queue_exported").count() == 1


def test_the_audit_trail_shows_actions_and_document_views_with_the_agent(
    admin, agent_client, paris
) -> None:
    agent, client = agent_client
    dossier = make_dossier(paris)
    document = DossierDocument.objects.create(
        dossier=dossier,
        code="passeport",
        file="x",
        original_name="p.pdf",
        content_type="application/pdf",
        size=1,
        sha256="0" * 64,
        uploaded_by=dossier.applicant,
    )
    client.post(f"/instruction/{dossier.reference}/take/")
    AuditEvent.objects.create(
        actor=agent,
        action="document.viewed",
        target_type="dossiers.dossierdocument",
        target_id=str(document.pk),
    )
    page = text(admin.get(f"/pilotage/dossiers/{dossier.reference}/journal/"))
    assert "submitted → in_instruction" in page and "dossier.taken" in page
    assert "document.viewed" in page and "Karim BENALI" in page
    assert AuditEvent.objects.filter(
        action="audit.trail_viewed", target_id=str(dossier.pk)
    ).exists()
    found = admin.get("/pilotage/", {"dossier": dossier.reference.lower()})
    assert found["Location"] == f"/pilotage/dossiers/{dossier.reference}/journal/"
    unknown = admin.get("/pilotage/", {"dossier": "D-NOPE"})
    assert unknown.status_code == 404 and "Aucun dossier ne porte le numéro D-NOPE" in text(unknown)
    assert client.get(f"/pilotage/dossiers/{dossier.reference}/journal/").status_code == 403


def test_the_trail_cannot_be_edited_or_deleted_even_from_the_django_admin(admin, paris) -> None:
    event = AuditEvent.objects.create(action="dossier.taken", target_type="dossiers.dossier")
    with pytest.raises(PermissionError):
        AuditEvent.objects.filter(pk=event.pk).update(action="x")
    with pytest.raises(PermissionError):
        AuditEvent.objects.filter(pk=event.pk).delete()
    base = f"/admin/audit/auditevent/{event.pk}"
    assert admin.post(f"{base}/delete/", {"post": "yes"}).status_code == 403
    admin.post(f"{base}/change/", {"action": "changed"})
    assert admin.post("/admin/audit/auditevent/add/", {"action": "forged"}).status_code == 403
    event.refresh_from_db()
    assert event.action == "dossier.taken" and AuditEvent.objects.count() >= 1
    assert not AuditEvent.objects.filter(action__in=["changed", "forged"]).exists()
