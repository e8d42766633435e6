"""Renewal, travel document, duplicate and civil-status change through the same deposit
wizard; the fee and card each summary shows equal the engine's for the shared cases."""

from __future__ import annotations

import html
import re
from datetime import date

import pytest
import time_machine
from django.test import Client

from sejour.attestations.models import Attestation
from sejour.dossiers import deposit as deposit_service
from sejour.dossiers.models import Dossier
from sejour.rules import assess, parse_situation
from tests.dossiers.helpers import pdf, step_url, upload
from tests.factories.accounts import (
    EphotoFactory,
    PrefectureFactory,
    RegisterEntryFactory,
    UserFactory,
)
from tests.rules.cases import load_cases

pytestmark = pytest.mark.django_db

CASES = {c["file"]: c for c in load_cases()}
KIND = {
    "renewal": "renouvellement",
    "travel_document": "titre-de-voyage",
    "duplicate": "duplicata",
}


def text(response) -> str:
    return html.unescape(response.content.decode())


def day(iso: str | None) -> str:
    return date.fromisoformat(iso).strftime("%d/%m/%Y") if iso else ""


def situation_form(s: dict) -> dict:
    held = s.get("current_document") or {}
    form = {
        "status": s["protection"]["status"],
        "decided_by": s["protection"].get("decided_by") or "OFPRA",
        "decision_date": day(s["protection"].get("decision_date")),
        "role": s["person"]["role"],
        "card_kind": held.get("kind", ""),
        "card_valid_from": day(held.get("valid_from")),
        "card_valid_until": day(held.get("valid_until")),
        "regular_residence_since": day(s.get("regular_residence_since")),
        "marital_status": s["person"]["marital_status"],
    }
    if s["procedure"] == "duplicate":
        form |= {"loss_kind": "perte", "loss_date": "01/11/2026", "loss_place": "Métro, ligne 4"}
    return form


def file_through_the_pages(client: Client, situation: dict, *, for_child: dict | None = None):
    """Start, fill the five steps as a browser without JavaScript, stop at the summary."""
    PrefectureFactory(department_code="75")
    kind = KIND[situation["procedure"]]
    start = client.post(f"/demarches/nouvelle/{kind}/", {"for": "child" if for_child else "self"})
    reference = start["Location"].split("/demarches/")[1].split("/")[0]
    identity = for_child or {"confirm": "on"}
    assert client.post(step_url(reference, "identite"), identity).status_code == 302
    address = {"street": "3 rue de la Paix", "postal_code": "75002", "city": "Paris"}
    assert client.post(step_url(reference, "adresse"), address).status_code == 302
    response = client.post(step_url(reference, "situation"), situation_form(situation))
    return reference, response


def upload_all(client: Client, reference: str) -> None:
    dossier = Dossier.objects.get(reference=reference)
    assessment = deposit_service.assessment_of(dossier, today=date.today())
    for code in deposit_service.required_documents(assessment):
        if code != "ephoto":
            assert upload(client, reference, code, pdf()).status_code == 302
    if any(d.code == "ephoto" for d in assessment.documents):
        client.post(
            step_url(reference, "documents"), {"action": "ephoto", "ephoto": EphotoFactory().code}
        )
    assert client.post(step_url(reference, "documents"), {"action": "next"}).status_code == 302


def applicant(**fields) -> tuple:
    user = UserFactory(username="0123456789", birth_date=date(1990, 4, 2), **fields)
    client = Client()
    client.force_login(user)
    return user, client


def deposit(client: Client, reference: str):
    key = Dossier.objects.get(reference=reference).deposit_key
    return client.post(
        step_url(reference, "recapitulatif"), {"sworn": "on", "deposit_key": str(key)}
    )


