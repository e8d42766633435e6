"""The prefecture's queue as a work list: only the agent's prefecture, in saved views
(the default "à instruire": the files the administration must act on, by legal
deadline), filtered, sorted by a column, with each view's count. The page's query
count does not grow with its rows, and the counts are cached briefly.

At scale (200,000 dossiers, `make bench`), the filters and the default order are
answered from the covering index `dossier_queue_idx`, the searches from the index
their shape names (sejour.instruction.search_terms), and only the page's rows are
read from the table, by id.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.core.cache import cache
from django.db.models import Count, F, Q, QuerySet
from django.db.models.expressions import OrderBy
from django.utils.translation import gettext_lazy as _

from sejour.accounts.models import User
from sejour.dossiers.models import ComplementRequest, Dossier
from sejour.dossiers.selectors import dossiers_for_agent
from sejour.dossiers.states import ADMINISTRATION_TURN, CLOSED, State
from sejour.instruction.search_terms import term_filter

SOON = timedelta(days=15)
COUNTS_SECONDS = 30  # how stale a view's count may be: not the whole prefecture per page
# Each sortable column and what breaks its ties; the unique id ends every order (stable
# pages). Files without a legal deadline (travel documents, duplicates, changes) come
# last, as PostgreSQL's ascending index keeps them.
DEADLINE = ("legal_deadline", "submitted_at")
SORTS = {
    "delai": DEADLINE,
    "depot": ("submitted_at",),
    "nom": ("search_text", *DEADLINE),  # without accents: Çelik between Cabral and Cohen
    "profil": ("profile", *DEADLINE),
    "etat": ("state", *DEADLINE),
    "agent": ("assigned_to__last_name", "assigned_to__first_name", *DEADLINE),
}
PAGE_SIZES = (25, 50, 100, 200)
# Not shown in the queue: left out of the page's rows (the template never reads them).
HEAVY = ("draft", "snapshot", "assessment", "decision")


def _answered() -> Q:
    """Back from a complement: in instruction, the applicant having answered one. An IN
    rather than EXISTS, so that PostgreSQL hashes the answered files once instead of
    probing per file when every view is counted."""
    answered = ComplementRequest.objects.filter(answered_at__isnull=False).values("dossier_id")
    return Q(state=State.IN_INSTRUCTION, pk__in=answered)


@dataclass(frozen=True)
class View:
    slug: str
    label: object  # a lazy translation

    def condition(self, *, agent: User, today: date) -> Q:
        if self.slug == "complement-repondu":
            return _answered()
        if self.slug == "cartes-arrivees":
            return Q(state=State.CARD_AVAILABLE)
        if self.slug == "au-guichet":
            return Q(state=State.OFFLINE)
        if self.slug == "mes-dossiers":
            return Q(assigned_to=agent) & ~Q(state__in=CLOSED)
        if self.slug == "en-retard":
            return Q(state__in=ADMINISTRATION_TURN, legal_deadline__lt=today)
        return Q(state__in=ADMINISTRATION_TURN)  # à instruire


VIEWS = (
    View("a-instruire", _("À instruire")),
    View("complement-repondu", _("Complément répondu")),
    View("cartes-arrivees", _("Cartes arrivées")),
    View("au-guichet", _("Au guichet")),
    View("mes-dossiers", _("Mes dossiers")),
    View("en-retard", _("En retard")),
)
BY_SLUG = {v.slug: v for v in VIEWS}
DEFAULT_VIEW = VIEWS[0]


@dataclass(frozen=True)
class Filters:
    view: str = ""
    state: str = ""
    procedure: str = ""
    profile: str = ""
    overdue: bool = False
    mine: bool = False
    q: str = ""
    sort: str = ""


def current_view(filters: Filters) -> View | None:
    """The saved view shown: the one chosen, else the default one unless a state or a
    search was asked (a closed file is found by its state or a search)."""
    if filters.view in BY_SLUG:
        return BY_SLUG[filters.view]
    return None if filters.state or filters.q else DEFAULT_VIEW


def queue(*, agent: User, filters: Filters, today: date) -> QuerySet[Dossier]:
    rows = dossiers_for_agent(agent=agent)
    view = current_view(filters)
    if view is not None:
        rows = rows.filter(view.condition(agent=agent, today=today))
    if filters.state:
        rows = rows.filter(state=filters.state)
    if filters.procedure:
        rows = rows.filter(procedure=filters.procedure)
    if filters.profile:
        rows = rows.filter(profile=filters.profile)
    if filters.overdue:
        rows = rows.filter(state__in=ADMINISTRATION_TURN, legal_deadline__lt=today)
    if filters.mine:
        rows = rows.filter(assigned_to=agent)
    if filters.q:
        rows = rows.filter(term_filter(filters.q))
    return rows.order_by(*order_of(filters.sort))


def order_of(sort: str) -> tuple[OrderBy | str, ...]:
    """A column's order ("-" first: descending), empty values last; by legal deadline
    when the column is unknown."""
    descending = sort.startswith("-") and sort[1:] in SORTS
    columns = SORTS.get(sort.removeprefix("-"), DEADLINE)
    if descending:
        return (*(F(c).desc(nulls_last=True) for c in columns), "-pk")
    return (*(F(c).asc(nulls_last=True) for c in columns), "pk")


class Paged:
    """What the queue's paginator pages through: the count, then a page's ids in order
    (from the index), then only those rows, read by id. Two queries per page, whatever
    the page's size or depth."""

    ordered = True

    def __init__(self, rows: QuerySet[Dossier]) -> None:
        self.rows = rows
        self.order = rows.query.order_by

    def count(self) -> int:
        return self.rows.count()

    def __getitem__(self, window: slice) -> list[Dossier]:
        ids = list(self.rows.values_list("pk", flat=True)[window])
        found = {
            d.pk: d
            for d in Dossier.objects.filter(pk__in=ids).select_related("assigned_to").defer(*HEAVY)
        }
        return [found[pk] for pk in ids if pk in found]


def view_counts(*, agent: User, today: date) -> dict[str, int]:
    """Each saved view's count, in one query over the prefecture's index, kept for
    COUNTS_SECONDS (per agent: "mes dossiers" is theirs)."""
    key = f"queue-counts:{agent.prefecture_id}:{agent.pk}:{today.isoformat()}"
    counts = cache.get(key)
    if counts is None:
        counts = dossiers_for_agent(agent=agent).aggregate(
            **{
                v.slug.replace("-", "_"): Count("pk", filter=v.condition(agent=agent, today=today))
                for v in VIEWS
            }
        )
        counts = {v.slug: counts[v.slug.replace("-", "_")] for v in VIEWS}
        cache.set(key, counts, COUNTS_SECONDS)
    return counts


def urgency(dossier: Dossier, today: date) -> str:
    """overdue (red), soon (amber, within 15 days), ok; "" when the clock is not the
    administration's (waiting on the applicant, at the desk, closed): no badge."""
    deadline = dossier.legal_deadline
    if dossier.state not in ADMINISTRATION_TURN:
        return ""
    if deadline is None:
        return "ok"
    if deadline < today:
        return "overdue"
    return "soon" if deadline - today <= SOON else "ok"
