"""Reads of the audit trail (administrators only: the views check the role)."""

from __future__ import annotations

from django.db.models import QuerySet

from sejour.audit.models import AuditEvent


def journal(*, action: str = "", author: str = "") -> QuerySet[AuditEvent]:
    """Events newest first; `action` keeps those whose action starts with it (`document`
    finds every document event), `author` those of the account with this login."""
    rows = AuditEvent.objects.select_related("actor", "on_behalf_of")
    if action:
        rows = rows.filter(action__startswith=action)
    if author:
        rows = rows.filter(actor__username=author)
    return rows.order_by("-at", "-id")
