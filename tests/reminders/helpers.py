"""A small population whose dates fall due over 2027, one reminder kind or more each."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

import time_machine
from django.utils import timezone

from sejour.accounts.models import User
from sejour.attestations.models import Attestation
from sejour.dossiers.models import Dossier
from sejour.integrations.models import EphotoCode
from sejour.reminders.services import subscribe_renewal
from tests.factories.accounts import PrefectureFactory, UserFactory

PARIS = ZoneInfo("Europe/Paris")


def at(day: date, hour: int = 9):
    return time_machine.travel(
        datetime(day.year, day.month, day.day, hour, tzinfo=PARIS), tick=False
    )


def dossier(applicant: User, state: str, **fields) -> Dossier:
    fields.setdefault("prefecture", PrefectureFactory(department_code="75"))
    return Dossier.objects.create(
        procedure=fields.pop("procedure", "first_permit"),
        applicant=applicant,
        filer=fields.pop("filer", applicant),
        state=state,
        submitted_at=None if state == "draft" else timezone.now(),
        **fields,
    )


def card(applicant: User, kind: str, valid_until: str, **fields) -> Dossier:
    """A request whose card was handed over, valid until `valid_until`."""
    decision = {"card": {"kind": kind, "valid_from": "2017-01-01", "valid_until": valid_until}}
    return dossier(applicant, "handed_over", decision=decision, **fields)


def prolongation(on: Dossier, issued_on: str, valid_until: str) -> Attestation:
    return Attestation.objects.create(
        dossier=on,
        holder=on.applicant,
        holder_last_name=on.applicant.last_name,
        holder_first_names=on.applicant.first_name,
        kind=Attestation.Kind.PROLONGATION,
        issued_on=issued_on,
        valid_until=valid_until,
        renewable=True,
        allows_work=True,
    )


@dataclass
class Population:
    amal: User  # fr: a carte de résident handed over here, also subscribed to
    samir: User  # ar: a subscription only
    lina: User  # en: a pending file whose attestation ends; a draft with an e-photo code
    nadia: User  # fr: a parent; a minor's account, two children filed for
    omar: User  # fr: two cards handed over (the older one replaced); files a renewal
    pending: Dossier  # Lina's
    draft: Dossier  # Lina's
    first_attestation: Attestation
    omar_card: Dossier
    amal_card: Dossier


def population() -> Population:
    with at(date(2026, 12, 31)):
        paris = PrefectureFactory(department_code="75")
        amal = UserFactory(first_name="Amal", last_name="NOUR", language="fr")
        samir = UserFactory(first_name="Samir", last_name="HADI", language="ar")
        lina = UserFactory(first_name="Lina", last_name="SAAD", language="en")
        nadia = UserFactory(first_name="Nadia", last_name="KARIMI", language="fr")
        omar = UserFactory(first_name="Omar", last_name="FARAH", language="fr")

        amal_card = card(amal, "carte_resident", "2027-06-30", holder_name="NOUR Amal")
        subscribe_renewal(user=amal, card_kind="carte_resident", valid_until=date(2027, 6, 30))
        subscribe_renewal(
            user=samir, card_kind="carte_pluriannuelle", valid_until=date(2027, 9, 30)
        )

        pending = dossier(
            lina,
            "in_instruction",
            legal_deadline=date(2027, 1, 15),
            holder_name="SAAD Lina",
            assessment={"deposit_attestation": {"validity_months": 6}},
        )
        first = prolongation(pending, "2026-09-10", "2027-03-10")
        draft = dossier(lina, "draft", draft={"ephoto": {"code": "EPH-LINA-1"}})
        EphotoCode.objects.create(
            code="EPH-LINA-1",
            taken_at=datetime(2026, 12, 20, 10, tzinfo=PARIS),
            active_from=datetime(2026, 12, 21, 10, tzinfo=PARIS),
        )

        UserFactory(
            username="7400000001",
            foreign_number="7400000001",
            first_name="Sami",
            last_name="KARIMI",
            birth_date=date(2008, 9, 10),
            guardian=nadia,
            email=nadia.email,
        )
        minor = {"last_name": "KARIMI", "first_names": "Rami", "birth_date": "2008-05-05"}
        card(
            nadia,
            "carte_resident",
            "2036-06-01",
            filed_by="parent",
            snapshot={"identity": {"minor": {**minor, "foreign_number": "7400000002"}}},
        )  # Rami holds a card: no reminder for him
        minor = {"last_name": "KARIMI", "first_names": "Dina", "birth_date": "2008-11-20"}
        dossier(nadia, "refused", filed_by="parent", snapshot={"identity": {"minor": minor}})

        card(omar, "carte_pluriannuelle", "2027-04-30")  # replaced by the next one
        omar_card = card(omar, "carte_pluriannuelle", "2027-10-31")
    assert paris.pk
    return Population(amal, samir, lina, nadia, omar, pending, draft, first, omar_card, amal_card)
