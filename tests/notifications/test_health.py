"""/sante/: the database, the task worker's heartbeat, the oldest unsent message, the
failed ones; 503 when the service cannot do its job; no personal data, no configuration."""

from __future__ import annotations

from datetime import timedelta
from unittest import mock

import pytest
from django.db import OperationalError
from django.test import Client
from django.utils import timezone

from sejour.notifications.models import OutboxMessage, WorkerHeartbeat
from tests.factories.accounts import UserFactory

pytestmark = pytest.mark.django_db


def beat(seconds_ago: float = 1) -> None:
    at = timezone.now() - timedelta(seconds=seconds_ago)
    WorkerHeartbeat.objects.create(worker_id="w", pid=4242, started_at=at, beat_at=at)


def message(status: str = "pending", minutes_ago: int = 0) -> OutboxMessage:
    user = UserFactory(email="amal.nour@example.org", first_name="Amal", last_name="NOUR")
    created = OutboxMessage.objects.create(
        user=user, to=user.email, subject="Votre attestation NOUR", body="…", status=status
    )
    OutboxMessage.objects.filter(pk=created.pk).update(
        created_at=timezone.now() - timedelta(minutes=minutes_ago)
    )
    return created


def test_healthy_with_a_live_worker_and_messages_on_time() -> None:
    beat()
    message(minutes_ago=2)
    message("failed")
    message("sent", minutes_ago=60)
    response = Client().get("/sante/")
    assert response.status_code == 200 and response["Content-Type"] == "application/json"
    assert "no-store" in response["Cache-Control"]
    report = response.json()
    assert report["status"] == "ok" and report["problems"] == [] and report["database"] == "ok"
    assert report["worker"]["alive"] == 1
    assert 1 <= report["worker"]["last_heartbeat_seconds_ago"] < 30
    assert report["outbox"]["unsent"] == 1 and report["outbox"]["failed"] == 1
    assert 120 <= report["outbox"]["oldest_unsent_seconds"] < 180


def test_no_live_worker_is_a_503(settings) -> None:
    settings.SEJOUR_WORKER_LEASE_SECONDS = 60
    response = Client().get("/sante/")
    assert response.status_code == 503 and response.json()["problems"] == ["worker"]
    beat(seconds_ago=300)  # a worker that died five minutes ago
    report = Client().get("/sante/").json()
    assert report["problems"] == ["worker"] and report["worker"]["alive"] == 0
    assert report["worker"]["last_heartbeat_seconds_ago"] >= 300


def test_a_message_waiting_too_long_is_a_503(settings) -> None:
    settings.SEJOUR_HEALTH_OUTBOX_LATE_SECONDS = 900
    beat()
    message(minutes_ago=20)
    response = Client().get("/sante/")
    assert response.status_code == 503 and response.json()["problems"] == ["outbox_late"]


def test_the_database_down_is_a_503_without_the_error_text() -> None:
    failure = OperationalError('connection to server at "10.0.0.7", port 5432 failed')
    with mock.patch.object(WorkerHeartbeat.objects, "aggregate", side_effect=failure):
        response = Client().get("/sante/")
    assert response.status_code == 503
    assert response.json() == {
        "status": "unavailable",
        "problems": ["database"],
        "database": "down",
    }
    assert b"10.0.0.7" not in response.content


def test_it_reveals_no_personal_data_and_no_configuration(settings) -> None:
    beat()
    message()
    body = Client().get("/sante/").content.decode().lower()
    for secret in ("amal", "nour", "example.org", "4242", "attestation", settings.EMAIL_HOST):
        assert secret.lower() not in body
    for word in ("sqlite", "postgres", "smtp", "version", "django", "host"):
        assert word not in body


def test_only_get_and_head_and_no_tls_redirect_for_the_probe(settings) -> None:
    settings.SECURE_SSL_REDIRECT = True
    beat()
    assert Client().post("/sante/").status_code == 405
    assert Client().head("/sante/").status_code == 200
    assert Client().get("/sante/").status_code == 200
    assert Client().get("/").status_code == 301  # the pages themselves still go to https
