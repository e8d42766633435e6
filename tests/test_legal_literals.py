"""No legal number is written by hand outside the rules engine (issue 11, rules.md
"Numbers in texts come from the parameters", "The engine owns every legal date").

Greps the product outside `sejour/rules` (sejour/**/*.py and the templates, migrations
and translations excluded):
- in texts (templates, and string literals of the code that are not docstrings): an
  age, a duration in days, months, years or hours, an ordinal day ("120e"), an amount
  in euros;
- in code: calendar arithmetic of the law (`sejour.rules.dates`, `add_months`,
  `add_years`), a literal number of days that a law counts, a comparison with an age.

Each exception is in ALLOWED, with why it is not the law's number.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

SEJOUR = Path(__file__).resolve().parents[1] / "sejour"

TEXT = re.compile(
    r"(?<![\w{])\d+\s?(?:ans?|mois|jours?|heures?|h|years?|months?|days?|hours?)\b"
    r"|(?<![\w{])\d+e\s+(?:jour|au|et)\b"
    r"|(?<![\w{])\d+\s?(?:€|euros?|EUR)(?!\w)",
)
CODE = re.compile(
    r"sejour\.rules\.dates|\badd_(?:months|years)\("
    r"|timedelta\(\s*(?:days=)?\d{2,}\s*\)"  # a count of days written by hand
    r"|[<>]=?\s*1[6-9]\b|\b1[6-9]\s*[<>]"  # an age compared by hand
)

# (file under sejour/, text matched): why it may stay.
ALLOWED = {
    # Office hours of the demo prefectures: a timetable, not a legal duration.
    ("accounts/demo.py", "9 h"),
    ("accounts/demo.py", "12 h"),
    ("accounts/demo.py", "16 h"),
    ("accounts/demo.py", "8 h"),
    ("instruction/management/commands/seed_queue.py", "9 h"),
    ("instruction/management/commands/seed_queue.py", "16 h"),
    # The demo tax stamps' face value, printed once for the tester: data of the local
    # stamp service (sejour/integrations), not a fee; the fee comes from the engine.
    ("accounts/demo.py", "25 €"),
    ("accounts/demo.py", "225 €"),
    # Lifetimes of security links (sign-up, reset, e-mail change): settings of the
    # accounts, not the law.
    ("templates/notifications/email_change_body.txt", "24 heures"),
    ("templates/notifications/password_reset_body.txt", "24 heures"),
    ("templates/accounts/reset_sent.html", "24 heures"),
    # Generated demo data: spreads of queue waits, ages of decisions and of deposits
    # (demographic choices). Its legal dates come from the engine
    # (tests/instruction/test_seed_legal_dates.py).
    ("instruction/management/commands/seed_queue.py", "timedelta(days=90)"),
    # The demo card that ends in 90 days, a day inside the renewal window of today's
    # law, so that `make run` always offers a renewal to try.
    ("accounts/demo.py", "timedelta(days=90)"),
    ("accounts/demo.py", "90 days"),
    # The demo helper's mandate: a length the product chose for the demo, not the law's.
    ("accounts/demo.py", "timedelta(days=180)"),
    # When the back office colours a file amber: an office choice, not a legal delay.
    ("instruction/queue.py", "timedelta(days=15)"),
}


def _strings_in_code(source: str) -> list[str]:
    """String literals of a module, docstrings left out (they explain, users don't see)."""
    tree = ast.parse(source)
    docstrings = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                docstrings.add(id(body[0].value))
    return [
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and id(node) not in docstrings
    ]


def _code_without_comments_and_strings(source: str) -> str:
    tree = ast.parse(source)
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            node.value = ""
    return ast.unparse(tree)


def _files():
    for path in sorted(SEJOUR.rglob("*")):
        parts = path.relative_to(SEJOUR).parts
        if parts[0] in ("rules", "locale", "static") or "migrations" in parts:
            continue
        if path.suffix in (".py", ".html", ".txt") and path.is_file():
            yield path, "/".join(parts)


def found() -> set[tuple[str, str]]:
    hits: set[tuple[str, str]] = set()
    for path, name in _files():
        source = path.read_text(encoding="utf-8")
        if path.suffix == ".py":
            texts = _strings_in_code(source)
            code = _code_without_comments_and_strings(source)
            hits |= {(name, m.group(0)) for m in CODE.finditer(code)}
        else:
            texts = [source]
        for text in texts:
            hits |= {(name, m.group(0)) for m in TEXT.finditer(text)}
    return hits


def test_no_legal_number_is_written_outside_the_engine() -> None:
    unexpected = sorted(found() - ALLOWED)
    assert not unexpected, "\n".join(f"{name}: {text!r}" for name, text in unexpected)


def test_every_exception_is_still_needed() -> None:
    assert not sorted(ALLOWED - found())


def test_the_grep_sees_what_it_must() -> None:
    """The patterns catch the forms the product used to write."""
    for text in ("du 120e au 60e jour", "la veille des 19 ans", "48 heures", "(10 ans)", "25 €"):
        assert TEXT.search(text), text
    for code in ("add_years(today, -4)", "timedelta(days=3652)", "16 <= age < 18"):
        assert CODE.search(code), code
    assert not TEXT.search("{{ years }} ans") and not TEXT.search("EPHOTO0000000001")
