"""The security baseline on every page: CSP without inline scripts, no framing, no
sniffing, a referrer policy, an opener policy, and CSRF on every form."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.factories.accounts import UserFactory

PAGES = [
    "/",
    "/simulateur/",
    "/aide/",
    "/connexion/",
    "/compte/creer/",
    "/ar/",
    "/api/v1/openapi.json",
]


@pytest.mark.django_db
@pytest.mark.parametrize("path", PAGES)
def test_headers_on_every_page(path: str) -> None:
    response = Client().get(path)
    csp = response["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in csp.split(";") if part.strip())
    assert "'unsafe-inline'" not in directives["script-src"]
    assert "'unsafe-eval'" not in directives["script-src"]
    assert directives["frame-ancestors"] == "'none'"
    assert directives["object-src"] == "'none'"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


@pytest.mark.django_db
def test_no_inline_script_in_any_page() -> None:
    for path in PAGES[:-1]:
        html = Client().get(path).content.decode()
        assert "<script" not in html, path
        assert " onclick=" not in html and " onload=" not in html, path


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("path", "data"),
    [
        ("/connexion/", {"username": "x", "password": "y"}),
        ("/compte/creer/", {"kind": "foreign", "number": "0123456789"}),
        ("/mot-de-passe-oublie/", {"email": "a@example.org"}),
        ("/deconnexion/", {}),
    ],
)
def test_forms_refuse_a_post_without_the_csrf_token(path: str, data) -> None:
    client = Client(enforce_csrf_checks=True)
    assert client.post(path, data).status_code == 403


@pytest.mark.django_db
def test_state_changing_pages_of_a_signed_in_user_need_csrf() -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(UserFactory())
    assert client.post("/demarches/mandats/1/revoquer/").status_code == 403
