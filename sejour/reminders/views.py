"""A dossier's deadlines as a calendar file, for the phone's or the computer's agenda."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.utils import timezone
from django.views.decorators.http import require_GET

from sejour.audit.services import read_record
from sejour.dossiers.access import visible_or_404
from sejour.reminders.ics import dossier_calendar


@login_required
@require_GET
def calendar(request, reference: str):
    dossier = visible_or_404(request, reference)
    read_record(
        reader=request.user,
        action="helper.viewed_calendar" if request.user.role == "helper" else "calendar.viewed",
        target=dossier,
        on_behalf_of=dossier.applicant,
    )
    content = dossier_calendar(dossier, today=timezone.localdate())
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{dossier.reference}.ics"'
    response["Cache-Control"] = "private, no-store"
    return response
