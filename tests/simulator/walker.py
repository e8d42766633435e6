"""Walk the simulator like a browser without JavaScript: submit each step's GET form."""

from __future__ import annotations

import re
from html import unescape
from urllib.parse import urlencode, urlsplit

from django.test import Client

HIDDEN = re.compile(r'<input type="hidden" name="([^"]+)" value="([^"]*)"')


def submit(client: Client, url: str, answers: dict[str, str]):
    """Load the step at `url`, then submit its form with `answers` added."""
    page = client.get(url)
    assert page.status_code == 200, (url, page.status_code, page.get("Location"))
    hidden = {k: unescape(v) for k, v in HIDDEN.findall(page.content.decode())}
    return client.get(f"{urlsplit(url).path}?{urlencode({**hidden, **answers})}")


def walk(client: Client, steps: list[tuple[str, dict[str, str]]], prefix: str = ""):
    """Submit each (slug, answers) in order, checking the wizard asks exactly these
    steps; returns the final response (the result page)."""
    url = f"{prefix}/simulateur/demarche/"
    for slug, answers in steps:
        assert urlsplit(url).path == f"{prefix}/simulateur/{slug}/", f"expected {slug}, at {url}"
        response = submit(client, url, answers)
        assert response.status_code == 302, errors(response)
        url = response["Location"]
    assert urlsplit(url).path == f"{prefix}/simulateur/resultat/", url
    return client.get(url)


def errors(response) -> list[str]:
    return [
        e.strip() for e in re.findall(r'class="fr-error-text">([^<]*)', response.content.decode())
    ] or [response.content.decode()[:300]]


def text(response) -> str:
    html = re.sub(r"<[^>]+>", " ", response.content.decode())
    return re.sub(r"\s+", " ", unescape(html))
