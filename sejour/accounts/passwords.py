"""Passwords refused beyond Django's validators (issue 13): the passwords French
accounts use most (data/README.md), the same followed by digits or signs
(`marseille2026!`), and walks along a keyboard row (`azertyuiopqs`)."""

from __future__ import annotations

import gzip
import re
from functools import cache
from pathlib import Path

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

LIST = Path(__file__).resolve().parent / "data" / "french-common-passwords.txt.gz"
# Rows of the French (AZERTY) and English (QWERTY) keyboards, and the digits, read across.
ROWS = ("azertyuiopqsdfghjklmwxcvbn", "qwertyuiopasdfghjklzxcvbnm", "1234567890", "0987654321")
WALK_MIN = 6


@cache
def common() -> frozenset[str]:
    with gzip.open(LIST, "rt", encoding="utf-8", errors="replace") as lines:
        return frozenset(line.strip().lower() for line in lines if line.strip())


def _walk(text: str) -> bool:
    """Whether `text` is made of pieces of keyboard rows only (forwards or backwards)."""
    rows = [*ROWS, *(row[::-1] for row in ROWS)]
    rest = text
    while rest:
        longest = max(
            (n for row in rows for n in range(len(rest), 0, -1) if rest[:n] in row), default=0
        )
        if longest < 3:
            return False
        rest = rest[longest:]
    return True


class FrenchCommonPasswordValidator:
    def validate(self, password: str, user=None) -> None:
        lowered = password.lower().strip()
        letters = re.sub(r"[\W_]+", "", lowered)
        core = re.sub(r"[\d\W_]+$", "", re.sub(r"^[\d\W_]+", "", lowered))
        if (
            lowered in common()
            or (len(core) >= 4 and core in common())
            or (len(letters) >= WALK_MIN and _walk(letters))
        ):
            raise ValidationError(
                _(
                    "Ce mot de passe fait partie des plus utilisés, ou suit les touches du clavier : choisissez-en un autre, par exemple quelques mots sans lien entre eux."
                ),
                code="password_too_common",
            )

    def get_help_text(self) -> str:
        return _("Il ne doit pas faire partie des mots de passe les plus utilisés.")