@pytest.mark.parametrize(
    "name", ["p16.json", "p17.json", "p18.json", "p20.json", "p21.json", "p22.json"]
)
def test_the_summary_shows_the_engines_fee_and_card(
    name: str, django_capture_on_commit_callbacks
) -> None:
    case = CASES[name]
    s = case["situation"]
    expected = assess(parse_situation(s, today=date.fromisoformat(s["on"]))).to_dict()
    with time_machine.travel(f"{s['on']} 10:00 +01:00", tick=False):
        _user, client = applicant()
        child = None
        if s["person"]["birth_date"] != "1990-04-02":
            born = date.fromisoformat(s["person"]["birth_date"])
            child = {
                "last_name": "NOUR",
                "first_names": "Sami",
                "birth_date": f"{born:%d/%m/%Y}",
                "foreign_number": "0123456789",
            }
            _user.foreign_number = _user.username = "0999999999"
            _user.save()
            # the register knows the child as this parent's (issue 12)
            child_entry = RegisterEntryFactory(
                foreign_number="0123456789",
                birth_date=born,
                protection_status=s["protection"]["status"],
            )
            child_entry.parents.add(RegisterEntryFactory(foreign_number="0999999999"))
        reference, response = file_through_the_pages(client, s, for_child=child)
        assert response.status_code == 302, text(response)[-3000:]
        upload_all(client, reference)
        summary = text(client.get(step_url(reference, "recapitulatif")))
        total = re.search(r'id="total">(\d+) €', summary)
        assert (
            total
            and int(total.group(1))
            == expected["fees_total_eur"]
            == case["expect"]["fees_total_eur"]
        )
        if expected.get("travel_document"):
            years = expected["travel_document"]["validity_years"]
            assert f"Valable {years} ans" in summary
        elif expected.get("card"):
            assert f"{expected['card']['validity_years']} ans" in summary
        with django_capture_on_commit_callbacks(execute=True):
            done = deposit(client, reference)
        assert done["Location"] == f"/demarches/{reference}/confirmation/", text(done)[-2000:]
    dossier = Dossier.objects.get(reference=reference)
    assert dossier.state == "submitted" and dossier.procedure == s["procedure"]
    assert dossier.assessment["fees_total_eur"] == expected["fees_total_eur"]
    attestation = expected.get("deposit_attestation")
    issued = Attestation.objects.filter(dossier=dossier).first()
    assert (issued.kind if issued else None) == (attestation or {}).get("kind")


def test_a_renewal_inside_the_window_gives_the_renewal_attestation(
    django_capture_on_commit_callbacks,
) -> None:
    s = CASES["p16.json"]["situation"]
    with time_machine.travel("2026-11-22 10:00 +01:00", tick=False):
        _user, client = applicant()
        reference, _ = file_through_the_pages(client, s)
        upload_all(client, reference)
        with django_capture_on_commit_callbacks(execute=True):
            deposit(client, reference)
    attestation = Attestation.objects.get(dossier__reference=reference)
    assert attestation.valid_only_with_previous_card and attestation.allows_schengen_travel
    assert attestation.keeps_previous_rights and attestation.valid_until == date(2027, 2, 21)
    dossier = Dossier.objects.get(reference=reference)
    assert dossier.legal_deadline == date(2027, 4, 30)  # DL-GRACE: rights kept until


def test_a_late_renewal_states_the_late_fee_before_deposit() -> None:
    s = CASES["p18.json"]["situation"]
    with time_machine.travel("2026-11-22 10:00 +01:00", tick=False):
        _user, client = applicant()
        reference, _ = file_through_the_pages(client, s)
        upload_all(client, reference)
        summary = text(client.get(step_url(reference, "recapitulatif")))
    plain = " ".join(re.sub(r"<[^>]+>", " ", summary).split())
    assert "Droit de visa de régularisation : 180 €" in plain
    assert 'id="total">405 €' in summary


def test_a_renewal_too_early_says_when_and_keeps_the_draft() -> None:
    s = CASES["p19.json"]["situation"]
    with time_machine.travel("2026-11-22 10:00 +01:00", tick=False):
        _user, client = applicant()
        reference, response = file_through_the_pages(client, s)
    assert response.status_code == 200
    page = text(response)
    assert "Il est trop tôt pour renouveler" in page and "3 mai 2027" in page
    assert (
        Dossier.objects.get(reference=reference).draft["situation"]["card_valid_until"]
        == "2027-08-31"
    )


def test_a_bps_with_four_years_is_told_of_the_resident_card() -> None:
    s = CASES["p17.json"]["situation"]
    with time_machine.travel("2026-11-22 10:00 +01:00", tick=False):
        _user, client = applicant()
        reference, _ = file_through_the_pages(client, s)
        upload_all(client, reference)
        summary = text(client.get(step_url(reference, "recapitulatif")))
    assert "Carte de résident — 10 ans" in summary
    assert "4 ans" in summary  # the CARD-CR-4Y notice


def test_bad_card_dates_are_refused_with_a_clear_message() -> None:
    s = CASES["p16.json"]["situation"]
    _user, client = applicant()
    reference, _ = file_through_the_pages(
        client, {**s, "current_document": {**s["current_document"], "valid_until": "2016-01-01"}}
    )
    response = client.post(
        step_url(reference, "situation"), {**situation_form(s), "card_valid_until": "31/02/2027"}
    )
    assert response.status_code == 200 and "date réelle" in text(response)
    response = client.post(
        step_url(reference, "situation"), {**situation_form(s), "card_valid_until": "01/01/2016"}
    )
    assert "La fin de validité doit venir après le début" in text(response)
    assert "situation" not in Dossier.objects.get(reference=reference).draft


