"""Reads of the inbox, scoped: an agent sees their own prefecture's messages only."""

from __future__ import annotations

from django.db.models import QuerySet

from sejour.inbox.models import Message


def messages_for_agent(*, agent) -> QuerySet[Message]:
    if not agent.is_authenticated or not agent.is_agent or agent.prefecture_id is None:
        return Message.objects.none()
    return Message.objects.filter(prefecture_id=agent.prefecture_id).select_related(
        "dossier", "author", "answered_by"
    )
