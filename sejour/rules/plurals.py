"""Counted words ("1 an", "2 ans"; "سنة واحدة", "سنتان", "3 سنوات") in each language.

Which form a number takes is CLDR's plural rule for the language, read from Babel's
copy of CLDR: data, not code, so a new language (fa, ps, ti, uk, ru…) needs only its
forms in `texts/units.yaml`. Arabic has six categories: 0 zero, 1 one, 2 two, 3–10 few,
11–99 many, other (100, 101…), by the number modulo 100 beyond 100.

A unit may have a variant for a grammatical case, `unit.case` (Arabic's dual is
"سنتان" as a subject, "سنتين" after a preposition); a variant gives only the forms that
differ, the others are the unit's own.
"""

from __future__ import annotations

from pathlib import Path
from typing import Final

import yaml
from babel import Locale

from sejour.rules.vocabulary import LANGS

_UNITS_FILE: Final = Path(__file__).parent / "texts" / "units.yaml"


class PluralRules:
    """CLDR plural categories by language, remembered per number (counts are few)."""

    def __init__(self, langs: tuple[str, ...]) -> None:
        self._rules = {lang: Locale.parse(lang).plural_form for lang in langs}
        self._seen: dict[tuple[str, int], str] = {}

    def categories(self, lang: str) -> frozenset[str]:
        """Every category the language's rule can give."""
        return frozenset(self._rules[lang].tags) | {"other"}

    def category(self, lang: str, n: int) -> str:
        key = (lang, n)
        found = self._seen.get(key)
        if found is None:
            found = self._seen[key] = self._rules[lang](n)
        return found


RULES: Final = PluralRules(LANGS)

# unit -> lang -> category -> form with "{n}"
Forms = dict[str, dict[str, dict[str, str]]]


def build(raw: object, rules: PluralRules = RULES, langs: tuple[str, ...] = LANGS) -> Forms:
    """The forms of `units.yaml`, checked: every language has a form for every category
    its plural rule can give (a unit's variant inherits the forms it does not give)."""
    if not isinstance(raw, dict):
        raise RuntimeError("units.yaml: expected a mapping of units")
    units: Forms = {}
    for unit in sorted(raw, key=lambda u: u.count(".")):  # a unit before its variants
        by_lang = raw[unit] or {}
        base = units.get(unit.split(".", 1)[0]) if "." in unit else None
        units[unit] = {}
        for lang in langs:
            forms = {**(base[lang] if base else {}), **(by_lang.get(lang) or {})}
            missing = rules.categories(lang) - set(forms)
            if missing:
                raise RuntimeError(f"units.yaml: {unit} has no {lang} form for {sorted(missing)}")
            units[unit][lang] = {category: str(form) for category, form in forms.items()}
    return units


UNITS: Final[Forms] = build(yaml.safe_load(_UNITS_FILE.read_text(encoding="utf-8")))


_COUNTED: dict[tuple[str, str, int], str] = {}  # counts are few: remember each once


def counted(n: int, unit: str, lang: str) -> str:
    """`n` of `unit` in `lang`, in the plural form CLDR gives that number."""
    key = (unit, lang, n)
    found = _COUNTED.get(key)
    if found is None:
        form = UNITS[unit][lang][RULES.category(lang, n)]
        found = _COUNTED[key] = form.replace("{n}", str(n))
    return found
