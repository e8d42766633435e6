"""The legal deadline (DL-ISSUE) set at deposit and shown in the queue as the days go
by, with a frozen clock: 3 months from the protection decision for a protected person,
4 months from the deposit for a family member; amber within 15 days, red when past."""

from __future__ import annotations

import html
import re
from datetime import date

import pytest
import time_machine
from django.test import Client

from sejour.dossiers.models import Dossier
from tests.accounts.helpers import login_verified
from tests.dossiers.helpers import SITUATION_SPOUSE, complete_documents, deposit, fill_to_documents
from tests.dossiers.test_deposit import REFUGEE_DOCS, SPOUSE_DOCS
from tests.factories.accounts import AgentFactory, UserFactory

pytestmark = pytest.mark.django_db


def at(day: str):
    return time_machine.travel(f"{day} 10:00 +01:00", tick=False)


def deposited_on(day: str, situation=None, documents=REFUGEE_DOCS) -> Dossier:
    user = UserFactory()
    if situation is not None:
        user.foreign_number, user.visa_number = None, f"FRA{user.pk:07d}"
        user.save()
    client = Client()
    client.force_login(user)
    with at(day):
        reference = fill_to_documents(client, situation) if situation else fill_to_documents(client)
        complete_documents(client, reference, documents)
        deposit(client, reference)
    return Dossier.objects.get(reference=reference)


def row_badge(day: str, reference: str) -> str:
    with at(day):
        client = Client()
        login_verified(
            client, AgentFactory(prefecture=Dossier.objects.get(reference=reference).prefecture)
        )
        page = html.unescape(client.get("/instruction/").content.decode())
    row = re.search(
        rf'<tr class="sejour-urgency--(\w+)">(?:(?!</tr>).)*{reference}(?:(?!</tr>).)*', page, re.S
    )
    assert row, page[-2000:]
    return row.group(1) + " " + " ".join(re.sub(r"<[^>]+>", " ", row.group(0)).split())


def test_a_protected_persons_deadline_runs_from_the_decision() -> None:
    # decision 01/10/2026 (SITUATION_REFUGEE), deposited a month later
    dossier = deposited_on("2026-11-02")
    assert dossier.legal_deadline == date(2027, 1, 1)
    assert row_badge("2026-12-16", dossier.reference).startswith("ok")
    assert "16 jours restants" in row_badge("2026-12-16", dossier.reference)
    soon = row_badge("2026-12-17", dossier.reference)
    assert soon.startswith("soon") and "15 jours restants" in soon
    assert row_badge("2027-01-01", dossier.reference).startswith("soon")
    late = row_badge("2027-01-02", dossier.reference)
    assert late.startswith("overdue") and "en retard de 1 jour" in late
    with at("2027-01-02"):
        client = Client()
        login_verified(client, AgentFactory(prefecture=dossier.prefecture))
        overdue_only = html.unescape(
            client.get("/instruction/", {"overdue": "on"}).content.decode()
        )
    assert dossier.reference in overdue_only


def test_a_family_members_deadline_runs_from_the_deposit() -> None:
    dossier = deposited_on("2026-11-30", SITUATION_SPOUSE, SPOUSE_DOCS)
    assert dossier.legal_deadline == date(2027, 3, 30)
    assert "en retard de 2 jours" in row_badge("2027-04-01", dossier.reference)


def test_a_month_end_deposit_is_clipped_to_the_month_end() -> None:
    dossier = deposited_on("2026-10-31", SITUATION_SPOUSE, SPOUSE_DOCS)
    assert dossier.legal_deadline == date(2027, 2, 28)
