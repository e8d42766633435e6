from __future__ import annotations

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

from sejour.notifications.models import OutboxMessage
from sejour.notifications.tasks import enqueue_on_commit


def notify(*, user, template: str, context: dict, dossier=None, attestation=None) -> OutboxMessage:
    """Write the message in the user's language into the outbox (same transaction as the
    change it reports) and deliver it once that transaction commits."""
    context = {**context, "site_url": settings.SEJOUR_SITE_URL}
    with translation.override(user.language or "fr"):
        subject = " ".join(
            render_to_string(f"notifications/{template}_subject.txt", context).split()
        )
        body = render_to_string(f"notifications/{template}_body.txt", context).strip() + "\n"
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
