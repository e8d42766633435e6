"""Login limits that an attacker cannot turn against the real person (issue 13): per
(account, client) with progressive delays, per client against password spraying, and a
reset link that always lets the real person in."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.test import Client
from django.utils import timezone

from tests.accounts.helpers import in_language, link_in_last_mail, page_text
from tests.factories.accounts import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db
PREFIX = {"fr": "", "en": "/en", "ar": "/ar"}


def client_at(address: str) -> Client:
    return Client(REMOTE_ADDR=address)


def login(client: Client, username: str, password: str = PASSWORD, lang: str = "fr"):
    return client.post(f"{PREFIX[lang]}/connexion/", {"username": username, "password": password})


@pytest.mark.parametrize("lang", ["fr", "en", "ar"])
def test_failures_slow_down_this_client_and_say_how_to_get_in(lang: str) -> None:
    UserFactory(username="7100000003")
    attacker = client_at("203.0.113.7")
    for _ in range(5):
        assert login(attacker, "7100000003", "faux", lang).status_code == 200
    locked = login(attacker, "7100000003", PASSWORD, lang)  # even the right password, now
    assert locked.status_code == 429
    assert f"{PREFIX[lang]}/mot-de-passe-oublie/" in locked.content.decode()
    page = page_text(locked)
    assert in_language(lang, "Choisir un nouveau mot de passe") in page
    assert "1" in page


def test_an_attacker_cannot_keep_the_real_person_out() -> None:
    UserFactory(username="7100000006")
    attacker = client_at("203.0.113.7")
    for _ in range(50):
        login(attacker, "7100000006", "faux")
    assert login(attacker, "7100000006").status_code == 429
    assert login(client_at("198.51.100.2"), "7100000006")["Location"] == "/compte/"


def test_delays_grow_with_each_failure_and_end() -> None:
    UserFactory(username="7100000007")
    attacker = client_at("203.0.113.7")
    start = timezone.now()
    with time_machine.travel(start, tick=False) as clock:
        for _ in range(5):
            login(attacker, "7100000007", "faux")
        assert login(attacker, "7100000007", "faux").status_code == 429  # 1 minute
        clock.shift(timedelta(seconds=61))
        assert login(attacker, "7100000007", "faux").status_code == 200  # 6th failure
        clock.shift(timedelta(seconds=61))
        assert login(attacker, "7100000007", "faux").status_code == 429  # now 2 minutes
        clock.shift(timedelta(seconds=60))
        assert login(attacker, "7100000007").status_code == 302  # the right one, in time
    with time_machine.travel(start + timedelta(hours=3), tick=False):
        assert login(attacker, "7100000007")["Location"] == "/compte/"


def test_one_client_spraying_many_accounts_is_slowed_down() -> None:
    victim = UserFactory(username="7100000099")
    sprayer = client_at("203.0.113.9")
    for n in range(30):
        assert login(sprayer, f"72000000{n:02d}", "azertyuiop123").status_code == 200
    assert login(sprayer, victim.username).status_code == 429
    assert login(client_at("198.51.100.2"), victim.username)["Location"] == "/compte/"


def test_the_reset_link_lets_the_real_person_in_whatever_the_limits() -> None:
    UserFactory(username="7100000005", email="amal@example.org")
    shared = client_at("192.0.2.50")  # the association's connection, sprayed by someone
    for n in range(40):
        login(shared, f"72000000{n:02d}", "faux")
    assert login(shared, "7100000005").status_code == 429
    shared.post("/mot-de-passe-oublie/", {"email": "amal@example.org"})
    link = link_in_last_mail()
    form_url = shared.get(link)["Location"]
    new = "un autre mot de passe 77"
    done = shared.post(form_url, {"new_password1": new, "new_password2": new})
    assert done["Location"] == "/mot-de-passe-oublie/termine/"
    assert shared.get("/demarches/").status_code == 200  # signed in by the link itself
    assert "a expiré ou a déjà servi" in page_text(Client().get(link, follow=True))


def test_reset_links_come_from_the_site_url_never_the_host_header(settings) -> None:
    settings.SEJOUR_SITE_URL = "https://sejour.example.gouv.fr"
    settings.ALLOWED_HOSTS = ["*"]  # even if a proxy let a forged Host through
    UserFactory(email="amal@example.org")
    Client(HTTP_HOST="evil.example").post("/mot-de-passe-oublie/", {"email": "amal@example.org"})
    (message,) = mail.outbox
    assert "https://sejour.example.gouv.fr/mot-de-passe-oublie/" in message.body
    assert "evil.example" not in message.body


def test_reset_e_mails_are_limited_and_the_answer_does_not_change() -> None:
    UserFactory(email="amal@example.org")
    client = client_at("203.0.113.7")
    answers = {
        client.post("/mot-de-passe-oublie/", {"email": "amal@example.org"})["Location"]
        for _ in range(6)
    }
    assert answers == {"/mot-de-passe-oublie/envoye/"}
    assert len(mail.outbox) == 3
    for n in range(30):  # many addresses from one client
        client.post("/mot-de-passe-oublie/", {"email": f"person{n}@example.net"})
    UserFactory(email="other@example.org")
    client.post("/mot-de-passe-oublie/", {"email": "other@example.org"})
    assert len(mail.outbox) == 3


def test_the_admin_login_form_is_limited_too() -> None:
    from tests.factories.accounts import AdminFactory, static_codes

    admin = AdminFactory()
    static_codes(admin, "424242")
    attacker = client_at("203.0.113.7")
    for _ in range(5):
        attacker.post(
            "/admin/login/", {"username": admin.username, "password": "faux", "otp_token": "1"}
        )
    attacker.post(
        "/admin/login/",
        {"username": admin.username, "password": PASSWORD, "otp_token": "424242"},
    )
    assert attacker.get("/admin/").status_code == 302  # not signed in: still waiting
    assert login(attacker, admin.username).status_code == 429