def test_the_situation_is_prefilled_from_the_register() -> None:
    from sejour.integrations.models import RegisterEntry

    _user, client = applicant()
    RegisterEntry.objects.create(
        foreign_number="0123456789",
        last_name="NOUR",
        first_names="Amal",
        birth_date=date(1990, 4, 2),
        protection_status="subsidiary",
        document_kind="carte_pluriannuelle",
        valid_from=date(2023, 2, 15),
        valid_until=date(2027, 2, 14),
    )
    PrefectureFactory(department_code="75")
    start = client.post("/demarches/nouvelle/renouvellement/", {"for": "self"})
    reference = start["Location"].split("/demarches/")[1].split("/")[0]
    client.post(step_url(reference, "identite"), {"confirm": "on"})
    address = {"street": "3 rue de la Paix", "postal_code": "75002", "city": "Paris"}
    client.post(step_url(reference, "adresse"), address)
    page = text(client.get(step_url(reference, "situation")))
    assert 'value="14/02/2027"' in page
    assert re.search(
        r'value="carte_pluriannuelle"[^>]*checked|checked[^>]*value="carte_pluriannuelle"', page
    )


def test_an_unknown_procedure_is_404() -> None:
    _user, client = applicant()
    assert client.get("/demarches/nouvelle/passeport/").status_code == 404


def test_too_early_the_applicant_subscribes_to_a_reminder() -> None:
    from sejour.reminders.models import Subscription

    s = CASES["p19.json"]["situation"]
    with time_machine.travel("2026-11-22 10:00 +01:00", tick=False):
        _user, client = applicant()
        reference, _ = file_through_the_pages(client, s)
        response = client.post(
            step_url(reference, "situation"), {**situation_form(s), "action": "remind"}
        )
    assert "nous vous écrirons quand le renouvellement sera ouvert" in text(response)
    (subscription,) = Subscription.objects.all()
    assert subscription.valid_until == date(2027, 8, 31)
    assert subscription.card_kind == "carte_resident"


def test_the_account_page_offers_the_renewal_window_from_the_register() -> None:
    from sejour.integrations.models import RegisterEntry
    from sejour.reminders.models import Subscription

    user, client = applicant()
    RegisterEntry.objects.create(
        foreign_number="0123456789",
        last_name="NOUR",
        first_names="Amal",
        birth_date=date(1990, 4, 2),
        protection_status="refugee",
        document_kind="carte_resident",
        valid_from=date(2017, 9, 1),
        valid_until=date(2027, 8, 31),
    )
    with time_machine.travel("2026-11-22 10:00 +01:00", tick=False):
        page = text(client.get("/demarches/"))
        assert "entre le 3 mai 2027 et le 2 juillet 2027" in page
        assert "Me prévenir par e-mail" in page
        done = text(client.post("/demarches/rappel-renouvellement/", follow=True))
        assert "C'est trop tôt pour le moment" in done
    assert Subscription.objects.get().user == user
    with time_machine.travel("2027-05-10 10:00 +02:00", tick=False):
        client.force_login(user)  # the session of November has expired
        assert "Renouveler ma carte" in text(client.get("/demarches/"))


def test_a_civil_status_change_is_filed_without_documents_and_accepted(
    django_capture_on_commit_callbacks,
) -> None:
    from tests.accounts.helpers import login_verified
    from tests.factories.accounts import AgentFactory

    user, client = applicant()
    PrefectureFactory(department_code="75")
    start = client.post("/demarches/nouvelle/etat-civil/", {"for": "child"})  # no child here
    reference = start["Location"].split("/demarches/")[1].split("/")[0]
    assert Dossier.objects.get(reference=reference).filed_by == "self"
    client.post(step_url(reference, "identite"), {"confirm": "on"})
    address = {"street": "3 rue de la Paix", "postal_code": "75002", "city": "Paris"}
    client.post(step_url(reference, "adresse"), address)
    change = {
        "status": "refugee",
        "change": "nom",
        "change_date": "01/10/2026",
        "marital_status": "married",
    }
    missing = client.post(step_url(reference, "situation"), change)
    assert "Indiquez le nouveau nom ou les nouveaux prénoms." in text(missing)
    response = client.post(step_url(reference, "situation"), {**change, "new_last_name": "Rahimi"})
    assert response.status_code == 302
    assert client.post(step_url(reference, "documents"), {"action": "next"}).status_code == 302
    summary = text(client.get(step_url(reference, "recapitulatif")))
    assert "Rien." in summary
    with django_capture_on_commit_callbacks(execute=True):
        done = deposit(client, reference)
    assert done["Location"] == f"/demarches/{reference}/confirmation/"
    dossier = Dossier.objects.get(reference=reference)
    assert dossier.state == "submitted" and not Attestation.objects.filter(dossier=dossier).exists()
    agent = Client()
    login_verified(agent, AgentFactory(prefecture=dossier.prefecture))
    agent.post(f"/instruction/{reference}/take/")
    agent.post(f"/instruction/{reference}/grant/")
    user.refresh_from_db()
    assert user.last_name == "RAHIMI" and Dossier.objects.get(pk=dossier.pk).state == "applied"
