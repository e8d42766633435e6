"""Subscriptions, two workers at once, the prefecture's alert, the task and the command."""

from __future__ import annotations

import html
import io
import threading
from datetime import date

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client

from sejour.audit.models import AuditEvent
from sejour.inbox.models import Message
from sejour.inbox.services import message_answer
from sejour.notifications.management.commands.run_worker import schedule
from sejour.notifications.models import OutboxMessage
from sejour.reminders.models import Sent, Subscription
from sejour.reminders.occasions import due_occasions
from sejour.reminders.services import reminder_send, reminders_send, subscribe_renewal
from tests.accounts.helpers import login_verified
from tests.factories.accounts import AgentFactory, UserFactory
from tests.reminders.helpers import at, card, dossier, prolongation

pytestmark = pytest.mark.django_db


def test_subscribing_twice_to_the_same_card_keeps_one_subscription() -> None:
    user = UserFactory()
    first = subscribe_renewal(
        user=user, card_kind="carte_pluriannuelle", valid_until=date(2028, 1, 31)
    )
    again = subscribe_renewal(user=user, card_kind="carte_resident", valid_until=date(2028, 1, 31))
    assert again.pk == first.pk and again.card_kind == "carte_resident"
    assert Subscription.objects.count() == 1
    assert AuditEvent.objects.filter(action="reminders.subscribed").count() == 1
    subscribe_renewal(user=user, card_kind="carte_resident", valid_until=date(2038, 1, 31))
    assert Subscription.objects.count() == 2
    with pytest.raises(ValueError):
        subscribe_renewal(user=user, card_kind="titre_voyage", valid_until=date(2030, 1, 1))


def test_two_workers_finding_the_same_reminder_send_it_once() -> None:
    user = UserFactory()
    subscribe_renewal(user=user, card_kind="carte_resident", valid_until=date(2027, 6, 30))
    today = date(2027, 3, 2)
    with at(today):
        (seen_by_one,) = due_occasions(today)
        (seen_by_other,) = due_occasions(today)
        assert reminder_send(occasion=seen_by_one, today=today) is True
        assert reminder_send(occasion=seen_by_other, today=today) is False
    assert Sent.objects.count() == 1 and OutboxMessage.objects.count() == 1


def test_the_alert_reaches_the_prefecture_and_its_answer_goes_to_nobody() -> None:
    user = UserFactory(language="fr")
    with at(date(2027, 2, 23)):
        pending = dossier(user, "awaiting_ofpra", legal_deadline=date(2027, 1, 15))
        attestation = prolongation(pending, "2026-09-10", "2027-03-10")
        assert reminders_send(today=date(2027, 2, 23)) == 1
        (alert,) = Message.objects.filter(kind=Message.Kind.ALERT)
        assert alert.prefecture == pending.prefecture and alert.email == ""
        assert attestation.number in alert.text and "15/01/2027" in alert.text
        agent = AgentFactory(prefecture=pending.prefecture)
        client = Client()
        login_verified(client, agent)
        inbox = html.unescape(client.get("/instruction/messages/").content.decode())
        assert "Alerte du service" in inbox and pending.reference in inbox
        page = html.unescape(client.get(f"/instruction/messages/{alert.pk}/").content.decode())
        assert "Service des rappels" in page and "<>" not in page and attestation.number in page
        message_answer(message=alert, agent=agent, text="Dossier repris en priorité.")
    alert.refresh_from_db()
    assert alert.answered_by == agent and not mail.outbox
    assert OutboxMessage.objects.filter(user=user).count() == 1  # the reminder only


def test_a_file_with_a_decision_raises_no_alert() -> None:
    with at(date(2027, 2, 23)):
        granted = dossier(UserFactory(), "granted")
        prolongation(granted, "2026-09-10", "2027-03-10")
        assert reminders_send(today=date(2027, 2, 23)) == 0
    assert not Message.objects.exists()


def test_the_command_and_the_worker_schedule() -> None:
    subscribe_renewal(user=UserFactory(), card_kind="carte_resident", valid_until=date(2027, 6, 30))
    out = io.StringIO()
    call_command("send_reminders", "--date", "2027-03-02", stdout=out)
    assert out.getvalue().strip() == "1 reminder(s) sent"
    call_command("send_reminders", "--date", "2027-03-02", stdout=out)
    assert out.getvalue().strip().endswith("0 reminder(s) sent")

    from django_tasks_db.models import DBTaskResult

    stop = threading.Event()
    stop.set()
    schedule(stop, every=3600)
    assert DBTaskResult.objects.filter(task_path__endswith="send_reminders").count() == 1


def test_a_childs_card_reminds_the_parent_until_the_child_holds_a_later_one() -> None:
    parent = UserFactory(language="fr")
    minor = {"last_name": "KARIMI", "first_names": "Rami", "birth_date": "2009-05-05"}
    today = date(2027, 3, 2)
    with at(today):
        card(
            parent,
            "carte_sejour_temporaire",
            "2027-06-30",
            filed_by="parent",
            holder_name="KARIMI Rami",
            snapshot={"identity": {"minor": {**minor, "foreign_number": "7400000009"}}},
        )
        (occasion,) = due_occasions(today)
        assert occasion.user == parent and occasion.key == "2027-06-30:fn:7400000009"
        child = UserFactory(
            username="7400000009",
            foreign_number="7400000009",
            guardian=parent,
            birth_date=date(2009, 5, 5),
        )
        later = card(child, "carte_pluriannuelle", "2031-02-28")  # the child's own, later
        assert due_occasions(today) == []
        later.delete()
        assert reminders_send(today=today) == 1
    (message,) = OutboxMessage.objects.all()
    assert message.user == parent and "Titulaire : KARIMI Rami" in message.body
