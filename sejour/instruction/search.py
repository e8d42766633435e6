"""The queue's search by foreign number, name or file number: sent in a form's body,
recorded in the audit trail, and kept in the agent's session under an opaque token.

A search term in an address would be written wherever addresses are (the server's
access log, the browser's history, a proxy's log): a foreign number names a protected
person. So the term travels only in POST bodies; the results page's address carries
the token, which means nothing outside this agent's session.
"""

from __future__ import annotations

import secrets

from django.http import HttpRequest, QueryDict
from django.utils import timezone

from sejour.accounts.models import User
from sejour.audit.services import audit_record
from sejour.instruction import queue as queue_mod

SESSION_KEY = "queue_searches"
RESULTS_PARAM = "recherche"
KEEP = 20  # the agent's latest searches; older tokens fall back to the plain queue


def search_record(*, agent: User, term: str, filters: queue_mod.Filters) -> None:
    """One search, in the audit trail: the term, how many files it found, and the person
    when the term is a login (a foreign or visa number names one person)."""
    found = queue_mod.queue(agent=agent, filters=filters, today=timezone.localdate()).count()
    person = User.objects.filter(username=term, role=User.Role.APPLICANT).first()
    audit_record(
        actor=agent,
        action="queue.searched",
        on_behalf_of=person,
        data={"term": term, "found": found},
    )


def remember(request: HttpRequest, term: str) -> str:
    token = secrets.token_urlsafe(9)
    kept = dict(request.session.get(SESSION_KEY, {}))
    kept[token] = term
    request.session[SESSION_KEY] = dict(list(kept.items())[-KEEP:])
    return token


def query_of(request: HttpRequest) -> QueryDict:
    """The queue's filters: the address's, with the term of this agent's search, if any.
    A `q` put in the address by hand is ignored."""
    query = request.GET.copy()
    query.pop("q", None)
    term = request.session.get(SESSION_KEY, {}).get(request.GET.get(RESULTS_PARAM, ""))
    if term:
        query["q"] = term
    return query


def results_query(posted: QueryDict, token: str | None) -> str:
    """The address of the results: the posted filters without the term."""
    query = QueryDict(mutable=True)
    for key in ("view", "state", "procedure", "profile", "sort", "per_page", "overdue", "mine"):
        if posted.get(key):
            query[key] = posted[key]
    if token:
        query[RESULTS_PARAM] = token
    return query.urlencode()
