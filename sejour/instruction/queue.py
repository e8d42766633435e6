"""The prefecture's queue: only the agent's prefecture, filtered, sorted by legal
deadline, with counts per state. The page's query count does not grow with its rows.

At scale (200,000 dossiers, `make bench`), every query here is answered from the
covering index `dossier_queue_idx` (sejour.dossiers.models.Dossier.Meta.indexes)
without reading the table's wide rows: the counts, the filters and the search are
checked on the index, and only the page's rows are read from the table, by id.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Count, F, Q, QuerySet, Subquery

from sejour.accounts.models import User
from sejour.dossiers.models import Dossier
from sejour.dossiers.selectors import dossiers_for_agent
from sejour.dossiers.states import CLOSED

SOON = timedelta(days=15)
# Files without a legal deadline (travel documents, duplicates, changes) come last, as
# PostgreSQL's ascending index keeps them.
ORDER = (F("legal_deadline").asc(nulls_last=True), "submitted_at", "pk")
# Not shown in the queue: left out of the page's rows (the template never reads them).
HEAVY = ("draft", "snapshot", "assessment", "decision")


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
    elif not filters.q:  # the work to do; a closed file is found by its state or a search
        rows = rows.exclude(state__in=CLOSED)
    if filters.procedure:
        rows = rows.filter(procedure=filters.procedure)
    if filters.profile:
        rows = rows.filter(profile=filters.profile)
    if filters.overdue:
        rows = rows.filter(legal_deadline__lt=today).exclude(state__in=CLOSED)
    if filters.mine:
        rows = rows.filter(assigned_to=agent)
    if filters.q:
        text = filters.q.strip()
        # The applicant by their login (foreign or visa number, unique): a subquery that
        # runs once, rather than a join, so that the search is checked on the index.
        applicant = User.objects.filter(username=text).values("pk")[:1]
        rows = rows.filter(
            Q(reference__iexact=text)
            | Q(applicant=Subquery(applicant))
            | Q(holder_name__icontains=text)
        )
    return rows.select_related("assigned_to").order_by(*ORDER)


class Paged:
    """What the queue's paginator pages through: the count, then a page's ids in order
    (both from the index), then only those rows, read by id. Two queries per page,
    whatever the page's size or depth."""

    ordered = True

    def __init__(self, rows: QuerySet[Dossier]) -> None:
        self.rows = rows

    def count(self) -> int:
        return self.rows.count()

    def __getitem__(self, window: slice) -> list[Dossier]:
        ids = self.rows.order_by(*ORDER).values("pk")[window]
        return list(
            Dossier.objects.filter(pk__in=ids)
            .select_related("assigned_to")
            .defer(*HEAVY)
            .order_by(*ORDER)
        )


def counts_by_state(*, agent: User) -> dict[str, int]:
    # COUNT(*), not COUNT(id): counted on the index alone.
    rows = dossiers_for_agent(agent=agent).values("state").annotate(n=Count("*"))
    return {row["state"]: row["n"] for row in rows}


def urgency(deadline: date | None, today: date) -> str:
    """overdue (red), soon (amber, within 15 days) or ok."""
    if deadline is None:
        return "ok"
    if deadline < today:
        return "overdue"
    return "soon" if deadline - today <= SOON else "ok"
