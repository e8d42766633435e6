from __future__ import annotations

from django.db import transaction

from sejour.notifications.messages import render_message
from sejour.notifications.models import OutboxMessage
from sejour.notifications.tasks import enqueue_on_commit


def notify(*, user, template: str, context: dict, dossier=None, attestation=None) -> OutboxMessage:
    """Write the message in the user's language into the outbox, with its delivery task,
    in the same transaction as the change it reports."""
    subject, body = render_message(template, user.language or "fr", context)
    with transaction.atomic():
        message = OutboxMessage.objects.create(
            user=user,
            dossier=dossier,
            to=user.email,
            lang=user.language or "fr",
            subject=subject,
            body=body,
            attestation=attestation,
        )
        enqueue_on_commit(message)
    return message
