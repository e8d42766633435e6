"""Reads of the outbox, scoped by who asks."""

from __future__ import annotations

from django.db.models import QuerySet

from sejour.notifications.models import OutboxMessage


def failed_messages_for_admin(*, limit: int = 50) -> QuerySet[OutboxMessage]:
    """The messages the mail server refused for good, newest first (administrators)."""
    return (
        OutboxMessage.objects.filter(status=OutboxMessage.Status.FAILED)
        .select_related("dossier")
        .order_by("-failed_at", "-pk")[:limit]
    )


def undelivered_for_applicant(*, user) -> QuerySet[OutboxMessage]:
    """The user's own messages that could not be delivered, with their documents."""
    return (
        OutboxMessage.objects.filter(user=user, status=OutboxMessage.Status.FAILED)
        .select_related("dossier", "attestation")
        .order_by("-created_at", "-pk")
    )
