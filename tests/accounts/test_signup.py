"""Sign-up in three steps against the register (000 Q10), and its bad inputs."""

from __future__ import annotations

from datetime import date

import pytest
from django.core import mail
from django.test import Client, override_settings

from sejour.accounts.models import User
from sejour.accounts.views.refusals import REFUSALS
from sejour.audit.models import AuditEvent
from tests.accounts.helpers import in_language, link_in_last_mail, page_text
from tests.factories.accounts import PASSWORD, RegisterEntryFactory

pytestmark = pytest.mark.django_db
PREFIX = {"fr": "", "en": "/en", "ar": "/ar"}


def step1(client: Client, lang: str = "fr", **data):
    payload = {
        "kind": "foreign",
        "number": "7111111111",
        "valid_from": "01/01/2026",
        "valid_until": "30/06/2027",
        **data,
    }
    return client.post(f"{PREFIX[lang]}/compte/creer/", payload)


def step2(client: Client, email: str = "amal@example.org", confirm: str | None = None, lang="fr"):
    return client.post(
        f"{PREFIX[lang]}/compte/creer/email/", {"email": email, "email_confirm": confirm or email}
    )


def step3(client: Client, password: str = PASSWORD, confirm: str | None = None, lang="fr"):
    return client.post(
        f"{PREFIX[lang]}/compte/creer/mot-de-passe/",
        {"new_password1": password, "new_password2": confirm or password},
    )


@pytest.fixture
def person():
    return RegisterEntryFactory(foreign_number="7111111111")


def test_the_three_steps_create_an_account_logged_in(client: Client, person) -> None:
    assert step1(client)["Location"] == "/compte/creer/email/"
    assert step2(client)["Location"] == "/compte/creer/email-envoye/"
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["amal@example.org"]
    assert client.get(link_in_last_mail())["Location"] == "/compte/creer/mot-de-passe/"
    response = step3(client)
    assert response["Location"] == "/demarches/"
    user = User.objects.get(username="7111111111")
    assert (user.foreign_number, user.email, user.last_name, user.role) == (
        "7111111111",
        "amal@example.org",
        "NOUR",
        "applicant",
    )
    assert user.email_verified_at is not None
    assert user.password.startswith("md5$") or user.password.startswith("argon2")
    assert client.get("/demarches/").status_code == 200
    assert AuditEvent.objects.filter(action="account.created", actor=user).exists()


def test_a_family_member_signs_up_with_a_visa_number(client: Client) -> None:
    RegisterEntryFactory(foreign_number=None, visa_number="FRA7654321", protection_status="")
    assert step1(client, kind="visa", number="fra 765 4321")["Location"] == "/compte/creer/email/"
    step2(client)
    client.get(link_in_last_mail())
    step3(client)
    assert User.objects.get(username="FRA7654321").visa_number == "FRA7654321"


@pytest.mark.parametrize(
    ("data", "fragment"),
    [
        ({"number": "12345"}, "exactement 10 chiffres"),
        ({"number": "71111A1111"}, "exactement 10 chiffres"),
        ({"number": ""}, "Indiquez votre numéro"),
        ({"valid_from": "31/02/2026"}, "date réelle"),
        ({"valid_from": "01/06/2026", "valid_until": "01/01/2026"}, "après le début"),
        ({"kind": "passport"}, "réponses proposées"),
    ],
)
def test_malformed_step_one(client: Client, person, data, fragment) -> None:
    response = step1(client, **data)
    assert response.status_code == 200
    assert fragment in page_text(response)
    assert not mail.outbox


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_malformed_number_in_other_languages(client: Client, person, lang) -> None:
    from sejour.accounts.forms import FORMATS

    page = page_text(step1(client, lang, number="12345"))
    assert in_language(lang, FORMATS["foreign"][1]) in page


@pytest.mark.parametrize(
    ("email", "confirm", "fragment"),
    [
        ("amal@example.org", "amal@exemple.org", "ne sont pas identiques"),
        ("amal", "amal", "adresse e-mail complète"),
        ("", "", "Indiquez votre adresse e-mail"),
    ],
)
def test_bad_email_step(client: Client, person, email, confirm, fragment) -> None:
    step1(client)
    response = step2(client, email, confirm)
    assert fragment in page_text(response)
    assert not mail.outbox


