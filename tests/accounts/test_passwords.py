"""Passwords (issue 13): Django's validators plus the passwords French accounts use
most and keyboard walks; the minimum length is stated on every page that sets one."""

from __future__ import annotations

import pytest
from django.core import mail
from django.test import Client

from tests.accounts.helpers import in_language, link_in_last_mail, page_text
from tests.factories.accounts import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db
REFUSED = (
    "Ce mot de passe fait partie des plus utilisés, ou suit les touches du clavier : "
    "choisissez-en un autre, par exemple quelques mots sans lien entre eux."
)


def change(client: Client, new: str, lang: str = "fr"):
    prefix = {"fr": "", "en": "/en", "ar": "/ar"}[lang]
    return client.post(
        f"{prefix}/compte/mot-de-passe/",
        {"old_password": PASSWORD, "new_password1": new, "new_password2": new},
    )


@pytest.mark.parametrize(
    "password", ["azertyuiopqs", "marseille2026!", "motdepasse123", "Doudou123456", "qsdfghjklmwx"]
)
def test_common_french_passwords_and_keyboard_walks_are_refused(client, password) -> None:
    user = UserFactory()
    client.force_login(user)
    response = change(client, password)
    assert response.status_code == 200
    assert REFUSED in page_text(response)
    user.refresh_from_db()
    assert user.check_password(PASSWORD)


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_the_refusal_is_in_the_page_language(client, lang: str) -> None:
    client.force_login(UserFactory())
    assert in_language(lang, REFUSED) in page_text(change(client, "azertyuiopqs", lang))


def test_a_good_password_is_still_accepted(client) -> None:
    client.force_login(UserFactory())
    assert change(client, "girafe tramway citron 7")["Location"] == "/compte/"


def test_the_minimum_length_is_stated_where_a_password_is_chosen(client, settings) -> None:
    settings.AUTH_PASSWORD_VALIDATORS = [
        {
            "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
            "OPTIONS": {"min_length": 14},
        }
    ]
    user = UserFactory(email="amal@example.org")
    client.force_login(user)
    assert "Au moins 14 caractères" in page_text(client.get("/compte/mot-de-passe/"))
    assert "14 characters" in page_text(client.get("/en/compte/mot-de-passe/"))
    Client().post("/mot-de-passe-oublie/", {"email": "amal@example.org"})
    reset = Client()
    form_url = reset.get(link_in_last_mail())["Location"]
    assert "Au moins 14 caractères" in page_text(reset.get(form_url))
    assert len(mail.outbox) == 1
