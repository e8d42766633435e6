"""The whole audit trail for the administrators (/pilotage/journal/): every recorded
action and read, newest first, filtered by action or by author. Looking is recorded."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.shortcuts import render

from sejour.accounts.permissions import admin_required
from sejour.audit.selectors import journal
from sejour.audit.services import audit_record

PAGE_SIZE = 100


@admin_required
def journal_view(request):
    # NUL is refused by PostgreSQL in text and in JSON: it cannot be in any action or login
    action = request.GET.get("action", "").replace("\x00", "").strip()[:64]
    author = request.GET.get("auteur", "").replace("\x00", "").strip()[:150]
    rows = journal(action=action, author=author)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    audit_record(
        actor=request.user,
        action="audit.journal_viewed",
        data={k: v for k, v in (("action", action), ("author", author)) if v},
    )
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "pilotage/journal.html",
        {"page": page, "action": action, "author": author, "query": query.urlencode()},
    )
