"""The prefecture's queue: only the agent's prefecture, filtered, sorted by legal
deadline, with counts per state. The page's query count does not grow with its rows."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Count, Q, QuerySet

from sejour.accounts.models import User
from sejour.dossiers.models import Dossier
from sejour.dossiers.selectors import dossiers_for_agent

SOON = timedelta(days=15)


@dataclass(frozen=True)
class Filters:
    state: str = ""
    procedure: str = ""
    profile: str = ""
    overdue: bool = False
    mine: bool = False
    q: str = ""


def queue(*, agent: User, filters: Filters, today: date) -> QuerySet[Dossier]:
    rows = dossiers_for_agent(agent=agent)
    if filters.state:
        rows = rows.filter(state=filters.state)
    if filters.procedure:
        rows = rows.filter(procedure=filters.procedure)
    if filters.profile:
        rows = rows.filter(profile=filters.profile)
    if filters.overdue:
        rows = rows.filter(legal_deadline__lt=today)
    if filters.mine:
        rows = rows.filter(assigned_to=agent)
    if filters.q:
        text = filters.q.strip()
        rows = rows.filter(
            Q(reference__iexact=text) | Q(applicant__username=text) | Q(holder_name__icontains=text)
        )
    return rows.select_related("assigned_to").order_by("legal_deadline", "submitted_at", "pk")


def counts_by_state(*, agent: User) -> dict[str, int]:
    rows = dossiers_for_agent(agent=agent).values("state").annotate(n=Count("pk"))
    return {row["state"]: row["n"] for row in rows}


def urgency(deadline: date | None, today: date) -> str:
    """overdue (red), soon (amber, within 15 days) or ok."""
    if deadline is None:
        return "ok"
    if deadline < today:
        return "overdue"
    return "soon" if deadline - today <= SOON else "ok"
