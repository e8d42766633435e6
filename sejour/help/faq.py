"""The ministry's 40 questions and answers (000), in French, English and Arabic, and a
search that forgives missing accents and typos."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Final

import yaml
from rapidfuzz import fuzz, process

FAQ_DIR: Final = Path(__file__).parent / "faq"
LANGS: Final = ("fr", "en", "ar")
_ARABIC_MARKS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")
_STOPWORDS: Final = frozenset(
    [
        "les",
        "des",
        "une",
        "est",
        "sur",
        "par",
        "pour",
        "que",
        "qui",
        "quoi",
        "comment",
        "dois",
        "ont",
        "mon",
        "mes",
        "vos",
        "votre",
        "vous",
        "avec",
        "dans",
        "pas",
        "plus",
        "peut",
        "faire",
        "suis",
        "the",
        "and",
        "for",
        "are",
        "can",
        "how",
        "what",
        "when",
        "where",
        "which",
        "with",
        "your",
        "have",
        "has",
        "does",
        "from",
        "this",
        "that",
        "there",
        "من",
        "في",
        "على",
        "الى",
        "إلى",
        "عن",
        "ما",
        "هل",
        "كيف",
    ]
)


@dataclass(frozen=True)
class Block:
    kind: str  # "p", "ul" or "ol"
    items: tuple[str, ...]


@dataclass(frozen=True)
class Entry:
    id: int
    question: str
    blocks: tuple[Block, ...]
    question_words: frozenset[str]
    words: frozenset[str]


def normalize(text: str) -> str:
    """Lower case, no accents, Arabic without vowel marks and with one form of alef."""
    text = unicodedata.normalize("NFKD", text.casefold())
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = _ARABIC_MARKS.sub("", text)
    return text.translate(str.maketrans("أإآٱىة", "اااايه"))


def words(text: str) -> list[str]:
    return [w for w in re.findall(r"\w+", normalize(text)) if len(w) > 2 and w not in _STOPWORDS]


def _blocks(paragraphs: list[str]) -> tuple[Block, ...]:
    blocks: list[Block] = []
    for paragraph in paragraphs:
        kind, text = "p", paragraph
        if paragraph.startswith("- "):
            kind, text = "ul", paragraph[2:]
        elif re.match(r"^\d+\. ", paragraph):
            kind, text = "ol", paragraph.split(" ", 1)[1]
        if kind != "p" and blocks and blocks[-1].kind == kind:
            blocks[-1] = Block(kind, (*blocks[-1].items, text))
        else:
            blocks.append(Block(kind, (text,)))
    return tuple(blocks)


@cache
def entries(lang: str) -> tuple[Entry, ...]:
    raw = yaml.safe_load((FAQ_DIR / f"{lang if lang in LANGS else 'fr'}.yaml").read_text("utf-8"))
    return tuple(
        Entry(
            id=item["id"],
            question=item["question"],
            blocks=_blocks(item["answer"]),
            question_words=frozenset(words(item["question"])),
            words=frozenset(words(item["question"] + " " + " ".join(item["answer"]))),
        )
        for item in raw
    )


def search(query: str, lang: str) -> list[Entry]:
    """Entries matching most of the query's words, best first; a word matches a word of
    the entry that is equal, begins with it, or is close to it (typos)."""
    wanted = words(query)
    if not wanted:
        return []
    scored: list[tuple[float, int, Entry]] = []
    for entry in entries(lang):
        score, matched = 0.0, 0
        for word in wanted:
            best = _best(word, entry.words)
            if best:
                matched += 1
                score += best + (50 if _best(word, entry.question_words) else 0)
        if matched and matched >= (len(wanted) + 1) // 2:
            scored.append((score, -entry.id, entry))
    return [entry for *_, entry in sorted(scored, key=lambda t: (t[0], t[1]), reverse=True)]


def _best(word: str, vocabulary: frozenset[str]) -> float:
    if word in vocabulary:
        return 100.0
    if any(w.startswith(word) for w in vocabulary if len(word) >= 4):
        return 90.0
    cutoff = 80 if len(word) >= 5 else 88
    found = process.extractOne(word, vocabulary, scorer=fuzz.ratio, score_cutoff=cutoff)
    return float(found[1]) if found else 0.0
