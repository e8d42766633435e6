"""A parent's request for a child is for the child the register records as theirs, a
minor on the deposit date: otherwise it is refused at the identity step, in the user's
language, and nothing is deposited or issued (issue 12)."""

from __future__ import annotations

import html
from datetime import date

import pytest
import time_machine
from django.test import Client

from sejour.attestations.models import Attestation
from sejour.audit.models import AuditEvent
from sejour.dossiers import deposit as deposit_service
from sejour.dossiers.models import Dossier
from sejour.integrations.models import EphotoCode, RegisterEntry
from tests.dossiers.helpers import SITUATION_REFUGEE, deposit, pdf, step_url, upload
from tests.factories.accounts import (
    EphotoFactory,
    PrefectureFactory,
    RegisterEntryFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

DOCS = ["decision_protection", "justificatif_domicile"]
TODAY = "2026-11-22 10:00 +01:00"


def text(response) -> str:
    return " ".join(html.unescape(response.content.decode()).split())


@pytest.fixture
def family():
    """A refugee parent with an account, their son of 17 in the register, and a stranger
    of 26 (a real number, another family's)."""
    PrefectureFactory(department_code="75")
    parent_entry = RegisterEntryFactory(last_name="NOUR", first_names="Amal")
    parent = UserFactory(
        username=parent_entry.foreign_number, foreign_number=parent_entry.foreign_number
    )
    child = RegisterEntryFactory(
        last_name="NOUR", first_names="Sami", birth_date=date(2009, 10, 23)
    )
    child.parents.add(parent_entry)
    stranger = RegisterEntryFactory(
        last_name="KARIMI", first_names="Omid", birth_date=date(2000, 5, 1)
    )
    client = Client()
    client.force_login(parent)
    return parent, client, child, stranger


def start_for_child(client: Client, prefix: str = "", kind: str = "premier-titre") -> str:
    response = client.post(f"{prefix}/demarches/nouvelle/{kind}/", {"for": "child"})
    assert response.status_code == 302, response.status_code
    return response["Location"].split("/demarches/")[1].split("/")[0]


def to_summary(client: Client, reference: str) -> None:
    """The steps after the identity, as a browser without JavaScript; stops before the
    deposit."""
    address = {"street": "1 rue A", "postal_code": "75001", "city": "Paris"}
    assert client.post(step_url(reference, "adresse"), address).status_code == 302
    assert client.post(step_url(reference, "situation"), SITUATION_REFUGEE).status_code == 302
    for code in DOCS:
        assert upload(client, reference, code, pdf()).status_code == 302
    client.post(
        step_url(reference, "documents"), {"action": "ephoto", "ephoto": EphotoFactory().code}
    )


def identity(entry, **changes) -> dict:
    return {
        "last_name": entry.last_name,
        "first_names": entry.first_names,
        "birth_date": entry.birth_date.strftime("%d/%m/%Y"),
        "foreign_number": entry.foreign_number,
        **changes,
    }


@time_machine.travel(TODAY, tick=False)
def test_a_strangers_number_with_an_adults_birth_date_is_refused_and_nothing_is_issued(
    family,
) -> None:
    """The defect seen: "for my child of 16 or 17", a 26-year-old's birth date and
    another person's number were deposited and gave an attestation to work."""
    _parent, client, _child, stranger = family
    reference = start_for_child(client)
    response = client.post(step_url(reference, "identite"), identity(stranger))
    assert response.status_code == 200
    page = text(response)
    assert "ne rattache pas ce numéro à un enfant dont vous êtes le parent" in page
    assert "présentez-vous à la préfecture" in page
    dossier = Dossier.objects.get(reference=reference)
    assert "identity" not in dossier.draft and dossier.subject == ""
    # Going on regardless: the deposit is refused, no attestation, no e-photo code spent.
    to_summary(client, reference)
    refused = deposit(client, reference)  # back to the identity step, still to fill
    assert refused["Location"] == step_url(reference, "identite")
    dossier.refresh_from_db()
    assert dossier.state == "draft"
    assert not Attestation.objects.exists()
    assert not EphotoCode.objects.exclude(used_by="").exists()
    refusal = AuditEvent.objects.get(action="dossier.child_refused")
    assert refusal.data == {"reason": "child_not_linked"}  # the reason, not the number


@time_machine.travel(TODAY, tick=False)
def test_the_summary_refuses_a_child_never_confirmed(family) -> None:
    _parent, client, _child, stranger = family
    reference = start_for_child(client)
    Dossier.objects.filter(reference=reference).update(  # a draft from before the check
        draft={"identity": {"minor": {**identity(stranger), "birth_date": "2000-05-01"}}}
    )
    to_summary(client, reference)
    response = deposit(client, reference)
    assert response.status_code == 200
    assert "Corrigez-le à l'étape Identité" in text(response)
    assert Dossier.objects.get(reference=reference).state == "draft"
    assert not Attestation.objects.exists()


@time_machine.travel(TODAY, tick=False)
def test_the_parents_own_child_is_deposited_under_the_registers_identity(
    family, django_capture_on_commit_callbacks
) -> None:
    _parent, client, child, _stranger = family
    reference = start_for_child(client)
    typed = identity(child, last_name="nour", first_names="sammy", parent2_unknown="on")
    assert client.post(step_url(reference, "identite"), typed).status_code == 302
    to_summary(client, reference)
    with django_capture_on_commit_callbacks(execute=True):
        assert deposit(client, reference)["Location"].endswith("/confirmation/")
    dossier = Dossier.objects.get(reference=reference)
    assert dossier.state == "submitted" and dossier.profile == "minor"
    assert dossier.subject == child.foreign_number and dossier.slot == "card"
    assert dossier.holder_name == "NOUR Sami"
    assert dossier.snapshot["identity"]["minor"]["parent2_unknown"] is True
    attestation = Attestation.objects.get(dossier=dossier)
    assert (
        attestation.holder_last_name,
        attestation.holder_first_names,
        attestation.holder_birth_date,
        attestation.holder_foreign_number,
    ) == ("NOUR", "Sami", date(2009, 10, 23), child.foreign_number)


@time_machine.travel(TODAY, tick=False)
def test_the_childs_birth_date_must_be_the_registers(family) -> None:
    _parent, client, child, _stranger = family
    reference = start_for_child(client)
    response = client.post(
        step_url(reference, "identite"), identity(child, birth_date="23/10/2000")
    )
    assert "n'est pas celle que le registre des étrangers connaît" in text(response)
    assert "identity" not in Dossier.objects.get(reference=reference).draft


@time_machine.travel(TODAY, tick=False)
def test_the_parents_own_child_of_18_is_told_to_file_alone(family) -> None:
    parent, client, _child, _stranger = family
    adult = RegisterEntryFactory(first_names="Nadia", birth_date=date(2008, 11, 22))
    adult.parents.add(RegisterEntry.objects.get(foreign_number=parent.foreign_number))
    reference = start_for_child(client)
    page = text(client.post(step_url(reference, "identite"), identity(adult)))
    assert "cet enfant aura 18 ans ou plus le jour du dépôt" in page
    assert "depuis son propre compte" in page


def test_a_child_who_comes_of_age_before_the_deposit_is_refused_at_the_deposit(family) -> None:
    parent, client, child, _stranger = family
    with time_machine.travel(TODAY, tick=False):
        reference = start_for_child(client)
        assert client.post(step_url(reference, "identite"), identity(child)).status_code == 302
        to_summary(client, reference)
    with time_machine.travel("2027-10-23 10:00 +02:00", tick=False):  # his 18th birthday
        client.force_login(parent)  # the session of a year ago has ended
        response = deposit(client, reference)
        assert "cet enfant aura 18 ans ou plus le jour du dépôt" in text(response)
    assert Dossier.objects.get(reference=reference).state == "draft"
    assert not Attestation.objects.exists()


@time_machine.travel(TODAY, tick=False)
def test_the_register_not_answering_keeps_the_draft_and_says_try_again(family) -> None:
    _parent, client, child, _stranger = family
    RegisterEntry.objects.filter(pk=child.pk).update(unavailable=True)
    reference = start_for_child(client)
    response = client.post(step_url(reference, "identite"), identity(child))
    assert response.status_code == 200
    assert "ne répond pas pour le moment : réessayez dans quelques minutes" in text(response)


@time_machine.travel(TODAY, tick=False)
def test_the_number_of_the_child_is_required() -> None:
    PrefectureFactory(department_code="75")
    client = Client()
    client.force_login(UserFactory())
    reference = start_for_child(client)
    response = client.post(
        step_url(reference, "identite"),
        {"last_name": "NOUR", "first_names": "Sami", "birth_date": "23/10/2009"},
    )
    assert "Indiquez le numéro étranger de l'enfant" in text(response)


@pytest.mark.parametrize(
    ("prefix", "expected"),
    [
        ("/en", "The register of foreigners does not link this number to a child of yours"),
        ("/ar", "لا يربط سجل الأجانب هذا الرقم بطفل أنت والده أو والدته"),
    ],
)
@time_machine.travel(TODAY, tick=False)
def test_the_refusal_speaks_the_users_language(family, prefix, expected) -> None:
    _parent, client, _child, stranger = family
    reference = start_for_child(client, prefix)
    response = client.post(step_url(reference, "identite", prefix), identity(stranger))
    assert expected in text(response)


@time_machine.travel(TODAY, tick=False)
def test_a_childs_travel_document_is_checked_the_same_way(family) -> None:
    _parent, client, _child, stranger = family
    reference = start_for_child(client, kind="titre-de-voyage")
    page = text(client.post(step_url(reference, "identite"), identity(stranger)))
    assert "ne rattache pas ce numéro" in page


@time_machine.travel(TODAY, tick=False)
def test_a_childs_request_is_about_the_child_not_the_parents_numbers(family) -> None:
    parent, client, child, _stranger = family
    parent.visa_number = "FRA7654321"
    parent.save()
    reference = start_for_child(client)
    assert client.post(step_url(reference, "identite"), identity(child)).status_code == 302
    dossier = Dossier.objects.get(reference=reference)
    person = deposit_service.situation_of(dossier, today=date(2026, 11, 22))["person"]
    assert person["foreign_number"] == child.foreign_number
    assert person["visa_number"] is None
    assert person["birth_date"] == "2009-10-23"


def test_the_demo_lets_farid_file_for_his_son(settings) -> None:
    """`make run`'s register has a parent and a child of 16 or 17 on any day."""
    from django.utils import timezone

    from sejour.accounts.demo import seed
    from sejour.dossiers.subjects import is_minor_on
    from sejour.integrations.register import LocalRegister, Outcome

    settings.DEBUG = True
    seed()
    found = LocalRegister().child_of("0678912345", parent_number="0123456789")
    assert found.outcome is Outcome.FOUND and found.person is not None
    today = timezone.localdate()
    assert is_minor_on(found.person.birth_date, today)
    assert (today - found.person.birth_date).days >= 16 * 365
    # every demo person of the register is there, none overwritten by another
    assert RegisterEntry.objects.filter(last_name="TESFAYE").exists()


@pytest.mark.parametrize(
    ("born", "on", "minor"),
    [
        (date(2008, 11, 23), date(2026, 11, 22), True),  # 18 tomorrow
        (date(2008, 11, 22), date(2026, 11, 22), False),  # 18 today
        (date(2008, 2, 29), date(2026, 2, 27), True),
        (date(2008, 2, 29), date(2026, 2, 28), False),  # 29 February: the 28th
    ],
)
def test_a_child_is_a_minor_until_the_engines_age_of_majority(born, on, minor) -> None:
    from sejour.dossiers.subjects import is_minor_on

    assert is_minor_on(born, on) is minor
