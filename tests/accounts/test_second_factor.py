"""The second factor (issue 13): before it, a staff or helper session reaches nothing but
the second-factor pages; an authenticator is linked only with an administrator's
enrolment code (single-use, expiring, hashed)."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from sejour.accounts.enrolment import ENROLMENT_ATTEMPTS, enrolment_issue
from sejour.accounts.models import EnrolmentCode
from sejour.accounts.views.refusals import REFUSALS
from sejour.dossiers.models import Dossier, DossierDocument
from tests.accounts.helpers import in_language, login_verified, page_text
from tests.dossiers.helpers import pdf
from tests.factories.accounts import (
    PASSWORD,
    AdminFactory,
    AgentFactory,
    HelperFactory,
    PrefectureFactory,
    UserFactory,
    static_codes,
)

pytestmark = pytest.mark.django_db
PREFIX = {"fr": "", "en": "/en", "ar": "/ar"}


def login(client: Client, user) -> None:
    response = client.post("/connexion/", {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302


def current_code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, step=device.step, digits=device.digits):06d}"


def test_an_agent_with_the_password_alone_reads_no_document_of_their_prefecture(client) -> None:
    paris = PrefectureFactory(department_code="75")
    applicant = UserFactory()
    dossier = Dossier.objects.create(
        procedure="first_permit",
        applicant=applicant,
        filer=applicant,
        prefecture=paris,
        state="submitted",
    )
    document = DossierDocument(
        dossier=dossier,
        code="passeport",
        original_name="p.pdf",
        content_type="application/pdf",
        size=9,
        sha256="0" * 64,
        uploaded_by=applicant,
    )
    document.file.save("p.pdf", ContentFile(pdf()), save=True)
    agent = AgentFactory(prefecture=paris)
    static_codes(agent, "246802")
    login(client, agent)
    for url in (
        f"/demarches/{dossier.reference}/",
        f"/demarches/{dossier.reference}/documents/{document.pk}/",
        f"/en/demarches/{dossier.reference}/documents/{document.pk}/",
    ):
        response = client.get(url)
        assert response.status_code == 302 and "/connexion/verification/" in response["Location"]
    client.post("/connexion/verification/", {"token": "246802"})
    assert client.get(f"/demarches/{dossier.reference}/documents/{document.pk}/").status_code == 200


def test_helpers_pass_a_second_factor_too(client) -> None:
    helper = HelperFactory()
    static_codes(helper, "864200")
    login(client, helper)
    assert client.get("/aidant/")["Location"] == "/connexion/verification/"
    assert client.get("/compte/")["Location"] == "/connexion/verification/"
    client.post("/connexion/verification/", {"token": "864200"})
    assert client.get("/aidant/").status_code == 200


def test_the_password_cannot_be_changed_before_the_second_factor(client) -> None:
    agent = AgentFactory(must_change_password=True)
    static_codes(agent, "246802")
    login(client, agent)
    new = "un tout autre secret 31"
    response = client.post(
        "/compte/mot-de-passe/",
        {"old_password": PASSWORD, "new_password1": new, "new_password2": new},
    )
    assert response["Location"] == "/connexion/verification/"
    agent.refresh_from_db()
    assert agent.check_password(PASSWORD)
    assert client.get("/connexion/verification/").status_code == 200  # not the change page


def test_without_an_enrolment_code_nobody_links_an_authenticator(client) -> None:
    agent = AgentFactory()
    login(client, agent)  # an attacker who knows the password, first
    assert client.get("/connexion/verification/")["Location"] == "/connexion/securite/"
    page = client.get("/connexion/securite/").content.decode()
    assert "<svg" not in page and "secret=" not in page
    assert not TOTPDevice.objects.filter(user=agent).exists()
    wrong = client.post("/connexion/securite/", {"code": "ABCD-EFGH-JKMN"})
    assert in_language("fr", REFUSALS["enrolment_unusable"]) in page_text(wrong)
    assert not TOTPDevice.objects.filter(user=agent).exists()


@pytest.mark.parametrize("lang", ["fr", "en", "ar"])
def test_an_enrolment_code_links_the_authenticator_once(settings, lang: str) -> None:
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # the wrong code below would delay the right one
    admin, agent = AdminFactory(), AgentFactory()
    code = enrolment_issue(admin=admin, user=agent)
    stored = EnrolmentCode.objects.get(user=agent)
    assert code not in stored.code_hash and len(code) == 14
    client = Client()
    login(client, agent)
    setup = f"{PREFIX[lang]}/connexion/securite/"
    wrong = client.post(setup, {"code": "ABCD-EFGH-JKMN"})
    assert in_language(lang, REFUSALS["enrolment_wrong"]) in page_text(wrong)
    assert client.post(setup, {"code": code.lower().replace("-", " ")})["Location"] == setup
    page = client.get(setup).content.decode()
    assert "<svg" in page
    device = TOTPDevice.objects.get(user=agent, confirmed=False)
    assert client.post(setup, {"token": "000000"}).status_code == 200
    assert client.post(setup, {"token": current_code(device)})["Location"].endswith("/compte/")
    assert client.get("/instruction/").status_code == 200
    stored.refresh_from_db()
    assert stored.used_at is not None
    again = Client()  # the same code, a second time: spent
    login(again, agent)
    TOTPDevice.objects.filter(user=agent).update(confirmed=False)
    page = page_text(again.post("/connexion/securite/", {"code": code}))
    assert in_language("fr", REFUSALS["enrolment_unusable"]) in page


def test_an_enrolment_code_expires_and_cannot_be_guessed(client, settings) -> None:
    admin, agent = AdminFactory(), AgentFactory()
    code = enrolment_issue(admin=admin, user=agent)
    login(client, agent)
    for _ in range(ENROLMENT_ATTEMPTS):
        client.post("/connexion/securite/", {"code": "ABCD-EFGH-JKMN"})
    page = page_text(client.post("/connexion/securite/", {"code": code}))
    assert in_language("fr", REFUSALS["enrolment_unusable"]) in page
    code = enrolment_issue(admin=admin, user=agent)
    later = timezone.now() + timedelta(hours=settings.SEJOUR_ENROLMENT_HOURS, minutes=1)
    with time_machine.travel(later):
        fresh = Client()
        login(fresh, agent)
        page = page_text(fresh.post("/connexion/securite/", {"code": code}))
        assert in_language("fr", REFUSALS["enrolment_unusable"]) in page


def test_an_administrator_issues_codes_in_the_admin_and_the_old_factor_stops(client) -> None:
    admin = AdminFactory()
    agent = AgentFactory()
    static_codes(agent, "111333")
    login_verified(client, admin)
    response = client.post(
        "/admin/accounts/user/",
        {"action": "issue_enrolment_codes", "_selected_action": [agent.pk]},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert agent.username in html
    assert EnrolmentCode.objects.filter(user=agent, issued_by=admin).count() == 1
    assert not StaticDevice.objects.filter(user=agent).exists()  # a lost telephone
    assert admin.audit_events.filter(action="account.enrolment_issued").exists()


def test_the_command_issues_a_code_for_the_first_administrator(capsys) -> None:
    first = AdminFactory()
    call_command("issue_enrolment_code", first.username, "--by", first.username)
    code = capsys.readouterr().out.strip()
    assert len(code) == 14 and EnrolmentCode.objects.filter(user=first).exists()


@pytest.mark.parametrize(
    ("username", "home"), [("aidant.demo", "/aidant/"), ("agent.paris", "/instruction/")]
)
def test_the_demo_codes_still_work_for_make_run(settings, username: str, home: str) -> None:
    from sejour.accounts import demo

    settings.DEBUG = True
    demo.seed()
    client = Client()
    client.post("/connexion/", {"username": username, "password": demo.DEMO_PASSWORD})
    assert client.get(home)["Location"] == "/connexion/verification/"
    assert client.post("/connexion/verification/", {"token": "111111"})["Location"] == "/compte/"
    assert client.get(home).status_code == 200
