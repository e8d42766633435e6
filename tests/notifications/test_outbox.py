"""The outbox loses no message and sends none twice: a worker that stops, an SMTP server
that is down then up."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from sejour.notifications.models import OutboxMessage
from sejour.notifications.services import notify
from sejour.notifications.tasks import sweep
from tests.conftest import Inbox, free_port
from tests.factories.accounts import UserFactory

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


def a_message() -> OutboxMessage:
    user = UserFactory(email="amal@example.org", language="ar")
    return notify(
        user=user,
        template="minor_credentials",
        context={"minor_name": "Sami", "username": "7", "password": "p", "login_url": "u"},
    )


def test_a_message_is_sent_once_by_the_worker(smtp: Inbox) -> None:
    message = a_message()  # enqueued on commit (transactional test)
    worker()
    worker()
    assert len(smtp.messages) == 1
    message.refresh_from_db()
    assert message.sent_at is not None and message.attempts == 1
    assert smtp.messages[0]["Content-Language"] == "ar"


def test_a_worker_stopped_mid_task_loses_nothing_and_sends_once(smtp: Inbox) -> None:
    message = a_message()
    # The worker took the task and stopped before sending: the task is left "running".
    DBTaskResult.objects.update(status="RUNNING", started_at=timezone.now())
    worker()
    assert smtp.messages == []
    OutboxMessage.objects.filter(pk=message.pk).update(
        created_at=timezone.now() - timedelta(hours=1)
    )
    assert sweep() == 1  # what `manage.py run_worker` does first when it starts again
    worker()
    worker()
    assert len(smtp.messages) == 1


def test_smtp_down_then_up_sends_exactly_once(settings) -> None:
    port = free_port()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", port, 2
    message = a_message()
    worker()  # nobody listens: the attempt fails and is counted, a retry is scheduled
    message.refresh_from_db()
    assert message.sent_at is None and message.attempts == 1 and message.last_error
    assert DBTaskResult.objects.filter(status="READY", run_after__gt=timezone.now()).exists()

    from aiosmtpd.controller import Controller

    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        DBTaskResult.objects.filter(status="READY").update(run_after=timezone.now())
        worker()
        OutboxMessage.objects.filter(pk=message.pk).update(
            created_at=timezone.now() - timedelta(hours=1)
        )
        sweep(timedelta(0))  # even a needless recovery does not send it again
        worker()
    finally:
        controller.stop()
    assert len(inbox.messages) == 1
    message.refresh_from_db()
    assert message.sent_at is not None and message.attempts == 2
