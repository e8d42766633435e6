"""ATT-FAMILY (000 Q28): a family member's confirmation de dépôt is followed by an
attestation de prolongation d'instruction when instruction outlasts the document they
hold, then renewed like a BPI's; tested with a frozen clock, through the task worker."""

from __future__ import annotations

import io
import threading
from datetime import date

import pytest
from django.core import mail
from django.db import connection, connections
from pypdf import PdfReader

from sejour.attestations.family import attestation_follow_up, attestations_follow_up_due
from sejour.attestations.models import Attestation
from sejour.attestations.services import attestations_renew_due
from sejour.attestations.tasks import renew_due
from sejour.audit.models import AuditEvent
from sejour.notifications.models import OutboxMessage
from tests.attestations.test_renewal import at, deposited, set_state
from tests.dossiers.test_deposit import SITUATION_SPOUSE, SPOUSE_DOCS, worker
from tests.factories.accounts import RegisterEntryFactory

pytestmark = pytest.mark.django_db(transaction=True)  # the worker closes connections


@pytest.fixture
def spouse(django_capture_on_commit_callbacks):
    """A spouse deposited on 2 November 2026 holding a long-stay visa that ends on
    31 January 2027 (the register knows it by its number)."""
    RegisterEntryFactory(
        foreign_number=None,
        visa_number="FRA7654321",
        last_name="HADI",
        first_names="Samir",
        protection_status="",
        document_kind="visa_long_sejour",
        valid_from=date(2026, 2, 1),
        valid_until=date(2027, 1, 31),
    )
    dossier = deposited(SITUATION_SPOUSE, SPOUSE_DOCS, capture=django_capture_on_commit_callbacks)
    worker()
    mail.outbox.clear()
    return dossier


def test_the_follow_up_is_issued_15_days_before_the_document_held_ends(
    spouse, django_capture_on_commit_callbacks
) -> None:
    confirmation = Attestation.objects.get(dossier=spouse)
    assert confirmation.kind == "attestation_confirmation_depot"
    assert confirmation.document_held_until == date(2027, 1, 31)

    with at("2027-01-15"):  # 16 days before: not yet
        renew_due.enqueue()
        worker()
    assert Attestation.objects.count() == 1 and not mail.outbox

    set_state(spouse, "in_instruction")
    with at("2027-01-16"):
        with django_capture_on_commit_callbacks(execute=True):
            renew_due.enqueue()
        worker()
        worker()  # the follow-up's message, enqueued on commit
    follow_up = Attestation.objects.get(follows=confirmation)
    assert follow_up.kind == "attestation_prolongation_instruction"
    assert follow_up.issued_on == date(2027, 1, 16)
    assert follow_up.valid_until == date(2027, 4, 30)  # 3 months from the visa's end: no gap
    assert follow_up.renewable and follow_up.valid_only_with_previous_card
    assert follow_up.keeps_previous_rights and not follow_up.allows_work
    assert follow_up.holder_last_name == "HADI" and follow_up.prefecture_name
    assert follow_up.is_valid_on(date(2027, 2, 15))
    assert confirmation.is_valid_on(date(2027, 2, 15))  # still the proof of the date
    (message,) = mail.outbox
    assert message.to == ["samir@example.org"] and "30/04/2027" in message.body
    assert follow_up.code in message.body
    name, content, kind = message.attachments[0]
    assert name == f"{follow_up.number}.pdf" and kind == "application/pdf"
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(content)).pages)
    assert "prolongation" in text and "30/04/2027" in text
    assert AuditEvent.objects.filter(action="attestation.follow_up_issued").count() == 1

    with at("2027-01-20"):  # again: nothing more
        assert attestations_follow_up_due(today=date(2027, 1, 20)) == 0
        assert attestation_follow_up(confirmation=confirmation, today=date(2027, 1, 20)) is None
    assert Attestation.objects.count() == 2


def test_the_follow_up_is_renewed_like_a_bpis(spouse) -> None:
    assert attestations_follow_up_due(today=date(2027, 2, 3)) == 1  # the worker was late
    follow_up = Attestation.objects.latest("pk")
    assert follow_up.valid_until == date(2027, 5, 2)  # the visa had ended: from today
    assert attestations_renew_due(today=date(2027, 4, 17)) == 0  # not a BPI's
    assert attestations_follow_up_due(today=date(2027, 4, 16)) == 0  # 16 days before
    assert attestations_follow_up_due(today=date(2027, 4, 17)) == 1
    renewed = Attestation.objects.latest("pk")
    assert renewed.renews == follow_up and renewed.issued_on == date(2027, 4, 17)
    assert renewed.valid_until == date(2027, 8, 2)  # 3 months from the next day: no gap
    assert attestations_follow_up_due(today=date(2027, 4, 18)) == 0  # once
    assert renewed.valid_only_with_previous_card and not renewed.allows_work
    body = OutboxMessage.objects.get(attestation=renewed).body
    assert "accompagnée du document de séjour" in body and "travailler" not in body


