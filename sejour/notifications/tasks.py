"""Delivery of the outbox, by the task worker (django-tasks, database backend)."""

from __future__ import annotations

from datetime import timedelta

from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django_tasks import task

from sejour.notifications.models import OutboxMessage

MAX_DELAY = 3600


@task()
def deliver(message_id: int) -> str:
    """Send one message once. On failure, count the attempt and try again later."""
    with transaction.atomic():
        message = OutboxMessage.objects.select_for_update().filter(pk=message_id).first()
        if message is None or message.sent_at is not None:
            return "already sent"
        try:
            _send(message)
        except Exception as exc:
            failure = f"{type(exc).__name__}: {exc}"[:500]
        else:
            message.sent_at = timezone.now()
            message.last_attempt_at = message.sent_at
            message.attempts += 1
            message.save(update_fields=["sent_at", "last_attempt_at", "attempts"])
            return "sent"
        message.attempts += 1
        message.last_error = failure
        message.last_attempt_at = timezone.now()
        message.save(update_fields=["attempts", "last_error", "last_attempt_at"])
        delay = min(2**message.attempts * 5, MAX_DELAY)
    deliver.using(run_after=timezone.now() + timedelta(seconds=delay)).enqueue(message_id)
    return "retry"


def _send(message: OutboxMessage) -> None:
    email = EmailMessage(
        message.subject, message.body, to=[message.to], headers={"Content-Language": message.lang}
    )
    if message.attestation_id:
        from sejour.attestations.pdf import render

        attestation = message.attestation
        email.attach(
            f"{attestation.number}.pdf", render(attestation, message.lang), "application/pdf"
        )
    email.send()


def enqueue_on_commit(message: OutboxMessage) -> None:
    transaction.on_commit(lambda: deliver.enqueue(message.pk))


def sweep(older_than: timedelta = timedelta(minutes=10)) -> int:
    """Enqueue again the messages still unsent whose delivery was lost with a worker."""
    stale = timezone.now() - older_than
    ids = list(
        OutboxMessage.objects.filter(sent_at__isnull=True, created_at__lt=stale)
        .filter(Q(last_attempt_at__isnull=True) | Q(last_attempt_at__lt=stale))
        .values_list("pk", flat=True)
    )
    for message_id in ids:
        deliver.enqueue(message_id)
    return len(ids)
