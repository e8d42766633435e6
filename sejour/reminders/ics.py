"""A dossier's deadlines as an iCalendar file (RFC 5545), one all-day event each.

The dates are the engine's (the assessment kept with the dossier, or `sejour.rules` for
a card handed over); the summaries are in the active language; each event's UID stays
the same from one download to the next, so a calendar updates it instead of adding a
copy.
"""

from __future__ import annotations

from datetime import date, timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from icalendar import Alarm, Calendar, Event

from sejour.attestations.models import Attestation
from sejour.core.legal_texts import law, with_law, years
from sejour.dossiers.models import Dossier
from sejour.dossiers.states import State
from sejour.integrations.models import EphotoCode
from sejour.reminders.occasions import GRACE_CARDS, RESIDENCE_CARDS
from sejour.rules import ephoto_valid_until, renewal_window, rights_kept_until

SUMMARIES = {
    "card_issue_by": gettext_lazy("Date limite de délivrance de la carte"),
    "renewal_window_opens": gettext_lazy("Début de la période de renouvellement de la carte"),
    "renewal_window_closes": gettext_lazy("Dernier jour pour demander le renouvellement"),
    "card_ends": gettext_lazy("Fin de validité de la carte"),
    "rights_kept_until": gettext_lazy("Fin des droits gardés par la carte en renouvellement"),
    "age_limit_date": with_law(
        lambda: (
            _("Dernier jour pour déposer la demande (veille des %(age)s)")
            % {"age": years(law("ages.child_limit"))}
        )
    ),
    "attestation_ends": gettext_lazy("Fin de validité de l'attestation"),
    "ephoto_ends": gettext_lazy("Fin de validité du code e-photo"),
}
ALARM_DAYS = 7  # the calendar's own reminder, a week before each date


def _day(value) -> date | None:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(value) if value else None
    except (TypeError, ValueError):
        return None


def dossier_dates(dossier: Dossier, *, today: date) -> list[tuple[str, date]]:
    """(code, date) of each deadline of the dossier, by date; codes as in SUMMARIES, an
    attestation's as "attestation_ends:<number>"."""
    dates: dict[str, date | None] = {
        code: _day(value)
        for code, value in ((dossier.assessment or {}).get("deadlines") or {}).items()
    }
    if dossier.legal_deadline:
        dates["card_issue_by"] = dossier.legal_deadline
    card = (dossier.decision or {}).get("card") or {}
    valid_until = _day(card.get("valid_until"))
    if dossier.state == State.HANDED_OVER and valid_until and card.get("kind") in RESIDENCE_CARDS:
        # The card now held: its renewal replaces the dates of the request.
        dates["renewal_window_opens"], dates["renewal_window_closes"] = renewal_window(
            valid_until, on=today
        )
        dates["card_ends"] = valid_until
        dates["rights_kept_until"] = (
            rights_kept_until(valid_until, on=today) if card["kind"] in GRACE_CARDS else None
        )
    for attestation in dossier.attestations.filter(
        kind=Attestation.Kind.PROLONGATION,
        renewed_by__isnull=True,
        superseded_on__isnull=True,
        valid_until__isnull=False,
    ):
        dates[f"attestation_ends:{attestation.number}"] = attestation.valid_until
    code = ((dossier.draft or {}).get("ephoto") or {}).get("code")
    if dossier.state == State.DRAFT and code:
        taken = EphotoCode.objects.filter(code=code).values_list("taken_at", flat=True).first()
        if taken is not None:
            dates["ephoto_ends"] = ephoto_valid_until(timezone.localdate(taken), on=today)
    known = {c: d for c, d in dates.items() if d and c.split(":")[0] in SUMMARIES}
    return sorted(known.items(), key=lambda item: (item[1], item[0]))


def dossier_calendar(dossier: Dossier, *, today: date) -> bytes:
    host = urlsplit(settings.SEJOUR_SITE_URL).hostname or "sejour"
    url = settings.SEJOUR_SITE_URL + reverse("dossiers:detail", args=[dossier.reference])
    title = _("Demande %(ref)s") % {"ref": dossier.reference}
    calendar = Calendar()
    calendar.add("prodid", "-//sejour//calendrier des demandes//FR")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", title)
    stamp = timezone.now()
    for code, day in dossier_dates(dossier, today=today):
        kind, _sep, number = code.partition(":")
        summary = f"{SUMMARIES[kind]}{f' {number}' if number else ''} · {dossier.reference}"
        event = Event()
        event.add("uid", f"{dossier.reference}-{code.replace(':', '-')}@{host}")
        event.add("dtstamp", stamp)
        event.add("dtstart", day)
        event.add("dtend", day + timedelta(days=1))
        event.add("summary", summary)
        event.add("description", f"{title}\n{url}")
        event.add("url", url)
        event.add("transp", "TRANSPARENT")
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", summary)
        alarm.add("trigger", timedelta(days=-ALARM_DAYS))
        event.add_component(alarm)
        calendar.add_component(event)
    return calendar.to_ical()
