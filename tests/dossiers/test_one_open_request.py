"""One open request per person, procedure and card (issue 12): a second renewal of the
same card, a first card for someone who holds one, a duplicate beside a pending renewal
are refused at their start and at their deposit, with a link to the open request; the
database refuses two open requests for one person and card, also under two deposits at
once."""

from __future__ import annotations

import html
import threading
from datetime import timedelta

import pytest
from django.db import IntegrityError, connection, transaction
from django.test import Client
from django.utils import timezone

from sejour.attestations.models import Attestation
from sejour.dossiers import deposit as deposit_service
from sejour.dossiers import subjects
from sejour.dossiers.models import Dossier
from sejour.dossiers.states import CLOSED, State
from sejour.integrations.models import EphotoCode, RegisterEntry
from sejour.rules.dates import add_years
from tests.accounts.helpers import login_verified
from tests.dossiers.helpers import (
    complete_documents,
    deposit,
    fill_to_documents,
    pdf,
    step_url,
    upload,
)
from tests.factories.accounts import (
    EphotoFactory,
    MandateFactory,
    PrefectureFactory,
    RegisterEntryFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def text(response) -> str:
    return " ".join(html.unescape(response.content.decode()).split())


@pytest.fixture
def holder():
    """A refugee whose 10-year card ends in 90 days: inside the renewal window."""
    PrefectureFactory(department_code="75")
    end = timezone.localdate() + timedelta(days=90)
    entry = RegisterEntryFactory(
        document_kind="carte_resident", valid_from=end - timedelta(days=3652), valid_until=end
    )
    user = UserFactory(username=entry.foreign_number, foreign_number=entry.foreign_number)
    client = Client()
    client.force_login(user)
    return user, client, entry


def start(client: Client, kind: str, prefix: str = ""):
    return client.post(f"{prefix}/demarches/nouvelle/{kind}/", {"for": "self"})


def reference_of(response) -> str:
    assert response.status_code == 302, text(response)[-1500:]
    return response["Location"].split("/demarches/")[1].split("/")[0]


def renewal_to_summary(client: Client, entry: RegisterEntry, reference: str) -> EphotoCode:
    assert client.post(step_url(reference, "identite"), {"confirm": "on"}).status_code == 302
    address = {"street": "3 rue de la Paix", "postal_code": "75002", "city": "Paris"}
    assert client.post(step_url(reference, "adresse"), address).status_code == 302
    situation = {
        "status": "refugee",
        "decided_by": "OFPRA",
        "decision_date": "01/06/2016",
        "role": "protected",
        "card_kind": "carte_resident",
        "card_valid_from": f"{entry.valid_from:%d/%m/%Y}",
        "card_valid_until": f"{entry.valid_until:%d/%m/%Y}",
        "marital_status": "single",
    }
    response = client.post(step_url(reference, "situation"), situation)
    assert response.status_code == 302, text(response)[-2000:]
    dossier = Dossier.objects.get(reference=reference)
    assessment = deposit_service.assessment_of(dossier, today=timezone.localdate())
    for code in deposit_service.required_documents(assessment):
        if code != "ephoto":
            assert upload(client, reference, code, pdf()).status_code == 302
    ephoto = EphotoFactory()
    client.post(step_url(reference, "documents"), {"action": "ephoto", "ephoto": ephoto.code})
    return ephoto


def renewal_deposited(client, entry, django_capture_on_commit_callbacks) -> str:
    reference = reference_of(start(client, "renouvellement"))
    renewal_to_summary(client, entry, reference)
    with django_capture_on_commit_callbacks(execute=True):
        assert deposit(client, reference)["Location"].endswith("/confirmation/")
    return reference


def test_a_second_renewal_of_the_same_card_is_refused_while_the_first_is_pending(
    holder, django_capture_on_commit_callbacks
) -> None:
    _user, client, entry = holder
    first = renewal_deposited(client, entry, django_capture_on_commit_callbacks)
    response = start(client, "renouvellement")
    assert response.status_code == 409
    page = text(response)
    assert f"est déjà en cours : {first}" in page
    assert f'href="/demarches/{first}/"' in page
    assert Dossier.objects.count() == 1
    assert Attestation.objects.count() == 1


def test_a_second_draft_of_the_same_renewal_is_refused_at_its_deposit(
    holder, django_capture_on_commit_callbacks
) -> None:
    """Two drafts started before either was deposited: the second deposit spends
    nothing, neither an attestation nor an e-photo code."""
    _user, client, entry = holder
    one = reference_of(start(client, "renouvellement"))
    two = reference_of(start(client, "renouvellement"))
    renewal_to_summary(client, entry, one)
    ephoto = renewal_to_summary(client, entry, two)
    with django_capture_on_commit_callbacks(execute=True):
        assert deposit(client, one)["Location"].endswith("/confirmation/")
        response = deposit(client, two)
    assert response.status_code == 200
    assert f"est déjà en cours : {one}" in text(response)
    assert Dossier.objects.get(reference=two).state == State.DRAFT
    assert Attestation.objects.count() == 1
    ephoto.refresh_from_db()
    assert ephoto.used_by == ""


def test_a_duplicate_is_refused_beside_a_pending_renewal(
    holder, django_capture_on_commit_callbacks
) -> None:
    _user, client, entry = holder
    renewal = renewal_deposited(client, entry, django_capture_on_commit_callbacks)
    response = start(client, "duplicata")
    assert response.status_code == 409
    assert f'href="/demarches/{renewal}/"' in text(response)


def test_a_first_request_is_refused_to_a_card_holder(holder) -> None:
    _user, client, _entry = holder
    response = start(client, "premier-titre")
    assert response.status_code == 409
    page = text(response)
    assert "a déjà une carte de séjour" in page and "renouvellement" in page
    assert not Dossier.objects.exists()


def test_a_first_request_is_refused_once_the_card_is_handed_over(
    django_capture_on_commit_callbacks,
) -> None:
    user = UserFactory()
    client = Client()
    client.force_login(user)
    reference = fill_to_documents(client)
    complete_documents(client, reference, ["decision_protection", "justificatif_domicile"])
    with django_capture_on_commit_callbacks(execute=True):
        assert deposit(client, reference).status_code == 302
    assert start(client, "premier-titre").status_code == 409  # pending: already open
    Dossier.objects.filter(reference=reference).update(state=State.HANDED_OVER)
    response = start(client, "premier-titre")
    assert response.status_code == 409
    page = text(response)
    assert "a déjà une carte de séjour" in page
    assert f'href="/demarches/{reference}/"' in page
    assert Dossier.objects.count() == 1
    # after the card, the travel document is another document: it may start
    assert start(client, "titre-de-voyage").status_code == 302


def test_a_helper_is_refused_the_same_and_shown_the_open_request(
    holder, django_capture_on_commit_callbacks
) -> None:
    user, client, entry = holder
    renewal = renewal_deposited(client, entry, django_capture_on_commit_callbacks)
    mandate = MandateFactory(applicant=user, procedures=["renewal"])
    helper = Client()
    login_verified(helper, mandate.helper)
    response = helper.post(f"/demarches/nouvelle/renouvellement/pour/{user.pk}/")
    assert response.status_code == 409
    assert f'href="/demarches/{renewal}/"' in text(response)
    assert helper.get(f"/demarches/{renewal}/").status_code == 200


@pytest.mark.parametrize(
    ("prefix", "expected"),
    [
        ("/en", "A request for this person and this document is already open"),
        ("/ar", "يوجد بالفعل طلب قيد المعالجة لهذا الشخص ولهذه الوثيقة"),
    ],
)
def test_the_refusal_speaks_the_users_language(
    holder, django_capture_on_commit_callbacks, prefix, expected
) -> None:
    _user, client, entry = holder
    renewal_deposited(client, entry, django_capture_on_commit_callbacks)
    assert expected in text(start(client, "renouvellement", prefix))


def test_a_parent_is_refused_a_childs_request_another_account_has_open() -> None:
    PrefectureFactory(department_code="75")
    mother_entry, father_entry = RegisterEntryFactory(), RegisterEntryFactory()
    born = add_years(timezone.localdate(), -17) + timedelta(days=30)
    child = RegisterEntryFactory(first_names="Sami", birth_date=born)
    child.parents.add(mother_entry, father_entry)
    mother = UserFactory(username=mother_entry.foreign_number)
    father = UserFactory(username=father_entry.foreign_number)
    Dossier.objects.create(
        procedure="first_permit",
        applicant=mother,
        filer=mother,
        filed_by="parent",
        state="submitted",
        subject=child.foreign_number,
        slot="card",
    )
    client = Client()
    client.force_login(father)
    response = client.post("/demarches/nouvelle/premier-titre/", {"for": "child"})
    reference = reference_of(response)
    typed = {
        "last_name": "NOUR",
        "first_names": "Sami",
        "birth_date": f"{born:%d/%m/%Y}",
        "foreign_number": child.foreign_number,
    }
    page = text(client.post(step_url(reference, "identite"), typed))
    assert "déposée depuis un autre compte" in page
    assert "/demarches/D-" not in page.split('id="erreurs"')[1].split("</form>")[0]


def _open(subject: str, state: str, applicant) -> Dossier:
    return Dossier.objects.create(
        procedure="renewal",
        applicant=applicant,
        filer=applicant,
        state=state,
        subject=subject,
        slot="card",
    )


def test_the_database_holds_one_open_request_per_person_and_card() -> None:
    """Every state but the draft and the closed ones counts as open."""
    user = UserFactory()
    _open("0000000001", State.SUBMITTED, user)
    for state in State:
        try:
            with transaction.atomic():
                _open("0000000001", state, user)
            refused = False
        except IntegrityError:
            refused = True
        assert refused == (state not in CLOSED and state != State.DRAFT), state
    _open("0000000002", State.SUBMITTED, user)  # another person
    Dossier.objects.create(
        procedure="travel_document",
        applicant=user,
        filer=user,
        state="submitted",
        subject="0000000001",
        slot="travel",
    )  # another document of the same person


@pytest.mark.django_db(transaction=True)
def test_two_deposits_at_once_for_the_same_card_one_wins(holder) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises writers: the race needs PostgreSQL")
    user, client, entry = holder
    references = [reference_of(start(client, "renouvellement")) for _ in range(2)]
    for reference in references:
        renewal_to_summary(client, entry, reference)
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def submit(reference: str) -> None:
        dossier = Dossier.objects.get(reference=reference)
        barrier.wait()
        try:
            deposit_service.dossier_submit(
                dossier=dossier, by=user, deposit_key=str(dossier.deposit_key)
            )
            outcomes.append("deposited")
        except subjects.Refused as refused:
            outcomes.append(refused.code)
        finally:
            connection.close()

    threads = [threading.Thread(target=submit, args=(r,)) for r in references]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["already_open_elsewhere", "deposited"] or sorted(outcomes) == [
        "already_open",
        "deposited",
    ]
    assert Dossier.objects.filter(state=State.SUBMITTED).count() == 1
    assert Attestation.objects.count() == 1
    assert EphotoCode.objects.exclude(used_by="").count() == 1


@pytest.mark.parametrize(
    "refusal", [subjects.Refused("already_open"), deposit_service.DepositRefused("stale_form")]
)
def test_a_refusal_passes_through_a_context_manager_unchanged(refusal) -> None:
    """A frozen exception cannot take its traceback there: it became another error."""
    from contextlib import contextmanager

    @contextmanager
    def around():
        yield

    with pytest.raises(type(refusal)), around():
        raise refusal
