"""Figures for the administrators: per prefecture, files by state, time from deposit to
decision and to handover (median, 90th percentile), overdue files; the queue as CSV;
the audit trail of one file. Reads only."""

from __future__ import annotations

import statistics
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime

from django.db.models import Count, Q, QuerySet

from sejour.accounts.models import Prefecture
from sejour.audit.models import AuditEvent
from sejour.dossiers.models import Dossier, DossierEvent
from sejour.dossiers.states import ADMINISTRATION_TURN, CLOSED, State

OPEN_STATES = [s for s in State if s not in CLOSED and s != State.DRAFT]
# Late only when the administration must act (sejour.dossiers.states): a card waiting to
# be collected or a complement waiting for the applicant is not the prefecture's delay.
OWED = list(ADMINISTRATION_TURN)


@dataclass(frozen=True)
class Durations:
    count: int
    median_days: float | None
    p90_days: float | None


def _durations(pairs: Iterator[tuple[datetime, datetime]]) -> Durations:
    days = sorted((end - start).total_seconds() / 86400 for start, end in pairs if start and end)
    if not days:
        return Durations(0, None, None)
    p90 = days[0] if len(days) == 1 else statistics.quantiles(days, n=10, method="inclusive")[-1]
    return Durations(len(days), round(statistics.median(days), 1), round(p90, 1))


def prefecture_rows(*, today: date) -> list[dict]:
    """Every prefecture with its open files and overdue count, in one query."""
    rows = Prefecture.objects.annotate(
        open=Count("dossiers", filter=Q(dossiers__state__in=OPEN_STATES)),
        overdue=Count(
            "dossiers",
            filter=Q(dossiers__state__in=OWED, dossiers__legal_deadline__lt=today),
        ),
    ).order_by("department_code")
    return [{"prefecture": p, "open": p.open, "overdue": p.overdue} for p in rows]


def prefecture_stats(*, prefecture: Prefecture, today: date) -> dict:
    files = Dossier.objects.filter(prefecture=prefecture).exclude(state=State.DRAFT)
    by_state = dict(files.values_list("state").annotate(n=Count("pk")).values_list("state", "n"))
    decided = files.filter(decided_at__isnull=False, submitted_at__isnull=False)
    handed = DossierEvent.objects.filter(
        dossier__prefecture=prefecture, to_state=State.HANDED_OVER
    ).values_list("dossier__submitted_at", "at")
    return {
        "states": [(State(s).label, by_state.get(s, 0), s) for s in State if s != State.DRAFT],
        "total": sum(by_state.values()),
        "overdue": files.filter(state__in=OWED, legal_deadline__lt=today).count(),
        "to_decision": _durations(decided.values_list("submitted_at", "decided_at").iterator()),
        "to_handover": _durations(handed.iterator()),
    }


def queue_export(*, prefecture: Prefecture) -> QuerySet[Dossier]:
    return (
        Dossier.objects.filter(prefecture=prefecture)
        .exclude(state=State.DRAFT)
        .select_related("assigned_to", "applicant")
        .order_by("legal_deadline", "submitted_at", "pk")
    )


def audit_trail(*, dossier: Dossier) -> list[dict]:
    """Every state change and every recorded action on the file or its documents and
    messages, oldest first, with who did it."""
    from sejour.inbox.models import Message

    targets = Q(target_type="dossiers.dossier", target_id=str(dossier.pk))
    documents = [str(pk) for pk in dossier.documents.values_list("pk", flat=True)]
    if documents:
        targets |= Q(target_type="dossiers.dossierdocument", target_id__in=documents)
    messages = [
        str(pk) for pk in Message.objects.filter(dossier=dossier).values_list("pk", flat=True)
    ]
    if messages:
        targets |= Q(target_type="inbox.message", target_id__in=messages)
    attestations = [str(pk) for pk in dossier.attestations.values_list("pk", flat=True)]
    if attestations:
        targets |= Q(target_type="attestations.attestation", target_id__in=attestations)
    # Reads of the person rather than of this file: searches naming them, changes to
    # their account or mandates in the Django admin.
    targets |= Q(on_behalf_of=dossier.applicant_id) & (
        Q(target_type="") | Q(target_type__startswith="accounts.")
    )
    rows = [
        {
            "at": e.at,
            "actor": e.actor,
            "on_behalf_of": e.on_behalf_of,
            "what": f"{e.from_state or '∅'} → {e.to_state}",
            "detail": e.why,
            "kind": "event",
        }
        for e in dossier.events.select_related("actor", "on_behalf_of")
    ]
    rows += [
        {
            "at": a.at,
            "actor": a.actor,
            "on_behalf_of": a.on_behalf_of,
            "what": a.action,
            "detail": f"{a.target_type} #{a.target_id}" + (f" {a.data}" if a.data else ""),
            "kind": "audit",
        }
        for a in AuditEvent.objects.filter(targets).select_related("actor", "on_behalf_of")
    ]
    return sorted(rows, key=lambda r: r["at"])
