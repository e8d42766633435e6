"""The applicant's pages in English and Arabic: no internal code (`decision_protection`,
`CH-ONLINE`) and no French sentence of the catalogue left untranslated in what a person
reads (text and the attributes read aloud)."""

from __future__ import annotations

import html
import re
from functools import cache
from pathlib import Path

import polib
import pytest
from django.test import Client

from tests.e2e.test_accessibility import PAGES

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parent.parent / "sejour" / "locale"
CODE = re.compile(r"\b[a-z]+_[a-z_]+\b|\b[A-Z]{2,}(?:-[A-Z0-9]+)+\b")
# Identifiers a person may legitimately read: none of the internal vocabulary.
ALLOWED = {"e-MERAUDE"}


def _readable(page: str) -> str:
    """The text a person reads or hears: the body without tags, scripts and styles, and
    the alt, title, aria-label and placeholder attributes."""
    body = page.split("<body", 1)[-1]
    body = re.sub(r"<(script|style)\b.*?</\1>", " ", body, flags=re.S)
    spoken = re.findall(r'\b(?:alt|title|aria-label|placeholder)="([^"]*)"', body)
    text = re.sub(r"<[^>]+>", " ", body)
    return html.unescape(" ".join([text, *spoken]))


@cache
def _french_sentences(lang: str) -> frozenset[str]:
    """The catalogue's French sentences (long enough to be unmistakable) that the language
    translates into something else and never quotes (a French term quoted in brackets is
    meant: it is what the prefecture writes)."""
    catalogue = polib.pofile(str(ROOT / lang / "LC_MESSAGES" / "django.po"))
    translations = " ".join(
        text for e in catalogue for text in (e.msgstr, *e.msgstr_plural.values())
    )
    return frozenset(
        e.msgid
        for e in catalogue
        if len(e.msgid) >= 25 and "%" not in e.msgid and e.msgstr and e.msgid not in translations
    )


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_no_internal_code_nor_french_on_the_applicants_pages(lang: str) -> None:
    client = Client()
    codes, french = {}, {}
    for path in PAGES:
        response = client.get(f"/{lang}{path}")
        assert response.status_code == 200, path
        text = _readable(response.content.decode())
        found = {c for c in CODE.findall(text) if c not in ALLOWED}
        if found:
            codes[path] = sorted(found)
        leaks = [s for s in _french_sentences(lang) if s in text]
        if leaks:
            french[path] = leaks[:3]
    assert codes == {} and french == {}


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("lang", ["en", "ar"])
def test_the_request_page_names_documents_not_their_codes(lang: str) -> None:
    from tests.dossiers.helpers import complete_documents, deposit, fill_to_documents
    from tests.factories.accounts import UserFactory

    client = Client()
    client.force_login(UserFactory(username="7400000001", email="amal@example.org"))
    reference = fill_to_documents(client)
    complete_documents(client, reference, ["decision_protection", "justificatif_domicile"])
    deposit(client, reference)
    text = _readable(client.get(f"/{lang}/demarches/{reference}/").content.decode())
    assert "decision_protection" not in text and "justificatif_domicile" not in text
    assert [c for c in CODE.findall(text) if c not in ALLOWED] == []
