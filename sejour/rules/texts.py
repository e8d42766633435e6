"""The words of the engine: reason, caveat, right and error texts in fr, en and ar.

Texts are data (`texts/*.yaml`), read once at import. Each reason text carries its
sources, so a text and the paragraph it rests on never drift apart. Where the article
depends on the protection (a refugee's L424-3, a BPS's L424-11, a stateless person's
L424-19), `sources_by_status` gives each variant its own, added to the common ones.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, Final

import yaml

from sejour.rules import plurals
from sejour.rules.vocabulary import LANGS, PROTECTION_STATUSES, Lang, ProtectionStatus

_DIR: Final = Path(__file__).parent / "texts"

_MONTHS_EN: Final = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip


# `{name}` or `{name:unit}` (a counted word, plurals.py); anything else is literal text.
_PLACEHOLDER: Final = re.compile(r"\{(\w+)(?::([\w.]+))?\}")

Slot = tuple[str, str | None]  # (name, unit or None)


@dataclass(frozen=True, slots=True)
class Template:
    """A text parsed once at import: the literal text with positional fields, and for
    each field the parameter it shows and the unit it is counted in, if any."""

    pattern: str  # for str.format, literal braces doubled
    slots: tuple[Slot, ...]


def compile_template(template: str) -> Template:
    pattern: list[str] = []
    slots: list[Slot] = []
    at = 0
    for match in _PLACEHOLDER.finditer(template):
        pattern.append(_literal(template[at : match.start()]) + f"{{{len(slots)}}}")
        unit = match.group(2)
        if unit is not None and unit not in plurals.UNITS:
            raise RuntimeError(f"unknown unit {unit!r} in {template!r}")
        slots.append((match.group(1), unit))
        at = match.end()
    pattern.append(_literal(template[at:]))
    return Template("".join(pattern), tuple(slots))


def _literal(text: str) -> str:
    return text.replace("{", "{{").replace("}", "}}")


@dataclass(frozen=True, slots=True)
class Text:
    key: str
    sources: tuple[str, ...]
    by_lang: dict[str, str]
    by_status: dict[str, tuple[str, ...]] | None
    compiled: dict[str, Template]  # by language, parsed at load
    quotes: tuple[str, ...] = ()  # a seed's own words and figures, quoted as they are

    def sources_for(self, status: ProtectionStatus) -> tuple[str, ...]:
        """The sources of this text for a person of this protection."""
        return self.sources if self.by_status is None else self.by_status[status]

    def placeholders(self, lang: str) -> list[str]:
        return sorted(name for name, _unit in self.compiled[lang].slots)

    def render(self, lang: Lang, params: dict[str, Any]) -> str:
        template = self.compiled[lang]
        if not template.slots:
            return self.by_lang[lang]
        return template.pattern.format(
            *[
                format_value(params[name], lang)
                if unit is None
                else plurals.counted(params[name], unit, lang)
                for name, unit in template.slots
            ]
        )


def format_value(value: Any, lang: Lang) -> str:
    if isinstance(value, date):
        if lang == "en":
            return f"{value.day} {_MONTHS_EN[value.month - 1]} {value.year}"
        return f"{value.day:02d}/{value.month:02d}/{value.year}"
    return str(value)


def _load(name: str, with_sources: bool) -> dict[str, Text]:
    raw = yaml.safe_load((_DIR / name).read_text(encoding="utf-8"))
    if not isinstance(raw, dict):
        raise RuntimeError(f"{name}: expected a mapping of keys to texts")
    texts: dict[str, Text] = {}
    for key, entry in raw.items():
        missing_langs = [lang for lang in LANGS if not entry.get(lang)]
        if missing_langs:
            raise RuntimeError(f"{name}: {key} has no text in {', '.join(missing_langs)}")
        sources = tuple(entry.get("sources") or ())
        by_status = _variant_sources(name, key, sources, entry.get("sources_by_status"))
        if with_sources and not sources and by_status is None:
            raise RuntimeError(f"{name}: {key} has no sources")
        by_lang: dict[str, str] = {lang: str(entry[lang]).strip() for lang in LANGS}
        compiled = {lang: compile_template(template) for lang, template in by_lang.items()}
        quotes = tuple(str(q) for q in entry.get("quotes") or ())
        texts[key] = Text(key, sources, by_lang, by_status, compiled, quotes)
    return texts


def _variant_sources(
    name: str, key: str, common: tuple[str, ...], raw: Any
) -> dict[str, tuple[str, ...]] | None:
    if raw is None:
        return None
    if not isinstance(raw, dict) or set(raw) != set(PROTECTION_STATUSES):
        expected = ", ".join(PROTECTION_STATUSES)
        raise RuntimeError(f"{name}: {key}: sources_by_status needs exactly {expected}")
    return {status: common + tuple(raw[status] or ()) for status in PROTECTION_STATUSES}


REASONS: Final[dict[str, Text]] = _load("reasons.yaml", with_sources=True)
ERRORS: Final[dict[str, Text]] = _load("errors.yaml", with_sources=False)


def reason(key: str) -> Text:
    return REASONS[key]


def render_error(code: str, lang: Lang, params: dict[str, Any]) -> str:
    return ERRORS[code].render(lang, params)
