"""The outbox loses no message and sends none twice: a worker that stops, an SMTP server
down then up, a permanent refusal, a hung relay, a lost enqueue (issue 14)."""

from __future__ import annotations

import threading
import time
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import connection, connections, transaction
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from sejour.audit.models import AuditEvent
from sejour.notifications.delivery import backoff
from sejour.notifications.models import OutboxMessage, WorkerHeartbeat
from sejour.notifications.services import notify
from sejour.notifications.tasks import sweep
from sejour.notifications.worker import release_orphaned_tasks
from tests.conftest import Inbox, free_port
from tests.factories.accounts import UserFactory
from tests.notifications.relays import HungRelay, Refusing, serve

pytestmark = pytest.mark.django_db(transaction=True)


def worker() -> None:
    call_command(
        "db_worker",
        "--batch",
        "--no-startup-delay",
        "--no-reload",
        "--queue-name",
        "*",
        verbosity=0,
    )


def a_message(email: str = "amal@example.org") -> OutboxMessage:
    user = UserFactory(email=email, language="ar")
    return notify(
        user=user,
        template="minor_credentials",
        context={"minor_name": "Sami", "username": "7", "password": "p", "login_url": "u"},
    )


def use_smtp(settings, port: int, timeout: int = 2) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_USE_TLS = "127.0.0.1", port, False
    settings.EMAIL_TIMEOUT = timeout


def due_now() -> None:
    """The backoff has passed (instead of waiting for it)."""
    OutboxMessage.objects.update(next_attempt_at=timezone.now())
    DBTaskResult.objects.filter(status="READY").update(run_after=timezone.now())


def test_a_message_is_sent_once_with_its_own_message_id(smtp: Inbox) -> None:
    message = a_message()  # its task is written with it, in the same transaction
    worker()
    worker()
    assert len(smtp.messages) == 1
    message.refresh_from_db()
    assert message.status == "sent" and message.sent_at is not None and message.attempts == 1
    assert smtp.messages[0]["Content-Language"] == "ar"
    assert smtp.messages[0]["Message-ID"] == message.message_id
    assert message.message_id != a_message("b@example.org").message_id


def test_a_task_left_running_by_a_dead_worker_is_taken_back_after_the_lease(
    smtp: Inbox, settings
) -> None:
    settings.SEJOUR_WORKER_LEASE_SECONDS = 60
    message = a_message()
    # The worker took the task and died before sending: the task is left "running".
    DBTaskResult.objects.update(status="RUNNING", started_at=timezone.now())
    worker()
    assert smtp.messages == []
    assert release_orphaned_tasks() == 0  # within the lease: perhaps still running
    DBTaskResult.objects.update(started_at=timezone.now() - timedelta(minutes=2))
    # A live worker (fresh heartbeat) that names the task as its own keeps it.
    (task_id,) = DBTaskResult.objects.values_list("id", flat=True)
    beat = WorkerHeartbeat.objects.create(
        worker_id="w1", pid=1, started_at=timezone.now(), beat_at=timezone.now(), task_id=task_id
    )
    assert release_orphaned_tasks() == 0
    beat.delete()
    assert release_orphaned_tasks() == 1
    worker()
    worker()
    assert len(smtp.messages) == 1
    message.refresh_from_db()
    assert message.status == "sent"


def test_a_task_that_kills_every_worker_is_given_up() -> None:
    a_message()
    DBTaskResult.objects.update(
        status="RUNNING",
        started_at=timezone.now() - timedelta(hours=1),
        worker_ids=["a", "b", "c", "d", "e"],
    )
    assert release_orphaned_tasks() == 1
    assert DBTaskResult.objects.get().status == "FAILED"


def test_a_lost_enqueue_is_found_by_the_sweep(smtp: Inbox) -> None:
    message = a_message()
    DBTaskResult.objects.all().delete()  # the web process died before the enqueue
    assert sweep() == 0  # too recent: its own delivery may be on its way
    OutboxMessage.objects.update(created_at=timezone.now() - timedelta(minutes=5))
    assert sweep() == 1
    assert sweep() == 0  # its task is waiting now: no second one
    worker()
    assert sweep() == 0
    assert len(smtp.messages) == 1
    message.refresh_from_db()
    assert message.status == "sent"


