"""Numbers in texts come from the parameters (rules.md "Corrections"): no reason, caveat
or right text writes a duration, an age, an amount or a day count by hand, and a
temporary parameter set changes the texts with the answer."""

from __future__ import annotations

import re
import threading
from datetime import date

import pytest

from sejour.rules import DEFAULT_PARAMETERS, assess, parse_situation, texts, using_parameters
from tests.rules.builders import family, renewal, situation

TODAY = date(2026, 11, 22)

# What may hold digits without being a number of the rules: article and seed references
# ("CESEDA L436-5", "R431-15-3", "000 Q39", "(001)"), and the quotations of a seed that
# a text declares in its `quotes` (a seed's own figure, which no change of law changes).
REFERENCES = re.compile(r"\b[LR][0-9]+(?:-[0-9]+)*|\b00[0-4]\b|\bQ[0-9]+\b")
PLACEHOLDER = re.compile(r"\{\w+(?::[\w.]+)?\}")
NUMBER_WORDS = re.compile(
    r"\b(un|une|deux|trois|quatre|cinq|six|sept|huit|neuf|dix|douze|quinze|vingt|cent"
    r"|one|two|three|four|five|six|seven|eight|nine|ten|twelve|fifteen|twenty|hundred)"
    r"\s+(an|ans|année|années|mois|jour|jours|heure|heures|year|years|month|months|day|days"
    r"|hour|hours|euros?)\b",
    re.IGNORECASE,
)
ARABIC_NUMBER_WORDS = re.compile(
    r"\b(?:سنتان|سنتين|شهران|شهرين|يومان|يومين|ساعتان|ساعتين)\b"  # a count of two
    r"|(?:سنة|شهر|يوم|ساعة)\s+واحدة?"  # "one year"
    r"|\b(?:ثلاث|أربع|خمس|ست|سبع|ثماني|تسع|عشر|الثالث|الرابع|التاسع|العاشر)\b"
)
UNIT_WORDS = (
    r"ans?|mois|jours?|heures?|years?|months?|days?|hours?"
    r"|سنة|سنوات|سنتين|أشهر|شهر|شهرًا|أيام|يوم|يومًا|ساعة|ساعات"
)
BARE_COUNT = re.compile(r"\{\w+\}\s*(?:" + UNIT_WORDS + r")(?!\w)")


def test_no_text_writes_a_number_by_hand() -> None:
    for key, text in texts.REASONS.items():
        for lang, template in text.by_lang.items():
            rest = template
            for quote in text.quotes:
                rest = rest.replace(quote, "")
            rest = REFERENCES.sub("", PLACEHOLDER.sub("", rest))
            assert not re.search(r"[0-9٠-٩]", rest), f"{key} ({lang}): a number by hand: {rest}"
            assert not NUMBER_WORDS.search(rest), f"{key} ({lang}): a number in words"
            if lang == "ar":
                assert not ARABIC_NUMBER_WORDS.search(rest), f"{key} (ar): a number in words"


def test_every_declared_quotation_is_in_the_text_it_excuses() -> None:
    declared = {key: text.quotes for key, text in texts.REASONS.items() if text.quotes}
    assert declared, "the seeds' own figures (001's 200 €, 000 Q39's 3rd month) are quoted"
    for key, quotes in declared.items():
        joined = " ".join(texts.REASONS[key].by_lang.values())
        for quote in quotes:
            assert quote in joined, f"{key}: {quote!r} is not in the text"
        assert key.startswith("CAVEAT."), f"{key}: only a caveat quotes another reading"


def test_a_count_is_written_with_its_unit_so_that_it_takes_its_plural() -> None:
    for key, text in texts.REASONS.items():
        for lang, template in text.by_lang.items():
            assert not BARE_COUNT.search(template), f"{key} ({lang}): use {{name:unit}}"


# --- a temporary parameter set --------------------------------------------------------------

