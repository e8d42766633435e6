"""A database cut answers a clear "try again" (503, Retry-After, the reader's language),
never a 400 nor a 500. On PostgreSQL the connection is pointed at a closed port, as when
the server goes away; the tests' SQLite database lives in memory and cannot be closed, so
there every new cursor fails as sqlite3 does when its file cannot be opened."""

from __future__ import annotations

import sqlite3
from contextlib import contextmanager

import pytest
from django.db import connection
from django.test import Client

from tests.conftest import free_port
from tests.factories.accounts import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


@contextmanager
def database_cut():
    if connection.vendor == "sqlite":

        def unreachable(*args, **kwargs):
            raise sqlite3.OperationalError("unable to open database file")

        saved_cursor = connection.create_cursor
        connection.create_cursor = unreachable
        try:
            yield
        finally:
            connection.create_cursor = saved_cursor
        return
    saved = dict(connection.settings_dict)
    connection.close()
    connection.settings_dict.update(HOST="127.0.0.1", PORT=str(free_port()))
    try:
        yield
    finally:
        connection.close()
        connection.settings_dict.clear()
        connection.settings_dict.update(saved)


def assert_try_again(response, text: str) -> None:
    assert response.status_code == 503, response.status_code
    assert response["Retry-After"].isdigit()
    assert text in response.content.decode()


@pytest.mark.parametrize(
    ("prefix", "text"),
    [
        ("", "Réessayez dans une minute"),
        ("/en", "Try again in a minute"),
        ("/ar", "أعد المحاولة بعد دقيقة"),
    ],
)
def test_a_login_during_a_cut_says_try_again_in_the_readers_language(prefix, text) -> None:
    user = UserFactory()
    client = Client()
    assert client.get(f"{prefix}/connexion/").status_code == 200
    with database_cut():
        response = client.post(
            f"{prefix}/connexion/", {"username": user.username, "password": "x" * 12}
        )
    assert_try_again(response, text)


def test_a_signed_in_page_during_a_cut_says_try_again() -> None:
    user = UserFactory()
    client = Client()
    client.force_login(user)  # an applicant: no second factor
    # The session is read by a middleware: Django answers through handler500, and the
    # test client would re-raise what it logged rather than return that answer.
    client.raise_request_exception = False
    with database_cut():
        response = client.get("/compte/")
        home = client.get("/")
    assert_try_again(response, "Réessayez dans une minute")
    assert_try_again(home, "Réessayez dans une minute")


def test_the_500_page_does_not_claim_that_nothing_is_lost(settings) -> None:
    from django.test import RequestFactory

    from sejour.core.errors import server_error

    for prefix, truth in (("", "n'a peut-être pas été enregistré"), ("/ar", "ربما لم يُحفَظ")):
        page = server_error(RequestFactory().get(f"{prefix}/demarches/")).content.decode()
        assert truth in page
        assert "n'est perdu" not in page and "is lost" not in page
