"""E-mail, password and address changes (issue 13): the current password is asked, the
address on file is told, and a change one did not make can be undone."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.test import Client

from sejour.notifications.models import OutboxMessage
from tests.accounts.helpers import in_language, link_in_last_mail, page_text
from tests.factories.accounts import PASSWORD, PrefectureFactory, UserFactory

pytestmark = pytest.mark.django_db
HUB = "/demarches/nouvelle/changement-de-situation/"
NEW = "girafe tramway citron 7"


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def ask_email_change(client: Client, email: str, password: str = PASSWORD, lang: str = "fr"):
    prefix = {"fr": "", "en": "/en", "ar": "/ar"}[lang]
    return client.post(
        prefix + HUB, {"action": "email", "email": email, "current_password": password}
    )


@pytest.mark.parametrize("lang", ["fr", "en", "ar"])
def test_an_email_change_asks_the_current_password(lang: str) -> None:
    user = UserFactory(email="amal@example.org")
    client = signed_in(user)
    response = ask_email_change(client, "thief@example.net", "not my password", lang)
    assert response.status_code == 400
    expected = (
        "Ce n'est pas votre mot de passe actuel : saisissez celui avec lequel vous vous connectez."
    )
    assert in_language(lang, expected) in page_text(response)
    assert not mail.outbox
    missing = client.post(HUB, {"action": "email", "email": "thief@example.net"})
    assert missing.status_code == 400 and not mail.outbox


def test_the_old_address_is_told_and_can_undo_the_change() -> None:
    user = UserFactory(email="amal@example.org")
    thief = signed_in(user)  # a session left open on a shared computer
    ask_email_change(thief, "thief@example.net")
    thief.get(urlsplit(re.search(r"https?://\S+", mail.outbox[-1].body).group(0)).path)
    user.refresh_from_db()
    assert user.email == "thief@example.net"
    told = mail.outbox[-1]
    assert told.to == ["amal@example.org"] and "thief@example.net" in told.body
    undo = link_in_last_mail()
    owner = Client()
    assert "amal@example.org" in page_text(owner.get(undo))  # a GET changes nothing
    user.refresh_from_db()
    assert user.email == "thief@example.net"
    choose = owner.post(undo)["Location"]
    user.refresh_from_db()
    assert user.email == "amal@example.org" and not user.has_usable_password()
    assert thief.get("/demarches/")["Location"].startswith("/connexion/")  # session closed
    form_url = owner.get(choose)["Location"]
    done = owner.post(form_url, {"new_password1": NEW, "new_password2": NEW})
    assert done["Location"] == "/mot-de-passe-oublie/termine/"
    assert owner.get("/demarches/").status_code == 200
    assert owner.post(undo).status_code == 400  # spent: the address is back already


def test_a_password_change_asks_the_current_one_tells_the_address_and_logs_out_everywhere() -> None:
    user = UserFactory(email="amal@example.org")
    here, elsewhere = signed_in(user), signed_in(user)
    wrong = here.post(
        "/compte/mot-de-passe/",
        {"old_password": "pas le bon", "new_password1": NEW, "new_password2": NEW},
    )
    assert wrong.status_code == 200 and not mail.outbox
    here.post(
        "/compte/mot-de-passe/",
        {"old_password": PASSWORD, "new_password1": NEW, "new_password2": NEW},
    )
    assert here.get("/demarches/").status_code == 200
    assert elsewhere.get("/demarches/")["Location"].startswith("/connexion/")
    (told,) = mail.outbox
    assert told.to == ["amal@example.org"]
    assert "/mot-de-passe-oublie/" in told.body  # the way back if it was not them
    form_url = Client().get(link_in_last_mail())["Location"]
    assert form_url.endswith("/set-password/")


def test_an_address_change_is_told_by_e_mail(django_capture_on_commit_callbacks) -> None:
    PrefectureFactory(department_code="69")
    user = UserFactory(email="amal@example.org")
    client = signed_in(user)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            HUB,
            {
                "action": "address",
                "street": "8 quai Perrache",
                "postal_code": "69002",
                "city": "Lyon",
                "phone": "",
            },
        )
    message = OutboxMessage.objects.get(user=user)
    assert message.to == "amal@example.org" and "69002 Lyon" in message.body


def test_a_taken_session_cannot_guess_the_current_password() -> None:
    user = UserFactory(email="amal@example.org")
    thief = signed_in(user)
    for n in range(5):
        ask_email_change(thief, "thief@example.net", f"guess {n}")
        thief.post(
            "/compte/mot-de-passe/",
            {"old_password": f"guess {n}", "new_password1": NEW, "new_password2": NEW},
        )
    assert ask_email_change(thief, "thief@example.net").status_code == 400  # even right
    changed = thief.post(
        "/compte/mot-de-passe/",
        {"old_password": PASSWORD, "new_password1": NEW, "new_password2": NEW},
    )
    assert changed.status_code == 200 and not mail.outbox
    user.refresh_from_db()
    assert user.check_password(PASSWORD) and user.email == "amal@example.org"
