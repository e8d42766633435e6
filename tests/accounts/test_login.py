"""Login by foreign number, lockout, password reset, forced change, second factor."""

from __future__ import annotations

import pytest
from django.core import mail
from django.test import Client

from sejour.accounts.forms import LoginForm
from tests.accounts.helpers import in_language, page_text
from tests.factories.accounts import PASSWORD, AgentFactory, UserFactory, static_codes

pytestmark = pytest.mark.django_db
PREFIX = {"fr": "", "en": "/en", "ar": "/ar"}


def login(client: Client, username: str, password: str = PASSWORD, lang: str = "fr"):
    return client.post(f"{PREFIX[lang]}/connexion/", {"username": username, "password": password})


def test_login_with_the_foreign_number_and_logout(client: Client) -> None:
    user = UserFactory(username="7100000001")
    response = login(client, " 71000 00001 ")
    assert response["Location"] == "/compte/"
    assert client.get("/compte/")["Location"] == "/demarches/"
    assert client.get("/demarches/").status_code == 200
    assert client.get("/deconnexion/").status_code == 405  # logout is a POST (CSRF)
    client.post("/deconnexion/")
    assert client.get("/demarches/")["Location"].startswith("/connexion/")
    assert user.audit_events.filter(action="account.login").exists()


@pytest.mark.parametrize("lang", ["fr", "en", "ar"])
def test_wrong_password_says_what_to_do(client: Client, lang: str) -> None:
    UserFactory(username="7100000002")
    page = page_text(login(client, "7100000002", "pas le bon", lang))
    assert in_language(lang, LoginForm.error_messages["invalid_login"]) in page


def test_reset_answers_the_same_whether_or_not_the_account_exists(client: Client) -> None:
    UserFactory(email="known@example.org")
    UserFactory(email="unverified@example.org", email_verified_at=None)
    known = client.post("/mot-de-passe-oublie/", {"email": "known@example.org"})
    unknown = client.post("/mot-de-passe-oublie/", {"email": "nobody@example.org"})
    unverified = client.post("/mot-de-passe-oublie/", {"email": "unverified@example.org"})
    assert known["Location"] == unknown["Location"] == unverified["Location"]
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["known@example.org"]
    assert "Votre identifiant" in mail.outbox[0].body


def test_a_provisional_password_must_be_changed_first(client: Client) -> None:
    user = UserFactory(must_change_password=True)
    login(client, user.username)
    assert client.get("/demarches/")["Location"] == "/compte/mot-de-passe/"
    response = client.post(
        "/compte/mot-de-passe/",
        {
            "old_password": PASSWORD,
            "new_password1": "mon nouveau secret 21",
            "new_password2": "mon nouveau secret 21",
        },
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert not user.must_change_password
    assert client.get("/demarches/").status_code == 200


def test_agents_need_the_second_factor_before_the_back_office(client: Client) -> None:
    agent = AgentFactory()
    static_codes(agent, "246802")
    login(client, agent.username)
    assert client.get("/instruction/")["Location"] == "/connexion/verification/"
    assert client.get("/compte/")["Location"] == "/connexion/verification/"
    assert client.post("/connexion/verification/", {"token": "246802"})["Location"] == "/compte/"
    assert client.get("/instruction/").status_code == 200


@pytest.mark.parametrize("lang", ["fr", "en", "ar"])
def test_a_wrong_code_says_what_to_fix(client: Client, lang: str) -> None:
    agent = AgentFactory()
    static_codes(agent, "246802")
    login(client, agent.username)
    page = page_text(client.post(f"{PREFIX[lang]}/connexion/verification/", {"token": "111111"}))
    with_code = in_language(
        lang,
        "Code incorrect ou expiré : saisissez le code affiché maintenant par votre application.",
    )
    assert with_code in page
    page = page_text(client.post(f"{PREFIX[lang]}/connexion/verification/", {"token": "12ab"}))
    assert in_language(lang, "Le code compte 6 chiffres.") in page
    assert client.get("/instruction/").status_code == 302


def test_the_administration_is_behind_the_second_factor(client: Client) -> None:
    from tests.factories.accounts import AdminFactory

    admin = AdminFactory()
    client.force_login(admin)
    assert client.get("/admin/").status_code == 302
    static_codes(admin, "135791")
    client.post("/connexion/verification/", {"token": "135791"})
    assert client.get("/admin/").status_code == 200
