"""The attestation de prolongation is renewed before it ends while the file awaits its
card (issue 6): tested with a frozen clock, through the task worker."""

from __future__ import annotations

import io
import threading
from datetime import date

import pytest
import time_machine
from django.core import mail
from django.test import Client
from pypdf import PdfReader

from sejour.attestations.models import Attestation
from sejour.attestations.services import attestations_renew_due
from sejour.attestations.tasks import renew_due
from sejour.dossiers.models import Dossier
from sejour.notifications.management.commands.run_worker import schedule
from tests.dossiers.helpers import complete_documents, deposit, fill_to_documents
from tests.dossiers.test_deposit import REFUGEE_DOCS, SITUATION_SPOUSE, SPOUSE_DOCS, worker
from tests.factories.accounts import UserFactory

pytestmark = pytest.mark.django_db


def at(day: str):
    return time_machine.travel(f"{day} 09:00 +01:00", tick=False)


def deposited(situation=None, documents=REFUGEE_DOCS, *, capture) -> Dossier:
    user = UserFactory(last_name="HADI", first_name="Samir", email="samir@example.org")
    client = Client()
    client.force_login(user)
    if situation is not None:
        user.foreign_number, user.visa_number = None, "FRA7654321"
        user.save()
    with at("2026-11-02"):
        reference = fill_to_documents(client, situation) if situation else fill_to_documents(client)
        complete_documents(client, reference, documents)
        with capture(execute=True):
            deposit(client, reference)
    return Dossier.objects.get(reference=reference)


def set_state(dossier: Dossier, state: str) -> None:
    Dossier.objects.filter(pk=dossier.pk).update(state=state)


@pytest.mark.django_db(transaction=True)  # the task worker closes connections (PostgreSQL)
def test_renewed_15_days_before_the_end_by_the_worker_with_mail_and_pdf(
    django_capture_on_commit_callbacks,
) -> None:
    dossier = deposited(capture=django_capture_on_commit_callbacks)
    first = Attestation.objects.get(dossier=dossier)
    assert first.valid_until == date(2027, 5, 1)  # 6 months less a day, as a card
    worker()
    mail.outbox.clear()

    with at("2027-04-15"):  # 16 days before: not yet
        renew_due.enqueue()
        worker()
    assert Attestation.objects.count() == 1 and not mail.outbox

    set_state(dossier, "awaiting_ofpra")  # still pending, waiting for OFPRA (000 Q40)
    with at("2027-04-16"):
        with django_capture_on_commit_callbacks(execute=True):
            renew_due.enqueue()
        worker()
        worker()  # the renewal's message, enqueued on commit
    second = Attestation.objects.exclude(pk=first.pk).get()
    assert second.renews == first and second.issued_on == date(2027, 4, 16)
    assert second.valid_until == date(2027, 11, 1)  # from the day after the end: no gap
    assert second.allows_work and second.holder_last_name == "HADI"
    assert second.is_valid_on(date(2027, 10, 1)) and not first.is_valid_on(date(2027, 5, 2))
    (message,) = mail.outbox
    assert message.to == ["samir@example.org"] and "01/11/2027" in message.body
    assert second.code in message.body
    name, content, kind = message.attachments[0]
    assert name == f"{second.number}.pdf" and kind == "application/pdf"
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(content)).pages)
    assert "01/11/2027" in text and second.code in text

    with at("2027-04-20"):  # again: nothing more
        assert attestations_renew_due(today=date(2027, 4, 20)) == 0
    assert Attestation.objects.count() == 2


def test_renewed_while_the_card_is_made_not_once_the_file_is_closed(
    django_capture_on_commit_callbacks,
) -> None:
    dossier = deposited(capture=django_capture_on_commit_callbacks)
    set_state(dossier, "card_ordered")  # granted but not in hand: still the only document
    assert attestations_renew_due(today=date(2027, 4, 30)) == 1
    latest = Attestation.objects.latest("pk")
    set_state(dossier, "handed_over")
    assert attestations_renew_due(today=date(2027, 10, 30)) == 0
    for closed in ("withdrawn", "refused"):
        set_state(dossier, closed)
        assert attestations_renew_due(today=date(2027, 10, 30)) == 0
    assert Attestation.objects.latest("pk") == latest


def test_an_attestation_already_ended_is_renewed_from_today(
    django_capture_on_commit_callbacks,
) -> None:
    """The worker was down: the applicant gets a valid document at once, not a past one."""
    deposited(capture=django_capture_on_commit_callbacks)
    assert attestations_renew_due(today=date(2027, 6, 10)) == 1
    renewed = Attestation.objects.latest("pk")
    assert renewed.issued_on == date(2027, 6, 10) and renewed.valid_until == date(2027, 12, 9)


def test_a_confirmation_de_depot_is_not_renewed(django_capture_on_commit_callbacks) -> None:
    deposited(SITUATION_SPOUSE, SPOUSE_DOCS, capture=django_capture_on_commit_callbacks)
    assert attestations_renew_due(today=date(2030, 1, 1)) == 0


def test_the_worker_schedules_the_renewal() -> None:
    from django_tasks_db.models import DBTaskResult

    stop = threading.Event()
    stop.set()
    schedule(stop, every=3600)
    assert DBTaskResult.objects.filter(task_path__endswith="renew_due").count() == 1
