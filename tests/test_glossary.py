"""One term per concept and language: the catalogues and the rules engine's texts use the
glossary's term (sejour/locale/glossary.yaml) and none of its forbidden variants."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import polib
import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent / "sejour"
GLOSSARY = yaml.safe_load((ROOT / "locale" / "glossary.yaml").read_text(encoding="utf-8"))
LANGS = ("en", "ar")


def _catalogue(lang: str) -> Iterator[tuple[str, str]]:
    for entry in polib.pofile(str(ROOT / "locale" / lang / "LC_MESSAGES" / "django.po")):
        for text in (entry.msgstr, *entry.msgstr_plural.values()):
            if text:
                yield entry.msgid, text


def _rules_texts(lang: str) -> Iterator[tuple[str, str]]:
    def walk(node):
        if isinstance(node, dict):
            if "fr" in node and isinstance(node.get(lang), str):
                yield str(node["fr"]), node[lang]
            for value in node.values():
                yield from walk(value)
        elif isinstance(node, list):
            for value in node:
                yield from walk(value)

    for path in sorted((ROOT / "rules" / "texts").glob("*.yaml")):
        yield from walk(yaml.safe_load(path.read_text(encoding="utf-8")))


def _texts(lang: str) -> list[tuple[str, str]]:
    return [*_catalogue(lang), *_rules_texts(lang)]


def test_the_glossary_names_each_concept_in_french() -> None:
    assert GLOSSARY and all(concept.get("fr") for concept in GLOSSARY.values())


@pytest.mark.parametrize("lang", LANGS)
def test_no_forbidden_variant(lang: str) -> None:
    found = []
    for name, concept in GLOSSARY.items():
        for pattern in (concept.get("forbidden") or {}).get(lang, []):
            regex = re.compile(pattern, re.IGNORECASE)
            found += [
                f"{name}: {text[:70]!r}" for _msgid, text in _texts(lang) if regex.search(text)
            ]
    assert found == []


@pytest.mark.parametrize("lang", LANGS)
def test_the_concepts_term_where_the_french_names_it(lang: str) -> None:
    missing = []
    for name, concept in GLOSSARY.items():
        term = concept.get(lang)
        if not term:
            continue
        for msgid, text in _texts(lang):
            if (
                concept["fr"].lower() in msgid.lower().replace("’", "'")
                and term.lower() not in text.lower()
            ):
                missing.append(f"{name}: {text[:70]!r}")
    assert missing == []