def test_no_follow_up_once_the_card_is_handed_over_or_the_file_closed(spouse) -> None:
    for closed in ("handed_over", "refused", "withdrawn"):
        set_state(spouse, closed)
        assert attestations_follow_up_due(today=date(2027, 1, 20)) == 0
    set_state(spouse, "card_available")  # decided, not yet in hand: the visa has ended
    assert attestations_follow_up_due(today=date(2027, 1, 20)) == 1


def test_a_bpi_gets_no_follow_up(django_capture_on_commit_callbacks) -> None:
    dossier = deposited(capture=django_capture_on_commit_callbacks)
    assert Attestation.objects.get(dossier=dossier).document_held_until is None
    assert attestations_follow_up_due(today=date(2030, 1, 1)) == 0


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks are tested on PostgreSQL")
def test_two_workers_at_once_issue_one_follow_up(spouse) -> None:
    confirmation = Attestation.objects.get(dossier=spouse)
    barrier = threading.Barrier(2)
    issued: list[bool] = []

    def run() -> None:
        try:
            barrier.wait()
            done = attestation_follow_up(confirmation=confirmation, today=date(2027, 1, 20))
            issued.append(done is not None)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(issued) == [False, True]
    assert Attestation.objects.filter(follows=confirmation).count() == 1


def test_a_correction_replaces_the_follow_up_too_and_nothing_is_issued_twice(spouse) -> None:
    from sejour.accounts.models import Prefecture
    from sejour.dossiers.corrections import dossier_correct

    Prefecture.objects.create(
        department_code="69", name="Préfecture du Rhône", address="Lyon", opening_hours="9 h"
    )
    assert attestations_follow_up_due(today=date(2027, 1, 20)) == 1
    confirmation = Attestation.objects.get(kind="attestation_confirmation_depot")
    follow_up = Attestation.objects.get(follows=confirmation)
    address = {"street": "2 rue de la République", "postal_code": "69002", "city": "Lyon"}
    dossier_correct(dossier=spouse, by=spouse.applicant, step="address", data=address)
    in_force = Attestation.objects.filter(superseded_on__isnull=True)
    assert in_force.count() == 2 and all(
        a.prefecture_name == "Préfecture du Rhône" for a in in_force
    )
    new_confirmation = in_force.get(kind="attestation_confirmation_depot")
    new_follow_up = in_force.get(kind="attestation_prolongation_instruction")
    assert new_follow_up.follows == new_confirmation
    assert new_follow_up.valid_until == follow_up.valid_until  # same period, new content
    follow_up.refresh_from_db()
    assert follow_up.replaced_by == new_follow_up and not follow_up.is_valid_on(date(2027, 2, 1))
    assert new_confirmation.document_held_until == date(2027, 1, 31)
    assert attestations_follow_up_due(today=date(2027, 1, 25)) == 0  # already followed
    assert attestations_follow_up_due(today=date(2027, 4, 20)) == 1  # the new one is renewed
    assert Attestation.objects.latest("pk").renews == new_follow_up


def test_a_protected_persons_late_renewal_keeps_its_confirmation_alone() -> None:
    """ATT-RENEWAL: a late renewal gets a confirmation de dépôt only; ATT-FAMILY's
    follow-up is a family member's."""
    from sejour.attestations.services import attestation_issue
    from sejour.dossiers.models import Dossier
    from tests.factories.accounts import PrefectureFactory, UserFactory

    user = UserFactory()
    held = {"card_kind": "carte_pluriannuelle", "card_valid_until": "2026-12-20"}
    dossier = Dossier.objects.create(
        procedure="renewal",
        applicant=user,
        filer=user,
        prefecture=PrefectureFactory(department_code="75"),
        state="submitted",
        draft={"situation": {"role": "protected", "status": "subsidiary", **held}},
    )
    engine = {
        "kind": "attestation_confirmation_depot",
        "validity_months": None,
        "renewable": False,
        "allows_work": False,
        "allows_schengen_travel": False,
        "valid_only_with_previous_card": False,
        "keeps_previous_rights": False,
    }
    holder = {"last_name": "NOUR", "first_names": "Amal", "birth_date": "1990-04-02"}
    late = attestation_issue(
        dossier=dossier, attestation=engine, holder=holder, today=date(2027, 1, 2)
    )
    assert late.document_held_until is None
    assert attestations_follow_up_due(today=date(2027, 1, 2)) == 0
    dossier.draft["situation"]["role"] = "family_member"  # a family member's renewal: it follows
    dossier.save()
    family = attestation_issue(
        dossier=dossier, attestation=engine, holder=holder, today=date(2027, 1, 2)
    )
    assert family.document_held_until == date(2026, 12, 20)
