"""The applicant's language: the browser's preference sends an unprefixed page to its
language, the switcher's choice is remembered in a cookie and wins, the API agrees."""

from __future__ import annotations

import json

import pytest
from django.conf import settings
from django.test import Client

from tests.rules.builders import situation

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("accept", "target"),
    [("ar,fr;q=0.5", "/ar/"), ("en-GB,en;q=0.9", "/en/"), ("ar-MA", "/ar/")],
)
def test_a_browser_preferring_another_language_is_sent_to_it(accept: str, target: str) -> None:
    response = Client().get("/", HTTP_ACCEPT_LANGUAGE=accept)
    assert response.status_code == 302
    assert response["Location"] == target


def test_any_unprefixed_page_keeps_its_path_and_query() -> None:
    response = Client().get("/simulateur/personne/?demarche=renewal", HTTP_ACCEPT_LANGUAGE="ar")
    assert response["Location"] == "/ar/simulateur/personne/?demarche=renewal"


def test_a_french_or_silent_browser_stays_and_caches_are_told_why() -> None:
    for headers in ({}, {"HTTP_ACCEPT_LANGUAGE": "fr-FR,fr;q=0.9,en;q=0.8"}):
        response = Client().get("/", **headers)
        assert response.status_code == 200
        assert "Accept-Language" in response["Vary"] and "Cookie" in response["Vary"]


def test_posts_the_api_and_unknown_paths_are_not_redirected() -> None:
    client = Client(HTTP_ACCEPT_LANGUAGE="ar")
    assert client.get("/api/v1/openapi.json").status_code == 200
    assert client.get("/nulle-part/").status_code == 404
    response = client.post("/aide/contact/")
    assert not response.get("Location", "").startswith("/ar/")


def test_the_switchers_choice_is_remembered_and_wins_over_the_browser() -> None:
    client = Client(HTTP_ACCEPT_LANGUAGE="ar")
    html = client.get("/ar/").content.decode()
    assert 'href="/langue/fr/?next=/"' in html  # the switcher's French link
    response = client.get("/langue/fr/", {"next": "/ar/simulateur/"})
    assert response.status_code == 302
    assert response["Location"] == "/simulateur/"
    cookie = response.cookies[settings.LANGUAGE_COOKIE_NAME]
    assert cookie.value == "fr"
    assert cookie["max-age"]  # remembered beyond this visit
    assert cookie["httponly"] and cookie["samesite"] == "Lax"
    # Back on an unprefixed page, the Arabic browser is no longer redirected.
    assert client.get("/").status_code == 200
    # Choosing English later sends unprefixed pages to English.
    assert client.get("/langue/en/", {"next": "/"})["Location"] == "/en/"
    assert client.get("/aide/")["Location"] == "/en/aide/"


def test_the_switcher_never_redirects_elsewhere_and_rejects_unknown_languages() -> None:
    client = Client()
    response = client.get("/langue/ar/", {"next": "https://evil.example/"})
    assert response["Location"] == "/ar/"
    assert client.get("/langue/xx/", {"next": "/"}).status_code == 404


def test_the_api_reads_the_same_preference_as_the_pages() -> None:
    client = Client(HTTP_ACCEPT_LANGUAGE="en", REMOTE_ADDR="10.9.0.1")
    client.get("/langue/ar/", {"next": "/"})
    body = json.dumps(situation())
    api = client.post("/api/v1/assess", data=body, content_type="application/json")
    assert api.json()["lang"] == "ar"
    assert client.get("/")["Location"] == "/ar/"
