"""The prefecture's queue (/instruction/): the work list in saved views, sorted, paged,
searched (the term POSTed and audited, sejour.instruction.search)."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sejour.accounts.permissions import agent_required
from sejour.instruction import queue as queue_mod
from sejour.instruction import search
from sejour.instruction.forms import PROFILES, QueueForm

PAGE_SIZE = 50
# The table's columns: the sort each header sets ("" for none).
COLUMNS = (
    ("", _("Dossier")),
    ("nom", _("Titulaire")),
    ("profil", _("Profil")),
    ("etat", _("État")),
    ("depot", _("Déposée le")),
    ("delai", _("Délai légal")),
    ("agent", _("Agent")),
)
PROFILE_LABELS = dict(PROFILES)


def _filters(data: dict) -> queue_mod.Filters:
    fields = queue_mod.Filters.__dataclass_fields__
    return queue_mod.Filters(
        **{k: v for k, v in data.items() if k in fields and v not in (None, "")}
    )


@agent_required
def home(request):
    if request.method == "POST":
        return _search(request)
    form = QueueForm(search.query_of(request) or None)
    form.is_valid()  # a wrong value drops that filter alone, not the view or the others
    data = getattr(form, "cleaned_data", {})
    filters = _filters(data)
    today = timezone.localdate()
    found = queue_mod.queue(agent=request.user, filters=filters, today=today)
    per_page = data.get("per_page") or PAGE_SIZE
    page = Paginator(queue_mod.Paged(found), per_page).get_page(request.GET.get("page"))
    rows = [
        {
            "dossier": d,
            "urgency": queue_mod.urgency(d, today),
            "profile": PROFILE_LABELS.get(d.profile, d.profile),
            "days": abs((d.legal_deadline - today).days) if d.legal_deadline else None,
        }
        for d in page.object_list
    ]
    counts = queue_mod.view_counts(agent=request.user, today=today)
    current = queue_mod.current_view(filters)
    query = request.GET.copy()
    query.pop("page", None)
    query.pop("q", None)
    unsorted = query.copy()
    unsorted.pop("sort", None)
    return render(
        request,
        "instruction/queue.html",
        {
            "prefecture": request.user.prefecture,
            "form": form,
            "page": page,
            "rows": rows,
            "views": [(v, counts[v.slug]) for v in queue_mod.VIEWS],
            "current": current,
            "sort": filters.sort or "delai",
            "columns": COLUMNS,
            "query": query.urlencode(),
            "unsorted": unsorted.urlencode(),
            "kept": [(k, v) for k, values in query.lists() for v in values],
        },
    )


def _search(request):
    """The queue's form, posted: a search term is recorded, then kept out of the address
    (sejour.instruction.search)."""
    form = QueueForm(request.POST)
    if not form.is_valid():
        return redirect("instruction:home")
    data = form.cleaned_data
    term = data["q"].strip()
    token = None
    if term:
        search.search_record(agent=request.user, term=term, filters=_filters(data))
        token = search.remember(request, term)
    return redirect(f"{reverse('instruction:home')}?{search.results_query(request.POST, token)}")
