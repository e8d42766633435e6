"""Sign-up step 1 tells a stranger nothing (issue 13): not whether a number exists, has
an account or has protection, and the document dates cannot be found by trying."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
import time_machine
from django.core import mail
from django.test import Client, override_settings
from django.utils import timezone

from sejour.accounts.models import User
from sejour.accounts.views.refusals import REFUSALS
from tests.accounts.helpers import in_language, link_in_last_mail, page_text
from tests.factories.accounts import RegisterEntryFactory, UserFactory

pytestmark = pytest.mark.django_db
PREFIX = {"fr": "", "en": "/en", "ar": "/ar"}


def step1(client: Client, number: str, start: date, end: date, lang: str = "fr"):
    return client.post(
        f"{PREFIX[lang]}/compte/creer/",
        {
            "kind": "foreign",
            "number": number,
            "valid_from": start.strftime("%d/%m/%Y"),
            "valid_until": end.strftime("%d/%m/%Y"),
        },
    )


def step2(client: Client, email: str, lang: str = "fr"):
    return client.post(
        f"{PREFIX[lang]}/compte/creer/email/", {"email": email, "email_confirm": email}
    )


def answers(client: Client, number: str, start: date, end: date, email: str, lang="fr"):
    """What a visitor sees of steps 1 and 2, and the e-mail, numbers and names removed."""
    first = step1(client, number, start, end, lang)
    second = step2(client, email, lang) if first.status_code == 302 else first
    sent = client.get(second["Location"]) if second.status_code == 302 else second
    body = mail.outbox[-1].body if mail.outbox else ""
    return (
        first.status_code,
        first.get("Location"),
        second.get("Location"),
        re.sub(r"\s+", " ", page_text(sent)).replace(email, "<address>"),
        mail.outbox[-1].subject if mail.outbox else "",
        re.sub(r"https?://\S+", "<link>", body),
    )


@pytest.mark.parametrize("lang", ["fr", "en", "ar"])
def test_every_reason_looks_the_same_to_a_stranger(lang: str) -> None:
    start, end = date(2026, 1, 1), date(2027, 6, 30)
    RegisterEntryFactory(foreign_number="7000000101")
    RegisterEntryFactory(foreign_number="7000000102", protection_status="")
    RegisterEntryFactory(foreign_number="7000000103")
    UserFactory(username="7000000103")
    seen = set()
    for n, (number, dates) in enumerate(
        [
            ("7000000199", (start, end)),  # unknown
            ("7000000101", (start + timedelta(days=1), end)),  # known, other dates
            ("7000000102", (start, end)),  # known, no protection
            ("7000000103", (start, end)),  # known, has an account
        ]
    ):
        mail.outbox.clear()
        seen.add(answers(Client(), number, *dates, f"stranger{n}@example.net", lang))
    assert len(seen) == 1, seen
    (status, first, second, page, subject, body) = seen.pop()
    assert (status, first, second) == (
        302,
        f"{PREFIX[lang]}/compte/creer/email/",
        f"{PREFIX[lang]}/compte/creer/email-envoye/",
    )
    assert "<address>" in page and "NOUR" not in page and "Amal" not in page
    assert in_language(lang, "Votre compte n'a pas pu être créé") == subject
    assert "/compte/creer/verifier/" not in body


def test_the_real_person_still_gets_the_link() -> None:
    RegisterEntryFactory(foreign_number="7000000101")
    client = Client()
    step1(client, "7000000101", date(2026, 1, 1), date(2027, 6, 30))
    step2(client, "amal@example.org")
    assert client.get(link_in_last_mail())["Location"] == "/compte/creer/mot-de-passe/"


def guesses(real_start: date, count: int):
    """An attacker who knows the number and that the attestation lasts 18 months tries
    start dates one day apart; the real one is the 30th."""
    first = real_start - timedelta(days=29)
    for n in range(count):
        start = first + timedelta(days=n)
        yield start, date(start.year + 1, start.month, 1) + timedelta(days=180)


def test_the_dates_of_a_known_number_cannot_be_found_by_trying() -> None:
    real_start = date(2026, 3, 14)
    real = next(d for d in guesses(real_start, 30) if d[0] == real_start)
    RegisterEntryFactory(foreign_number="7000000201", valid_from=real[0], valid_until=real[1])
    found = []
    for n, (start, end) in enumerate(guesses(real_start, 40)):
        attacker = Client(REMOTE_ADDR=f"203.0.113.{n}")  # one address per try, even
        step1(attacker, "7000000201", start, end)
        step2(attacker, "attacker@example.net")
        if any("/compte/creer/verifier/" in m.body for m in mail.outbox):
            found.append(start)
            break
    assert found == []
    assert not User.objects.filter(username="7000000201").exists()


def test_one_client_cannot_walk_through_many_numbers() -> None:
    client = Client(REMOTE_ADDR="203.0.113.9")
    for n in range(20):
        step1(client, f"70000003{n:02d}", date(2026, 1, 1), date(2027, 6, 30))
    RegisterEntryFactory(foreign_number="7000000399")
    response = step1(client, "7000000399", date(2026, 1, 1), date(2027, 6, 30))
    assert response.status_code == 200
    assert in_language("fr", REFUSALS["too_many"]) % {"minutes": 15} in page_text(response)


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_the_delay_is_said_in_the_page_language(lang: str) -> None:
    for n in range(6):
        step1(
            Client(REMOTE_ADDR=f"203.0.113.{n}"),
            "7000000401",
            date(2026, 1, n + 1),
            date(2027, 6, 30),
        )
    response = step1(Client(), "7000000401", date(2026, 1, 1), date(2027, 6, 30), lang)
    expected = in_language(lang, REFUSALS["too_many"])
    assert expected.split("%")[0].strip() in page_text(response)
    assert expected != in_language("fr", REFUSALS["too_many"])


def test_the_real_person_is_never_locked_out_for_good() -> None:
    RegisterEntryFactory(foreign_number="7000000501")
    start = timezone.now()
    with time_machine.travel(start, tick=False) as clock:
        for n in range(60):  # an attacker keeps failing, from everywhere, for days
            step1(
                Client(REMOTE_ADDR=f"198.18.{n}.1"),
                "7000000501",
                date(2026, 2, 1),
                date(2027, 6, 30),
            )
            clock.shift(timedelta(minutes=30))
        real = Client()
        assert step1(real, "7000000501", date(2026, 1, 1), date(2027, 6, 30)).status_code == 200
        clock.shift(timedelta(hours=24, minutes=1))  # the longest delay
        assert step1(real, "7000000501", date(2026, 1, 1), date(2027, 6, 30)).status_code == 302
        step2(real, "amal@example.org")
        assert real.get(link_in_last_mail())["Location"] == "/compte/creer/mot-de-passe/"


@override_settings(
    CACHES={
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "sejour_cache",
        }
    }
)
def test_the_counts_live_in_the_store_every_process_shares() -> None:
    from django.db import connection

    for n in range(3):
        step1(Client(), "7000000601", date(2026, 1, n + 1), date(2027, 6, 30))
    with connection.cursor() as cursor:
        cursor.execute("SELECT cache_key FROM sejour_cache")
        keys = [row[0] for row in cursor.fetchall()]
    assert any("thr:signup_number:" in key for key in keys)
    assert not any("7000000601" in key for key in keys)  # hashed, never in clear
