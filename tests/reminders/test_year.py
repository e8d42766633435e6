"""A year of the daily job, day by day with a frozen clock, over a small population:
every reminder goes out exactly once, on its day, in its recipient's language (issue 7)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation
from django.utils.translation import gettext

from sejour.attestations.models import Attestation
from sejour.attestations.services import attestations_renew_due
from sejour.dossiers.models import Dossier
from sejour.inbox.models import Message
from sejour.notifications.models import OutboxMessage
from sejour.reminders.models import Sent
from sejour.reminders.services import reminders_send
from tests.reminders.helpers import at, dossier, population

pytestmark = pytest.mark.django_db

START, END = date(2027, 1, 1), date(2027, 12, 31)


def days(start: date = START, end: date = END):
    day = start
    while day <= end:
        yield day
        day += timedelta(days=1)


def test_a_year_day_by_day_sends_each_reminder_once_on_its_day() -> None:
    people = population()
    events = {
        date(2027, 7, 1): lambda: Dossier.objects.filter(pk=people.pending.pk).update(
            state="granted"
        ),  # a decision: the renewed attestation's end needs no alert
        date(2027, 7, 10): lambda: dossier(people.omar, "submitted", procedure="renewal"),
    }
    most_queries = 0
    for day in days():
        with at(day):
            if day in events:
                events[day]()
            attestations_renew_due(today=day)  # the other scheduled job, as the worker runs it
            reminders_send(today=day)
            with CaptureQueriesContext(connection) as queries:
                assert reminders_send(today=day) == 0, f"{day}: a second run sent again"
            most_queries = max(most_queries, len(queries))
    assert most_queries <= 12  # a handful of queries a day, whatever the population

    sent = {
        (s.kind, s.user.first_name, s.due_on, timezone.localdate(s.sent_at))
        for s in Sent.objects.select_related("user")
    }
    expected = {
        ("renewal_opens", "Amal", date(2027, 3, 2)),  # 120 days before 30 June
        ("renewal_closes", "Amal", date(2027, 4, 16)),  # 15 days before 1 May
        ("card_ends", "Amal", date(2027, 6, 15)),
        ("renewal_opens", "Samir", date(2027, 6, 2)),
        ("renewal_closes", "Samir", date(2027, 7, 17)),
        ("card_ends", "Samir", date(2027, 9, 15)),
        ("attestation_ends", "Lina", date(2027, 2, 23)),  # 15 days before 10 March
        ("ephoto_ends", "Lina", date(2027, 6, 5)),  # the code ends on 20 June
        ("child19", "Nadia", date(2027, 7, 11)),  # Sami: 19 on 10 September
        ("child19", "Nadia", date(2027, 9, 20)),  # Dina: 19 on 20 November
        ("renewal_opens", "Omar", date(2027, 7, 3)),  # then he files: nothing more
    }
    assert sent == {(kind, name, day, day) for kind, name, day in expected}
    assert Sent.objects.count() == len(expected)
    # Lina's attestation was renewed twice meanwhile (February, August), each with its message.
    assert Attestation.objects.filter(dossier=people.pending).count() == 3
    assert OutboxMessage.objects.count() == len(expected) + 2

    for entry in Sent.objects.select_related("message", "user"):
        assert entry.message.user == entry.user
        assert entry.message.lang == entry.user.language
        with translation.override(entry.user.language):
            assert entry.message.body.startswith(gettext("Bonjour,"))

    samir = Sent.objects.get(kind="card_ends", user=people.samir).message
    assert samir.lang == "ar" and "مرحبًا" in samir.body and "30/09/2027" in samir.body
    assert "30/12/2027" in samir.body  # rights kept 3 months after the end (DL-GRACE)
    lina = Sent.objects.get(kind="attestation_ends").message
    assert lina.lang == "en" and "10/03/2027" in lina.body and people.pending.reference in lina.body
    amal = Sent.objects.get(kind="renewal_opens", user=people.amal).message
    assert "02/03/2027" in amal.body and "01/05/2027" in amal.body
    assert f"/demarches/{people.amal_card.reference}/calendrier.ics" in amal.body
    nadia = [s.message for s in Sent.objects.filter(kind="child19").order_by("due_on")]
    assert "Sami KARIMI" in nadia[0].subject and "09/09/2027" in nadia[0].subject
    assert "Dina KARIMI" in nadia[1].subject and "19/11/2027" in nadia[1].subject

    (alert,) = Message.objects.filter(kind=Message.Kind.ALERT)
    assert alert.dossier == people.pending and alert.prefecture == people.pending.prefecture
    assert people.first_attestation.number in alert.text and "10/03/2027" in alert.text
    assert alert.author is None and alert.answered_at is None


def test_a_worker_down_for_days_catches_up_once_but_never_sends_a_stale_reminder() -> None:
    population()
    # Down from 1 January to 9 March: what fell due and is still useful goes out late,
    # once: the opening of Amal's window (2 March), Lina's attestation (its last day).
    assert _sent_on(date(2027, 3, 10)) == {
        ("renewal_opens", "Amal", date(2027, 3, 2)),
        ("attestation_ends", "Lina", date(2027, 2, 23)),
    }
    assert _sent_on(date(2027, 3, 11)) == set()

    # Down again until 17 July. Stale, never sent: Amal's window has closed and her card
    # has ended, Lina's e-photo code has expired. Samir's window opened on 2 June, but the
    # reminder that it closes soon replaces that one today.
    assert _sent_on(date(2027, 7, 17)) == {
        ("renewal_closes", "Samir", date(2027, 7, 17)),
        ("renewal_opens", "Omar", date(2027, 7, 3)),
        ("child19", "Nadia", date(2027, 7, 11)),
    }

    # Long after every date: nothing.
    assert _sent_on(date(2028, 1, 5)) == set()


def _sent_on(day: date) -> set[tuple[str, str, date]]:
    before = set(Sent.objects.values_list("pk", flat=True))
    with at(day):
        count = reminders_send(today=day)
    new = Sent.objects.exclude(pk__in=before).select_related("user")
    assert count == len(new)
    return {(s.kind, s.user.first_name, s.due_on) for s in new}
