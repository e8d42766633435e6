"""The administrators' pages (/pilotage/): figures per prefecture, the queue as CSV, the
audit trail of a file. Read only; looking at a trail is itself recorded."""

from __future__ import annotations

import csv
from datetime import date

from django.http import Http404, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone, translation

from sejour.accounts.models import Prefecture
from sejour.accounts.permissions import admin_required
from sejour.audit.services import audit_record
from sejour.dossiers.models import Dossier
from sejour.dossiers.states import ADMINISTRATION_TURN
from sejour.instruction import stats
from sejour.instruction.forms import PROFILES as PROFILE_CHOICES
from sejour.notifications.selectors import failed_messages_for_admin

# The export is for French spreadsheet software (LibreOffice, Excel set to French): its
# headers and values in French whatever the administrator's language, semicolons (the
# comma is the decimal separator there), dates JJ/MM/AAAA, a BOM so UTF-8 is recognised.
CSV_COLUMNS = [
    "Numéro", "Démarche", "Profil", "État", "Déposée le", "Délai légal", "Jours restants",
    "En retard", "Agent chargé", "Titulaire", "Né(e) le", "Numéro étranger",
]  # fmt: skip
DAY = "%d/%m/%Y"
PROFILES = dict(PROFILE_CHOICES)


@admin_required
def home(request):
    reference = request.GET.get("dossier", "").replace("\x00", "").strip().upper()[:40]
    if reference:
        if Dossier.objects.filter(reference=reference).exists():
            return redirect("pilotage:trail", reference=reference)
        return render(
            request,
            "pilotage/home.html",
            {"rows": stats.prefecture_rows(today=timezone.localdate()), "unknown": reference},
            status=404,
        )
    failed = list(failed_messages_for_admin())
    if failed:  # the recipients' addresses are personal data: who saw them is recorded
        audit_record(
            actor=request.user,
            action="pilotage.failed_messages_viewed",
            data={"messages": [m.pk for m in failed]},
        )
    return render(
        request,
        "pilotage/home.html",
        {"rows": stats.prefecture_rows(today=timezone.localdate()), "failed_messages": failed},
    )


@admin_required
def prefecture(request, code: str):
    prefecture = get_object_or_404(Prefecture, department_code=code)
    figures = stats.prefecture_stats(prefecture=prefecture, today=timezone.localdate())
    return render(request, "pilotage/prefecture.html", {"prefecture": prefecture, **figures})


class _Echo:
    def write(self, value):
        return value


def _cell(value) -> str:
    """No formula in a spreadsheet: a text starting with = + - @ is quoted (OWASP)."""
    if isinstance(value, int):
        return str(value)
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def _export_row(d: Dossier, today: date) -> tuple:
    owed = d.state in ADMINISTRATION_TURN  # only these count as late (states.py)
    return (
        d.reference,
        d.get_procedure_display(),
        PROFILES.get(d.profile, d.profile),
        d.get_state_display(),
        f"{timezone.localtime(d.submitted_at):{DAY}}" if d.submitted_at else "",
        f"{d.legal_deadline:{DAY}}" if d.legal_deadline else "",
        (d.legal_deadline - today).days if d.legal_deadline and owed else "",
        "oui" if owed and d.legal_deadline and d.legal_deadline < today else "non",
        d.assigned_to.get_full_name() if d.assigned_to else "",
        d.holder_name,
        f"{d.holder_born:{DAY}}" if d.holder_born else "",
        d.holder_number,
    )


@admin_required
def export(request, code: str):
    prefecture = get_object_or_404(Prefecture, department_code=code)
    today = timezone.localdate()
    audit_record(actor=request.user, action="pilotage.queue_exported", target=prefecture)

    def rows():
        writer = csv.writer(_Echo(), delimiter=";")
        with translation.override("fr"):
            yield "\ufeff" + writer.writerow(CSV_COLUMNS)  # the BOM: spreadsheets read UTF-8
            for d in stats.queue_export(prefecture=prefecture).iterator(chunk_size=2000):
                yield writer.writerow(_cell(v) for v in _export_row(d, today))

    response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="file-{code}-{today:%Y%m%d}.csv"'
    response["Cache-Control"] = "private, no-store"
    return response


@admin_required
def trail(request, reference: str):
    dossier = (
        Dossier.objects.select_related("prefecture", "applicant")
        .filter(reference=reference)
        .first()
    )
    if dossier is None:
        raise Http404
    audit_record(actor=request.user, action="audit.trail_viewed", target=dossier)
    return render(
        request,
        "pilotage/trail.html",
        {"dossier": dossier, "rows": stats.audit_trail(dossier=dossier)},
    )
