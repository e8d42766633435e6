"""Each dossier's deadlines as an .ics file (issue 7): parsed back with icalendar."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client
from django.urls import resolve, reverse
from icalendar import Calendar

from sejour.reminders import views
from tests.factories.accounts import UserFactory
from tests.reminders.helpers import at, card, dossier, prolongation

pytestmark = pytest.mark.django_db


def events(response) -> dict[str, tuple[date, str, str]]:
    """code (from the UID) → (date, summary, uid)."""
    calendar = Calendar.from_ical(response.content)
    out = {}
    for event in calendar.walk("VEVENT"):
        uid = str(event["UID"])
        code = uid.split("@")[0].split("-", 2)[2]  # D-XXXXXXXXXX-<code>@host
        out[code] = (event.decoded("DTSTART"), str(event["SUMMARY"]), uid)
    return out


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_url_is_the_calendar_not_the_dossier_catch_all() -> None:
    url = reverse("reminders:calendar", args=["D-0123456789"])
    assert url == "/demarches/D-0123456789/calendrier.ics"
    assert resolve(url).func is views.calendar


def test_a_card_handed_over_gives_its_renewal_dates_and_the_uids_stay() -> None:
    user = UserFactory(language="en")
    with at(date(2027, 1, 10)):
        handed = card(user, "carte_resident", "2027-06-30", legal_deadline=date(2026, 12, 1))
        client = signed_in(user)
        first = client.get(f"/en/demarches/{handed.reference}/calendrier.ics")
        again = client.get(f"/en/demarches/{handed.reference}/calendrier.ics")
    assert first.status_code == 200
    assert first["Content-Type"] == "text/calendar; charset=utf-8"
    assert "private" in first["Cache-Control"]
    assert first["Content-Disposition"] == f'attachment; filename="{handed.reference}.ics"'
    found = events(first)
    assert {code: found[code][0] for code in found} == {
        "card_issue_by": date(2026, 12, 1),
        "renewal_window_opens": date(2027, 3, 2),
        "renewal_window_closes": date(2027, 5, 1),
        "card_ends": date(2027, 6, 30),
        "rights_kept_until": date(2027, 9, 30),
    }
    assert {v[2] for v in found.values()} == {v[2] for v in events(again).values()}
    calendar = Calendar.from_ical(first.content)
    assert str(calendar["X-WR-CALNAME"]) == f"Request {handed.reference}"  # the page's language
    assert all(handed.reference in summary for _day, summary, _uid in found.values())


def test_a_pending_file_gives_its_legal_deadline_and_its_attestation() -> None:
    user = UserFactory()
    with at(date(2027, 1, 10)):
        pending = dossier(
            user,
            "in_instruction",
            legal_deadline=date(2027, 2, 1),
            assessment={"deadlines": {"card_issue_by": "2027-02-01", "age_limit_date": None}},
        )
        attestation = prolongation(pending, "2026-09-10", "2027-03-10")
        response = signed_in(user).get(f"/demarches/{pending.reference}/calendrier.ics")
    found = events(response)
    assert found["card_issue_by"][0] == date(2027, 2, 1)
    assert found[f"attestation_ends-{attestation.number}"][0] == date(2027, 3, 10)
    assert found["card_issue_by"][1].startswith("Date limite de délivrance de la carte")
    assert len(found) == 2


def test_someone_elses_calendar_is_a_404_and_the_detail_page_links_to_it() -> None:
    owner, other = UserFactory(), UserFactory()
    with at(date(2027, 1, 10)):
        pending = dossier(owner, "submitted")
        url = f"/demarches/{pending.reference}/calendrier.ics"
        assert signed_in(other).get(url).status_code == 404
        assert Client().get(url).status_code == 302  # to the login page
        page = signed_in(owner).get(f"/demarches/{pending.reference}/").content.decode()
    assert f'href="{url}"' in page and "Ajouter au calendrier (.ics)" in page
