"""The words of the engine: reason, caveat, right and error texts in fr, en and ar.

Texts are data (`texts/*.yaml`), read once at import. Each reason text carries its
sources, so a text and the paragraph it rests on never drift apart.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, Final

import yaml

from sejour.rules.vocabulary import LANGS, Lang

_DIR: Final = Path(__file__).parent / "texts"

_MONTHS_EN: Final = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class Text:
    key: str
    sources: tuple[str, ...]
    by_lang: dict[str, str]

    def render(self, lang: Lang, params: dict[str, Any]) -> str:
        template = self.by_lang[lang]
        if not params:
            return template
        return template.format(**{k: format_value(v, lang) for k, v in params.items()})


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
        if with_sources and not sources:
            raise RuntimeError(f"{name}: {key} has no sources")
        texts[key] = Text(key, sources, {lang: str(entry[lang]).strip() for lang in LANGS})
    return texts


REASONS: Final[dict[str, Text]] = _load("reasons.yaml", with_sources=True)
ERRORS: Final[dict[str, Text]] = _load("errors.yaml", with_sources=False)


def reason(key: str) -> Text:
    return REASONS[key]


def render_error(code: str, lang: Lang, params: dict[str, Any]) -> str:
    return ERRORS[code].render(lang, params)
