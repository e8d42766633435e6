"""Delivery of one outbox message in three steps, so that no transaction is open while
the SMTP server is spoken to: claim it (one transaction: the attempt is counted and a
lease taken), send it (no transaction), record the outcome (another transaction).

What is left of "sent twice" is a crash in the instant between the server's acceptance
and the record; the message then carries the same Message-ID both times.

A 5xx about the message itself (recipient refused, content refused) is permanent: the
message is "failed" and never retried. Anything else (a 4xx, the server down or hung,
an authentication or sender refusal, which are this service's configuration, not the
message's) is retried with a capped exponential backoff."""

from __future__ import annotations

import logging
import smtplib
import time
from collections.abc import Callable
from datetime import timedelta
from typing import TypeVar

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import InterfaceError, OperationalError, connection, transaction
from django.db.models import Q
from django.utils import timezone
from django_tasks_db.utils import exclusive_transaction

from sejour.audit.services import audit_record
from sejour.notifications.models import OutboxMessage

logger = logging.getLogger(__name__)
Status = OutboxMessage.Status
T = TypeVar("T")


class NoAddress(Exception):
    """The account has no e-mail address: nothing to send to, ever."""


def claimable(now) -> Q:
    """Due and free: waiting and past its backoff, or held by a worker whose lease ran out."""
    waiting = Q(status=Status.PENDING) & (
        Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now)
    )
    return waiting | Q(status=Status.SENDING, lease_until__lt=now)


def lease() -> timedelta:
    return timedelta(seconds=settings.SEJOUR_WORKER_LEASE_SECONDS)


def backoff(attempt: int) -> timedelta:
    base, cap = settings.SEJOUR_OUTBOX_RETRY_SECONDS, settings.SEJOUR_OUTBOX_RETRY_MAX_SECONDS
    return timedelta(seconds=min(base * 2 ** max(attempt - 1, 0), cap))


def claim(message_id: int, *, worker: str) -> OutboxMessage | None:
    """Take the message for one attempt, or None when it is sent, failed, not due, or
    held by another worker. PostgreSQL skips a row another worker is claiming; SQLite
    has no row locks, so the claim there is an exclusive transaction (one at a time)."""
    now = timezone.now()
    with exclusive_transaction():
        due = OutboxMessage.objects.filter(claimable(now), pk=message_id)
        if connection.features.has_select_for_update_skip_locked:
            due = due.select_for_update(skip_locked=True)
        message = due.first()
        if message is None:
            return None
        message.status = Status.SENDING
        message.attempts += 1
        message.last_attempt_at = now
        message.lease_until = now + lease()
        message.claimed_by = worker[:64]
        message.save(
            update_fields=[
                "status",
                "attempts",
                "last_attempt_at",
                "lease_until",
                "claimed_by",
            ]
        )
    return message


def send(message: OutboxMessage) -> None:
    """Talk to the SMTP server (EMAIL_TIMEOUT bounds every operation)."""
    if not message.to:
        raise NoAddress("no e-mail address")
    email = EmailMessage(
        message.subject,
        message.body,
        to=[message.to],
        headers={"Content-Language": message.lang, "Message-ID": message.message_id},
    )
    if message.attestation_id:
        from sejour.attestations.pdf import render

        attestation = message.attestation
        email.attach(
            f"{attestation.number}.pdf", render(attestation, message.lang), "application/pdf"
        )
    email.send()


def is_permanent(exc: BaseException) -> bool:
    if isinstance(exc, NoAddress):
        return True
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _ in exc.recipients.values()]
        return bool(codes) and all(500 <= code < 600 for code in codes)
    if isinstance(exc, smtplib.SMTPDataError):
        return 500 <= exc.smtp_code < 600
    return False


def describe(exc: BaseException) -> str:
    """The server's answer when there is one (what an administrator needs to act)."""
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return "; ".join(
            f"{code} {reply.decode(errors='replace')}" for code, reply in exc.recipients.values()
        )[:500]
    if isinstance(exc, smtplib.SMTPResponseException):
        reply = exc.smtp_error
        text = reply.decode(errors="replace") if isinstance(reply, bytes) else str(reply)
        return f"{exc.smtp_code} {text}"[:500]
    return f"{type(exc).__name__}: {exc}"[:500]


def persist(step: Callable[[], T], *, tries: int = 60, pause: float = 0.25) -> T:
    """Run a short database step, reconnecting when the connection was cut (a database
    restart, pg_terminate_backend): the e-mail already went out, its record must follow.
    Patient (about four minutes): giving up would let the lease run out and the message
    be sent again, and without the database no other work can go on anyway."""
    for attempt in range(1, tries + 1):
        try:
            return step()
        except (OperationalError, InterfaceError):
            if attempt == tries or connection.in_atomic_block:
                raise
            logger.warning("outbox: database unavailable, retrying the record (%d)", attempt)
            connection.close()
            time.sleep(min(pause * attempt, 5))
    raise AssertionError("unreachable")


def record_sent(message: OutboxMessage) -> bool:
    def step() -> bool:
        with transaction.atomic():
            done = OutboxMessage.objects.filter(pk=message.pk, status=Status.SENDING).update(
                status=Status.SENT,
                sent_at=timezone.now(),
                lease_until=None,
                next_attempt_at=None,
                last_error="",
            )
            if done:
                audit_record(
                    actor=None,
                    action="message.sent",
                    target=message,
                    data={"attempts": message.attempts},
                )
        return bool(done)

    return persist(step)


def record_failure(message: OutboxMessage, exc: BaseException) -> str:
    """ "failed" (permanent), or "retry" at the next backoff; "lost" when another
    worker took the message back meanwhile (then its own attempt decides)."""
    from sejour.notifications.tasks import enqueue_delivery

    permanent = is_permanent(exc)
    now = timezone.now()
    fields = {"last_error": describe(exc), "lease_until": None}
    if permanent:
        fields.update(status=Status.FAILED, failed_at=now)
    else:
        fields.update(status=Status.PENDING, next_attempt_at=now + backoff(message.attempts))

    def step() -> str:
        with transaction.atomic():
            done = OutboxMessage.objects.filter(
                pk=message.pk, status=Status.SENDING, attempts=message.attempts
            ).update(**fields)
            if not done:
                return "lost"
            if permanent:
                audit_record(
                    actor=None,
                    action="message.failed",
                    target=message,
                    data={"attempts": message.attempts, "error": fields["last_error"]},
                )
                return "failed"
            enqueue_delivery(message.pk, run_after=fields["next_attempt_at"])
            return "retry"

    return persist(step)


def deliver_one(message_id: int, *, worker: str) -> str:
    message = claim(message_id, worker=worker)
    if message is None:
        return "nothing to do"
    try:
        send(message)
    except Exception as exc:  # a database cut while rendering the PDF, too: retried
        logger.warning("outbox: message %s not delivered: %s", message.pk, describe(exc))
        return record_failure(message, exc)
    record_sent(message)
    return "sent"