def test_email_step_without_step_one_goes_back_to_the_start(client: Client) -> None:
    assert client.get("/compte/creer/email/")["Location"] == "/compte/creer/"
    assert client.get("/compte/creer/mot-de-passe/")["Location"] == "/compte/creer/"


@pytest.mark.parametrize(
    ("password", "confirm", "fragment"),
    [
        ("court", None, "trop court"),
        ("123456789012345", None, "entièrement numérique"),
        ("password1234", None, "trop courant"),
        (PASSWORD, PASSWORD + "x", "ne correspondent pas"),
    ],
)
def test_weak_or_mismatched_password(client: Client, person, password, confirm, fragment) -> None:
    step1(client)
    step2(client)
    client.get(link_in_last_mail())
    response = step3(client, password, confirm)
    assert response.status_code == 200
    assert fragment in page_text(response)
    assert not User.objects.exists()


def test_password_messages_in_arabic(client: Client, person) -> None:
    step1(client, "ar")
    step2(client, lang="ar")
    client.get(link_in_last_mail())
    page = page_text(step3(client, "court", lang="ar"))
    assert any("\u0600" <= ch <= "\u06ff" for ch in page.split("court")[0][-400:])


def test_a_used_link_says_so_and_creates_nothing_more(client: Client, person) -> None:
    step1(client)
    step2(client)
    link = link_in_last_mail()
    client.get(link)
    step3(client)
    again = Client().get(link)
    assert again.status_code == 400
    assert str(REFUSALS["link_used"]) in page_text(again)
    assert User.objects.count() == 1


@override_settings(SIGNUP_LINK_MAX_AGE=-1)
def test_an_expired_link_says_so(client: Client, person) -> None:
    step1(client)
    step2(client)
    response = client.get(link_in_last_mail())
    assert response.status_code == 400
    assert str(REFUSALS["link_expired"]) in page_text(response)


def test_a_tampered_or_superseded_link_is_refused(client: Client, person) -> None:
    step1(client)
    step2(client)
    first = link_in_last_mail()
    step2(client, "autre@example.org")
    assert client.get(first).status_code == 400  # sending again voids the earlier link
    assert client.get(first[:-3] + "abc/").status_code == 400
    assert client.get(link_in_last_mail()).status_code == 302


def test_submitting_the_password_twice_creates_one_account(client: Client, person) -> None:
    step1(client)
    step2(client)
    client.get(link_in_last_mail())
    pending_id = client.session["signup_pending"]
    step3(client)
    from sejour.accounts.services import Refused
    from sejour.accounts.signup import signup_complete

    with pytest.raises(Refused):
        signup_complete(pending_id=pending_id, password=PASSWORD)
    assert User.objects.count() == 1


def test_the_help_text_says_where_the_foreign_number_is(client: Client) -> None:
    page = page_text(client.get("/compte/creer/"))
    assert "attestation de demande d'asile" in page and "DCEM" in page


def test_register_lookup_outcomes() -> None:
    from sejour.integrations.register import LocalRegister, Outcome

    RegisterEntryFactory(foreign_number="7444444444")
    RegisterEntryFactory(foreign_number="7555555555", protection_status="")
    register = LocalRegister()
    dates = {"valid_from": date(2026, 1, 1), "valid_until": date(2027, 6, 30)}
    assert register.lookup_number("7444444444", **dates).outcome is Outcome.FOUND
    assert register.lookup_number("7000000099", **dates).outcome is Outcome.UNKNOWN
    assert register.lookup_number("7555555555", **dates).outcome is Outcome.NO_PROTECTION
    wrong = {"valid_from": date(2026, 1, 2), "valid_until": date(2027, 6, 30)}
    assert register.lookup_number("7444444444", **wrong).outcome is Outcome.DATES_MISMATCH


def test_smtp_down_at_sign_up_says_so_and_keeps_the_sign_up(
    client: Client, person, settings
) -> None:
    from tests.conftest import free_port

    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", free_port(), 2
    step1(client)
    response = step2(client)
    assert response.status_code == 200
    assert str(REFUSALS["email_unavailable"]) in page_text(response)
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert step2(client)["Location"] == "/compte/creer/email-envoye/"
