"""The register of foreigners, as the requests read it: through its interface only, with
the filiation it records and its outages; what it records of the person's protection
wins over what the form says."""

from __future__ import annotations

import html
from datetime import date
from pathlib import Path

import pytest
from django.test import Client

from sejour.integrations.register import LocalRegister, Outcome, RegisterUnavailable
from tests.dossiers.helpers import SITUATION_REFUGEE, SITUATION_SPOUSE, start, step_url
from tests.factories.accounts import PrefectureFactory, RegisterEntryFactory, UserFactory

pytestmark = pytest.mark.django_db
DOSSIERS = Path(__file__).resolve().parents[2] / "sejour" / "dossiers"


def test_the_local_register_confirms_a_child_only_to_their_parent() -> None:
    parent, stranger = RegisterEntryFactory(), RegisterEntryFactory()
    child = RegisterEntryFactory(first_names="Sami", birth_date=date(2009, 10, 23))
    child.parents.add(parent)
    register = LocalRegister()
    found = register.child_of(child.foreign_number, parent_number=parent.foreign_number)
    assert found.outcome is Outcome.FOUND and found.person is not None
    assert (found.person.first_names, found.person.birth_date) == ("Sami", date(2009, 10, 23))
    other = register.child_of(child.foreign_number, parent_number=stranger.foreign_number)
    assert other.outcome is Outcome.NOT_LINKED and other.person is None
    # the parent is not the child's child
    assert (
        register.child_of(parent.foreign_number, parent_number=child.foreign_number).outcome
        is Outcome.NOT_LINKED
    )
    assert register.child_of("0000000000", parent_number=parent.foreign_number).outcome is (
        Outcome.UNKNOWN
    )


def test_the_local_register_can_fail_like_the_real_one() -> None:
    parent = RegisterEntryFactory()
    child = RegisterEntryFactory(unavailable=True)
    child.parents.add(parent)
    register = LocalRegister()
    with pytest.raises(RegisterUnavailable):
        register.child_of(child.foreign_number, parent_number=parent.foreign_number)
    with pytest.raises(RegisterUnavailable):
        register.person(child.foreign_number)


def test_the_register_tells_the_document_a_person_holds() -> None:
    entry = RegisterEntryFactory(
        document_kind="carte_resident", valid_from=date(2017, 3, 1), valid_until=date(2027, 2, 28)
    )
    person = LocalRegister().person(entry.foreign_number)
    assert person is not None
    assert (person.document_kind, person.valid_from, person.valid_until) == (
        "carte_resident",
        date(2017, 3, 1),
        date(2027, 2, 28),
    )
    assert LocalRegister().person("0000000000") is None


def test_the_requests_never_read_the_registers_table() -> None:
    """The register is an outside system: the requests ask its interface, so that the
    real AGDREF client replaces the local one without touching them."""
    readers = [p.name for p in DOSSIERS.glob("*.py") if "RegisterEntry" in p.read_text()]
    assert readers == []


def test_the_protection_the_register_records_wins_over_the_form() -> None:
    PrefectureFactory(department_code="75")
    entry = RegisterEntryFactory(protection_status="subsidiary")
    client = Client()
    client.force_login(UserFactory(username=entry.foreign_number))
    reference = start(client)
    assert client.post(step_url(reference, "identite"), {"confirm": "on"}).status_code == 302
    address = {"street": "3 rue de la Paix", "postal_code": "75002", "city": "Paris"}
    assert client.post(step_url(reference, "adresse"), address).status_code == 302
    response = client.post(step_url(reference, "situation"), SITUATION_REFUGEE)
    assert response.status_code == 200
    page = " ".join(html.unescape(response.content.decode()).split())
    assert "Le registre des étrangers indique une autre protection : Protection subsidiaire" in page
    response = client.post(
        step_url(reference, "situation"), {**SITUATION_REFUGEE, "status": "subsidiary"}
    )
    assert response.status_code == 302
    # a family member answers with the sponsor's protection: not compared with their own
    other = start(client)
    assert client.post(step_url(other, "identite"), {"confirm": "on"}).status_code == 302
    assert client.post(step_url(other, "adresse"), address).status_code == 302
    assert client.post(step_url(other, "situation"), SITUATION_SPOUSE).status_code == 302
