"""The help page: the 40 questions of 000 in three languages, and a forgiving search."""

from __future__ import annotations

import pytest
from django.test import Client

from sejour.help import faq


@pytest.mark.parametrize("lang", ["fr", "en", "ar"])
def test_forty_questions_in_each_language(lang: str) -> None:
    entries = faq.entries(lang)
    assert [e.id for e in entries] == list(range(1, 41))
    assert all(e.question and e.blocks for e in entries)


@pytest.mark.parametrize(
    ("query", "lang", "expected"),
    [
        ("mot de passe oublié", "fr", 14),
        ("mot de pase oublie", "fr", 14),  # a typo and no accent
        ("MOT DE PASSE", "fr", 14),
        ("duplicata", "fr", 38),
        ("duplicatta perte", "fr", 38),
        ("apatrides", "fr", 6),
        ("timbre fiscal", "fr", 33),
        ("forgot password", "en", 14),
        ("pasword", "en", 14),
        ("stateless", "en", 6),
        ("كلمة المرور", "ar", 14),
        ("عديمو الجنسية", "ar", 6),
    ],
)
def test_search_tolerates_accents_case_and_typos(query: str, lang: str, expected: int) -> None:
    found = [e.id for e in faq.search(query, lang)]
    assert expected in found[:3], found[:5]


def test_search_with_nothing_to_find() -> None:
    assert faq.search("zzzz qqqq", "fr") == []
    assert faq.search("", "fr") == []
    assert faq.search("le la de", "fr") == []


def test_normalize_forgets_accents_and_arabic_marks() -> None:
    assert faq.normalize("Préfecture") == "prefecture"
    assert faq.normalize("أَحْمَد") == "احمد"


@pytest.mark.parametrize("prefix", ["", "/en", "/ar"])
def test_help_page_in_each_language(prefix: str) -> None:
    response = Client().get(f"{prefix}/aide/")
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count('<details class="sejour-faq"') == 40
    assert 'href="tel:+33806001620"' in html
    assert '<bdi dir="ltr">0 806 001 620</bdi>' in html


def test_help_search_page_lists_matches_and_escapes_the_query() -> None:
    html = Client().get("/aide/", {"q": "<script>alert(1)</script>"}).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    html = Client().get("/aide/", {"q": "mot de passe"}).content.decode()
    assert 'id="q14" open' in html


def test_help_search_with_a_huge_query_is_cut_not_broken() -> None:
    assert Client().get("/aide/", {"q": "passe " * 5000}).status_code == 200