CHANGED = DEFAULT_PARAMETERS.with_values(
    {
        "fees.droit_timbre": 31,
        "fees.taxe_titre": 205,
        "cards.carte_resident_years": 12,
        "attestations.prolongation_first_months": 5,
        "deadlines.ephoto_activation_hours": 24,
        "deadlines.ephoto_validity_months": 4,
        "deadlines.renewal_opens_days": 121,
        "deadlines.renewal_closes_days": 59,
        "deadlines.grace_months": 2,
        "ages.majority": 21,
        "family.later_union_years": 2,
        "fees.stamp_digits": 17,
    }
)


def texts_of(data: dict[str, object], lang: str = "fr") -> str:
    data = {**data, "lang": lang}
    result = assess(parse_situation(data, today=TODAY), parameters=CHANGED)
    return " ".join(r.text for r in (*result.reasons, *result.caveats, *result.rights))


def test_the_texts_follow_a_changed_parameter() -> None:
    first = texts_of(situation())
    assert "droit de timbre de 31 €" in first
    assert "carte de résident de 12 ans" in first
    assert "prolongation d'instruction de 5 mois" in first
    assert "valable 4 mois" in first and "jusqu'à 24 heures" in first
    assert "17 chiffres" in first
    renewing = texts_of(renewal("carte_resident", "2017-02-01", "2027-01-31", on="2026-10-03"))
    assert "de 121 jours à 59 jours avant la fin de validité" in renewing
    assert "taxe de 205 €" in renewing and "soit 236 €" in renewing
    assert "2 mois après sa fin de validité" in renewing
    spouse = family(union_date="2025-01-10")
    spouse["person"]["birth_date"] = "2004-01-01"  # 22: of age under the changed majority
    assert "au moins 2 ans" in texts_of(spouse)


def test_the_answer_follows_the_changed_parameter_with_its_text() -> None:
    result = assess(parse_situation(situation(), today=TODAY), parameters=CHANGED)
    assert result.card is not None and result.card.validity_years == 12
    assert result.fees_total_eur == 31
    young = family(union_date="2024-06-01")
    young["person"]["birth_date"] = "2006-01-01"  # 20: a minor under the changed majority
    assert "must be at least 21" in texts_of(young, "en")
    older = family(union_date="2025-01-10")
    older["person"]["birth_date"] = "2004-01-01"
    assert "at least 2 years old" in texts_of(older, "en")


@pytest.mark.parametrize("lang", ["fr", "en", "ar"])
def test_the_files_values_are_back_after_the_block(lang: str) -> None:
    with using_parameters(CHANGED):
        inside = assess(parse_situation({**situation(), "lang": lang}, today=TODAY))
    outside = assess(parse_situation({**situation(), "lang": lang}, today=TODAY))
    assert inside.fees_total_eur == 31 and outside.fees_total_eur == 25
    assert any("31 €" in r.text for r in inside.reasons)
    assert not any("31 €" in r.text for r in outside.reasons)


def test_a_temporary_set_is_seen_by_its_own_thread_only() -> None:
    seen: dict[str, int] = {}
    inside, release = threading.Event(), threading.Event()

    def changed() -> None:
        with using_parameters(CHANGED):
            inside.set()
            release.wait(5)
            seen["changed"] = assess(parse_situation(situation(), today=TODAY)).fees_total_eur

    worker = threading.Thread(target=changed)
    worker.start()
    inside.wait(5)
    seen["main"] = assess(parse_situation(situation(), today=TODAY)).fees_total_eur
    release.set()
    worker.join(5)
    assert seen == {"changed": 31, "main": 25}


def test_an_unknown_parameter_is_refused_by_name() -> None:
    with pytest.raises(KeyError, match=r"fees\.droit_timbres"):
        DEFAULT_PARAMETERS.with_values({"fees.droit_timbres": 30})


def test_the_files_set_is_read_only() -> None:
    with pytest.raises(TypeError):
        DEFAULT_PARAMETERS.table["fees.droit_timbre"] = None  # type: ignore[index]
