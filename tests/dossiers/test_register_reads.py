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


def renewal_form(kind: str, start: date, end: date) -> dict:
    return {
        "status": "refugee",
        "decided_by": "OFPRA",
        "decision_date": "01/06/2016",
        "role": "protected",
        "card_kind": kind,
        "card_valid_from": f"{start:%d/%m/%Y}",
        "card_valid_until": f"{end:%d/%m/%Y}",
        "marital_status": "single",
    }


def renewal_at_situation(client: Client) -> str:
    response = client.post("/demarches/nouvelle/renouvellement/", {"for": "self"})
    reference = response["Location"].split("/demarches/")[1].split("/")[0]
    assert client.post(step_url(reference, "identite"), {"confirm": "on"}).status_code == 302
    address = {"street": "3 rue de la Paix", "postal_code": "75002", "city": "Paris"}
    assert client.post(step_url(reference, "adresse"), address).status_code == 302
    return reference


def test_a_renewal_is_filed_on_the_card_the_register_records() -> None:
    """A later end of validity typed would move the window and drop the late fee."""
    from datetime import timedelta

    from django.utils import timezone

    PrefectureFactory(department_code="75")
    end = timezone.localdate() - timedelta(days=10)  # ended: a late renewal
    start_on = end - timedelta(days=3652)
    entry = RegisterEntryFactory(
        document_kind="carte_resident", valid_from=start_on, valid_until=end
    )
    client = Client()
    client.force_login(UserFactory(username=entry.foreign_number))
    reference = renewal_at_situation(client)
    later = end + timedelta(days=90)
    response = client.post(
        step_url(reference, "situation"), renewal_form("carte_resident", start_on, later)
    )
    assert response.status_code == 200
    page = " ".join(html.unescape(response.content.decode()).split())
    assert (
        f"La carte enregistrée à votre nom est : Carte de résident (10 ans), valable du "
        f"{start_on:%d/%m/%Y} au {end:%d/%m/%Y}" in page
    )
    response = client.post(
        step_url(reference, "situation"), renewal_form("carte_resident", start_on, end)
    )
    assert response.status_code == 302


def test_the_card_handed_over_here_is_the_one_recorded() -> None:
    from datetime import timedelta

    from django.utils import timezone

    from sejour.dossiers.models import Dossier

    PrefectureFactory(department_code="75")
    today = timezone.localdate()
    entry = RegisterEntryFactory(
        document_kind="carte_pluriannuelle",
        valid_from=today - timedelta(days=1500),
        valid_until=today - timedelta(days=40),
    )
    user = UserFactory(username=entry.foreign_number)
    start_on, end = today - timedelta(days=3560), today + timedelta(days=90)
    Dossier.objects.create(
        procedure="renewal",
        applicant=user,
        filer=user,
        state="handed_over",
        decision={
            "outcome": "granted",
            "card": {
                "kind": "carte_resident",
                "valid_from": start_on.isoformat(),
                "valid_until": end.isoformat(),
            },
        },
    )
    client = Client()
    client.force_login(user)
    reference = renewal_at_situation(client)
    old = renewal_form("carte_pluriannuelle", entry.valid_from, entry.valid_until)
    assert client.post(step_url(reference, "situation"), old).status_code == 200
    new = renewal_form("carte_resident", start_on, end)
    assert client.post(step_url(reference, "situation"), new).status_code == 302


def test_the_local_ofpra_tells_the_protection_it_granted() -> None:
    from sejour.integrations.models import OfpraDecision
    from sejour.integrations.ofpra import LocalOfpra, OfpraUnavailable

    OfpraDecision.objects.create(
        foreign_number="7100000001",
        status="subsidiary",
        decided_by="CNDA",
        decision_date=date(2026, 9, 15),
    )
    OfpraDecision.objects.create(
        foreign_number="7100000002",
        status="refugee",
        decided_by="OFPRA",
        decision_date=date(2026, 9, 15),
        unavailable=True,
    )
    answer = LocalOfpra().protection("7100000001")
    assert (answer.known, answer.status, answer.decided_by, answer.decision_date) == (
        True,
        "subsidiary",
        "CNDA",
        date(2026, 9, 15),
    )
    assert LocalOfpra().protection("7100000009").known is False  # not arrived yet
    with pytest.raises(OfpraUnavailable):
        LocalOfpra().protection("7100000002")


