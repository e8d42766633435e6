"""The outbox: a message is written in the same transaction as the change it reports,
then delivered by the task worker. A crash or an SMTP outage loses nothing; a message
marked sent is never sent again. The same row is the notification in the account."""

from __future__ import annotations

import uuid
from email.utils import parseaddr

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


def new_message_id() -> str:
    """The e-mail's Message-ID, chosen once: every attempt sends the same one, so a
    message sent twice (a crash after the server accepted it) is recognisable."""
    domain = parseaddr(settings.DEFAULT_FROM_EMAIL)[1].rpartition("@")[2] or "sejour.localhost"
    return f"<{uuid.uuid4().hex}@{domain}>"


class OutboxMessage(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("à envoyer")
        SENDING = "sending", _("en cours d'envoi")
        SENT = "sent", _("envoyé")
        FAILED = "failed", _("non délivré")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="messages"
    )
    dossier = models.ForeignKey(
        "dossiers.Dossier", on_delete=models.PROTECT, null=True, blank=True, related_name="messages"
    )
    to = models.EmailField()
    lang = models.CharField(max_length=5, default="fr")
    subject = models.CharField(max_length=255)
    body = models.TextField()
    attestation = models.ForeignKey(
        "attestations.Attestation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    sent_at = models.DateTimeField(null=True, blank=True, db_index=True)
    read_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.TextField(blank=True)
    last_attempt_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    message_id = models.CharField(max_length=255, unique=True, default=new_message_id)
    # Not before this time (a temporary failure's backoff); none: at once.
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    # While "sending": the worker named here holds the message until then (its heartbeat
    # extends it); past it, the worker is presumed dead and another one takes it back.
    lease_until = models.DateTimeField(null=True, blank=True)
    claimed_by = models.CharField(max_length=64, blank=True)
    failed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("message")
        verbose_name_plural = _("messages")

    def __str__(self) -> str:
        return f"{self.to}: {self.subject}"


class WorkerHeartbeat(models.Model):
    """One row per running task worker, refreshed every few seconds: a worker whose row
    is stale is dead, and the tasks and messages it held are taken back."""

    worker_id = models.CharField(max_length=64, unique=True)
    pid = models.PositiveIntegerField()
    started_at = models.DateTimeField()
    beat_at = models.DateTimeField(db_index=True)
    task_id = models.CharField(max_length=64, blank=True)  # the task it runs now

    def __str__(self) -> str:
        return self.worker_id
