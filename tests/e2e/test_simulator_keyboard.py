"""Complete the simulator by keyboard only, in French and in Arabic."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page

from tests.e2e.keyboard import choose, follow, submit, tick, type_in

pytestmark = pytest.mark.django_db(transaction=True)


def start(page: Page, base: str, lang: str) -> None:
    prefix = "" if lang == "fr" else f"/{lang}"
    page.goto(f"{base}{prefix}/simulateur/")
    assert page.locator("html").get_attribute("lang") == lang
    follow(page, "main a.fr-btn")


def card_and_total(page: Page) -> tuple[str, str]:
    assert "/simulateur/resultat/" in page.url
    card = page.locator("#carte .sejour-total").inner_text()
    total = page.locator("#couts .sejour-total").inner_text()
    return card, total


@pytest.mark.parametrize("lang", ["fr", "ar"])
def test_refugee_by_keyboard(live_server, page: Page, lang: str) -> None:
    start(page, live_server.url, lang)
    choose(page, "demarche", "first_permit")
    submit(page)
    choose(page, "role", "protected")
    submit(page)
    choose(page, "statut", "refugee")
    submit(page)
    type_in(page, "decision", "01/10/2026")
    type_in(page, "asile", "15/03/2024")
    submit(page)
    type_in(page, "naissance", "02/04/1990")
    submit(page)
    choose(page, "etat_civil", "single")
    submit(page)
    choose(page, "document", "aucun")
    submit(page)
    card, total = card_and_total(page)
    assert "10" in card
    assert re.search(r"\b25 €", total)
    assert page.locator("#attestation").count() == 1
    if lang == "ar":
        assert page.locator("html").get_attribute("dir") == "rtl"


@pytest.mark.parametrize("lang", ["fr", "ar"])
def test_bps_family_member_by_keyboard(live_server, page: Page, lang: str) -> None:
    start(page, live_server.url, lang)
    choose(page, "demarche", "first_permit")
    submit(page)
    choose(page, "role", "family_member")
    submit(page)
    choose(page, "statut", "subsidiary")
    submit(page)
    type_in(page, "decision", "01/10/2026")
    type_in(page, "asile", "15/03/2024")
    submit(page)
    choose(page, "lien", "spouse")
    submit(page)
    type_in(page, "union", "10/01/2025")
    tick(page, "communaute")
    submit(page)
    type_in(page, "naissance", "01/06/1992")
    submit(page)
    choose(page, "etat_civil", "married")
    submit(page)
    choose(page, "document", "visa_long_sejour")
    submit(page)
    choose(page, "numero", "visa")
    submit(page)
    card, total = card_and_total(page)
    assert "4" in card
    assert re.search(r"\b25 €", total)
    assert "carte_pluriannuelle" not in card  # a word, not a code


@pytest.mark.parametrize("lang", ["fr", "ar"])
def test_renewal_by_keyboard(live_server, page: Page, lang: str) -> None:
    start(page, live_server.url, lang)
    choose(page, "demarche", "renewal")
    submit(page)
    choose(page, "role", "protected")
    submit(page)
    choose(page, "statut", "refugee")
    submit(page)
    submit(page)  # the planned date: empty, today
    type_in(page, "naissance", "02/04/1990")
    submit(page)
    choose(page, "document", "carte_resident")
    type_in(page, "debut", "01/02/2017")
    type_in(page, "fin", "31/01/2027")
    submit(page)
    card, total = card_and_total(page)
    assert "10" in card
    assert re.search(r"\b225 €", total)


def test_a_mistake_is_shown_and_fixed_by_keyboard(live_server, page: Page) -> None:
    page.goto(
        f"{live_server.url}/simulateur/naissance/?demarche=first_permit&role=protected"
        "&statut=refugee&decision=2026-10-01&asile=2024-03-15"
    )
    type_in(page, "naissance", "31/02/1990")
    submit(page)
    assert page.locator("#erreurs").is_visible()
    assert "JJ/MM/AAAA" in page.locator("#erreurs").inner_text()
    follow(page, "#erreurs a")
    assert page.evaluate("document.activeElement.name") == "naissance"
