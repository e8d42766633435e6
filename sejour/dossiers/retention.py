"""Retention: a closed request's identity and supporting documents are deleted
`retention.documents_months` after it closed (sejour.rules.legal_dates, docs/retention.md).

What goes: the stored files of its documents. What stays: the request, its decision, its
attestations, its history, each document's row (what it was, its size and digest, that it
was purged) and the audit trail. Each purge is an audit event. Running it twice, or on
two workers at once (the dossier row is locked), purges nothing twice.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.utils import timezone

from sejour.audit.services import audit_record
from sejour.dossiers.models import Dossier, DossierDocument
from sejour.dossiers.states import CLOSED
from sejour.rules.legal_dates import documents_purged_on

_CLOSED = [str(state) for state in CLOSED]


def closed_on(dossier: Dossier) -> date | None:
    """The day the request entered the closed state it is in; None while it is open."""
    if dossier.state not in _CLOSED:
        return None
    event = dossier.events.filter(to_state=dossier.state).order_by("-at").first()
    return timezone.localdate(event.at) if event is not None else None


def documents_purge_on(dossier: Dossier) -> date | None:
    """When this request's documents will be (or were) deleted; None while it is open."""
    closed = closed_on(dossier)
    return documents_purged_on(closed) if closed is not None else None


@dataclass(frozen=True)
class Purge:
    dossiers: int
    documents: int


def documents_purge(*, today: date | None = None) -> Purge:
    """Delete the documents of every request closed long enough ago."""
    today = today or timezone.localdate()
    candidates = (
        Dossier.objects.filter(state__in=_CLOSED, documents__purged_at__isnull=True)
        .distinct()
        .values_list("pk", flat=True)
    )
    dossiers = documents = 0
    for pk in list(candidates):
        purged = _purge_one(pk, today)
        if purged:
            dossiers, documents = dossiers + 1, documents + purged
    return Purge(dossiers=dossiers, documents=documents)


@transaction.atomic
def _purge_one(pk: int, today: date) -> int:
    dossier = Dossier.objects.select_for_update().get(pk=pk)
    purge_on = documents_purge_on(dossier)  # None if it was reopened meanwhile
    if purge_on is None or purge_on > today:
        return 0
    rows = list(
        DossierDocument.objects.select_for_update().filter(dossier=dossier, purged_at__isnull=True)
    )
    if not rows:
        return 0
    # The files first: if the store fails, nothing is marked and the next run retries;
    # deleting a file already gone is not an error (a retry after a failed commit).
    for row in rows:
        if row.file.name:
            row.file.storage.delete(row.file.name)
    DossierDocument.objects.filter(pk__in=[r.pk for r in rows]).update(
        file="", purged_at=timezone.now()
    )
    audit_record(
        actor=None,
        action="documents.purged",
        target=dossier,
        on_behalf_of=dossier.applicant,
        data={
            "documents": len(rows),
            "closed_on": closed_on(dossier).isoformat(),  # type: ignore[union-attr]
            "purge_on": purge_on.isoformat(),
        },
    )
    return len(rows)