def test_the_decision_ofpra_records_wins_over_the_form(
    django_capture_on_commit_callbacks,
) -> None:
    from sejour.attestations.models import Attestation
    from sejour.dossiers.models import Dossier
    from sejour.integrations.models import OfpraDecision
    from tests.dossiers.helpers import complete_documents, deposit

    PrefectureFactory(department_code="75")
    entry = RegisterEntryFactory(protection_status="refugee")
    client = Client()
    client.force_login(UserFactory(username=entry.foreign_number))
    reference = start(client)
    assert client.post(step_url(reference, "identite"), {"confirm": "on"}).status_code == 302
    address = {"street": "3 rue de la Paix", "postal_code": "75002", "city": "Paris"}
    assert client.post(step_url(reference, "adresse"), address).status_code == 302
    decision = OfpraDecision.objects.create(
        foreign_number=entry.foreign_number,
        status="refugee",
        decided_by="CNDA",
        decision_date=date(2026, 9, 15),
    )
    response = client.post(step_url(reference, "situation"), SITUATION_REFUGEE)
    assert response.status_code == 200
    page = " ".join(html.unescape(response.content.decode()).split())
    assert "D'après l'OFPRA, la protection a été accordée par : CNDA" in page
    assert "D'après l'OFPRA, la décision est du 15/09/2026" in page
    # OFPRA not answering: the register's word stands, the request goes on
    OfpraDecision.objects.filter(pk=decision.pk).update(unavailable=True)
    assert client.post(step_url(reference, "situation"), SITUATION_REFUGEE).status_code == 302
    complete_documents(client, reference, ["decision_protection", "justificatif_domicile"])
    # OFPRA answers again before the deposit: checked once more before anything is issued
    OfpraDecision.objects.filter(pk=decision.pk).update(unavailable=False)
    with django_capture_on_commit_callbacks(execute=True):
        response = deposit(client, reference)
    assert response.status_code == 200
    page = " ".join(html.unescape(response.content.decode()).split())
    assert "corrigez-la à l'étape Situation" in page
    assert Dossier.objects.get(reference=reference).state == "draft"
    assert not Attestation.objects.exists()
    fixed = {**SITUATION_REFUGEE, "decided_by": "CNDA", "decision_date": "15/09/2026"}
    assert client.post(step_url(reference, "situation"), fixed).status_code == 302
    with django_capture_on_commit_callbacks(execute=True):
        assert deposit(client, reference).status_code == 302
    assert Attestation.objects.count() == 1


def situation_page(client: Client, situation: dict):
    reference = start(client)
    assert client.post(step_url(reference, "identite"), {"confirm": "on"}).status_code == 302
    address = {"street": "3 rue de la Paix", "postal_code": "75002", "city": "Paris"}
    assert client.post(step_url(reference, "adresse"), address).status_code == 302
    return client.post(step_url(reference, "situation"), situation)


@pytest.mark.parametrize("kind", ["visa", "unprotected"])
def test_no_one_files_as_protected_without_a_protection_on_record(kind) -> None:
    """A family member's account (a visa) or a number with no protection recorded,
    choosing "as a protected person", would get an attestation to work (000 Q18)."""
    from sejour.integrations.models import OfpraDecision

    PrefectureFactory(department_code="75")
    if kind == "visa":
        RegisterEntryFactory(foreign_number=None, visa_number="FRA1234567", protection_status="")
        user = UserFactory(username="FRA1234567", foreign_number=None, visa_number="FRA1234567")
    else:
        entry = RegisterEntryFactory(protection_status="")
        user = UserFactory(username=entry.foreign_number)
    client = Client()
    client.force_login(user)
    response = situation_page(client, SITUATION_REFUGEE)
    assert response.status_code == 200
    page = " ".join(html.unescape(response.content.decode()).split())
    assert "n'enregistre aucune protection pour la personne concernée" in page
    assert situation_page(client, SITUATION_SPOUSE).status_code == 302  # as family
    if kind == "unprotected":  # a decision OFPRA already knows, not yet in the register
        OfpraDecision.objects.create(
            foreign_number=user.foreign_number,
            status="refugee",
            decided_by="OFPRA",
            decision_date=date(2026, 10, 1),
        )
        assert situation_page(client, SITUATION_REFUGEE).status_code == 302
