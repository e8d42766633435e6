"""Counted texts take the real plural form of each language (CLDR's rules, from Babel):
Arabic has singular, dual and plural, never "1 سنوات" nor "2 سنتان"."""

from __future__ import annotations

import re
from datetime import date

import pytest

from sejour.rules import DEFAULT_PARAMETERS, assess, parse_situation
from sejour.rules.plurals import RULES, UNITS, PluralRules, build, counted
from tests.rules.builders import situation


@pytest.mark.parametrize(
    ("n", "expected"),
    [
        (0, "0 سنة"),
        (1, "سنة واحدة"),
        (2, "سنتان"),
        (3, "3 سنوات"),
        (10, "10 سنوات"),
        (11, "11 سنة"),
        (99, "99 سنة"),
        (100, "100 سنة"),
        (102, "102 سنة"),
        (103, "103 سنوات"),
        (111, "111 سنة"),
    ],
)
def test_arabic_years_by_cldr_category(n: int, expected: str) -> None:
    assert counted(n, "year", "ar") == expected


@pytest.mark.parametrize(
    ("n", "unit", "expected"),
    [
        (2, "year.oblique", "سنتين"),  # after a preposition: "لمدة سنتين"
        (3, "year.oblique", "3 سنوات"),  # a variant gives only what differs
        (1, "month", "شهر واحد"),
        (2, "month", "شهران"),
        (2, "month.oblique", "شهرين"),
        (6, "month", "6 أشهر"),
        (12, "month", "12 شهرًا"),
        (2, "day.oblique", "يومين"),
        (60, "day", "60 يومًا"),
        (120, "day", "120 يومًا"),  # 120 % 100 = 20: "many"
        (48, "hour", "48 ساعة"),
        (16, "digit", "16 خانة"),
    ],
)
def test_arabic_other_units(n: int, unit: str, expected: str) -> None:
    assert counted(n, unit, "ar") == expected


@pytest.mark.parametrize(
    ("lang", "n", "expected"),
    [
        ("fr", 0, "0 an"),
        ("fr", 1, "1 an"),
        ("fr", 2, "2 ans"),
        ("fr", 1_000_000, "1000000 ans"),
        ("en", 0, "0 years"),
        ("en", 1, "1 year"),
        ("en", 2, "2 years"),
        ("en", 21, "21 years"),
    ],
)
def test_french_and_english_years(lang: str, n: int, expected: str) -> None:
    assert counted(n, "year", lang) == expected


@pytest.mark.parametrize("unit", sorted(UNITS))
def test_arabic_never_writes_the_digit_of_a_singular_or_a_dual(unit: str) -> None:
    for n in (1, 2):
        assert not re.search(r"[0-9]", counted(n, unit, "ar")), (unit, n)
    for n in range(3, 300):
        assert counted(n, unit, "ar").startswith(f"{n} "), (unit, n)


def test_a_unit_missing_a_category_of_its_language_is_refused() -> None:
    forms = {"zero": "{n}", "one": "{n}", "two": "{n}", "many": "{n}", "other": "{n}"}
    with pytest.raises(RuntimeError, match="few"):
        build(
            {
                "year": {
                    "fr": {"one": "x", "many": "x", "other": "x"},
                    "en": {"one": "x", "other": "x"},
                    "ar": forms,
                }
            }
        )


def test_a_new_language_brings_its_rule_as_data() -> None:
    # Issue 20 adds uk and ru, among others: their CLDR rules come with Babel, no code.
    rules = PluralRules(("ru", "uk", "fa"))
    assert [rules.category("ru", n) for n in (1, 2, 5, 11, 21, 22, 25)] == [
        "one",
        "few",
        "many",
        "many",
        "one",
        "few",
        "many",
    ]
    assert rules.categories("uk") == {"one", "few", "many", "other"}
    assert rules.categories("fa") == {"one", "other"}
    with pytest.raises(RuntimeError, match="ru form"):
        build({"year": {"ru": {"one": "{n} год", "other": "{n} лет"}}}, rules, ("ru",))
    assert RULES.categories("ar") == {"zero", "one", "two", "few", "many", "other"}


@pytest.mark.parametrize(
    ("years", "fr", "ar"),
    [
        (1, "carte de résident de 1 an ", "لمدة سنة واحدة "),
        (2, "carte de résident de 2 ans ", "لمدة سنتين "),
        (10, "carte de résident de 10 ans ", "لمدة 10 سنوات "),
        (11, "carte de résident de 11 ans ", "لمدة 11 سنة "),
    ],
)
def test_the_engines_texts_count_in_each_language(years: int, fr: str, ar: str) -> None:
    params = DEFAULT_PARAMETERS.with_values({"cards.carte_resident_years": years})

    def card_text(lang: str) -> str:
        data = {**situation(), "lang": lang}
        result = assess(parse_situation(data, today=date(2026, 11, 22)), parameters=params)
        return next(r.text for r in result.reasons if r.rule == "CARD-REF")

    assert fr in card_text("fr")
    assert ar in card_text("ar")
    assert f"a {years}-year resident card" in card_text("en")


def test_a_temporary_card_of_one_year_is_one_year_in_arabic() -> None:
    data = {
        **situation(person__birth_date="2009-06-01", protection__status="subsidiary"),
        "lang": "ar",
    }
    result = assess(parse_situation(data, today=date(2026, 11, 22)))
    text = next(r.text for r in result.reasons if r.rule == "CARD-BPS-MINOR")
    assert "لمدة سنة واحدة" in text and "1 سنة" not in text