def test_a_delivery_that_failed_on_a_database_error_is_retried(smtp: Inbox) -> None:
    message = a_message()
    # The database went away while the task claimed the message: the task "failed".
    DBTaskResult.objects.update(status="FAILED", finished_at=timezone.now())
    OutboxMessage.objects.update(created_at=timezone.now() - timedelta(minutes=5))
    assert sweep() == 1
    worker()
    assert len(smtp.messages) == 1
    message.refresh_from_db()
    assert message.status == "sent"


def test_smtp_down_then_up_sends_exactly_once(settings) -> None:
    port = free_port()
    use_smtp(settings, port)
    message = a_message()
    worker()  # nobody listens: the attempt fails and is counted, a retry is scheduled
    message.refresh_from_db()
    assert message.status == "pending" and message.attempts == 1 and message.last_error
    assert message.next_attempt_at > timezone.now() + timedelta(seconds=20)
    assert DBTaskResult.objects.filter(status="READY", run_after__gt=timezone.now()).count() == 1
    inbox = Inbox()
    controller = serve(inbox, port)
    try:
        due_now()
        worker()
        OutboxMessage.objects.update(created_at=timezone.now() - timedelta(hours=1))
        assert sweep() == 0  # sent: nothing to recover
        worker()
    finally:
        controller.stop()
    assert len(inbox.messages) == 1
    message.refresh_from_db()
    assert message.status == "sent" and message.attempts == 2


def test_a_temporary_refusal_is_retried_with_a_capped_exponential_backoff(settings) -> None:
    relay = Refusing("451 4.3.0 Try again later")
    controller = serve(relay)
    use_smtp(settings, controller.port)
    message = a_message()
    try:
        worker()
        message.refresh_from_db()
        assert message.status == "pending" and message.last_error.startswith("451")
        due_now()
        worker()
    finally:
        controller.stop()
    message.refresh_from_db()
    assert relay.refused == 2 and message.attempts == 2
    assert [backoff(n).total_seconds() for n in (1, 2, 3)] == [30, 60, 120]
    assert backoff(30) == timedelta(hours=1)


def test_a_permanent_refusal_fails_the_message_and_is_never_retried(settings) -> None:
    relay = Refusing("550 5.1.1 <amal@example.org>: mailbox unknown")
    controller = serve(relay)
    use_smtp(settings, controller.port)
    message = a_message()
    try:
        worker()
        due_now()
        OutboxMessage.objects.update(created_at=timezone.now() - timedelta(hours=1))
        assert sweep() == 0
        worker()
    finally:
        controller.stop()
    message.refresh_from_db()
    assert relay.refused == 1
    assert message.status == "failed" and message.failed_at is not None
    assert message.last_error == "550 5.1.1 <amal@example.org>: mailbox unknown"
    assert not DBTaskResult.objects.filter(status="READY").exists()
    event = AuditEvent.objects.get(action="message.failed")
    assert event.target_id == str(message.pk)


def test_a_hung_relay_times_out_without_holding_a_transaction(settings) -> None:
    relay = HungRelay()
    use_smtp(settings, relay.port, timeout=1)
    a_message()
    a_message("b@example.org")
    other: list[float] = []
    locked: list[OutboxMessage] = []

    def meanwhile() -> None:
        time.sleep(0.3)  # the worker is waiting for the relay's greeting
        started = time.monotonic()
        a_message("c@example.org")  # a deposit's message, say: it commits at once
        other.append(time.monotonic() - started)
        if connection.features.has_select_for_update_nowait:
            with transaction.atomic():  # no row is locked while the relay is waited for
                locked.extend(OutboxMessage.objects.select_for_update(nowait=True))
        connections.close_all()

    thread = threading.Thread(target=meanwhile)
    started = time.monotonic()
    try:
        thread.start()
        worker()
        thread.join()
    finally:
        relay.close()
    assert time.monotonic() - started < 8  # three messages, one second each at most
    assert other and other[0] < 1
    assert locked or not connection.features.has_select_for_update_nowait
    states = set(OutboxMessage.objects.values_list("status", flat=True))
    assert states == {"pending"}
    assert all("timed out" in e for e in OutboxMessage.objects.values_list("last_error", flat=True))
