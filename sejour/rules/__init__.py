"""The rules engine: for one person on one date, which channel, card, attestation,
fees, deadlines and documents apply, and why (../shared/spec/rules.md).

Pure Python: no Django, no other part of `sejour`, no I/O beyond reading its own
parameter and text files at import. Everything else in the product asks it.

    from sejour.rules import assess, parse_situation
    assessment = assess(parse_situation(data, today=date.today()))
"""

from sejour.rules.assessment import Assessment
from sejour.rules.engine import assess
from sejour.rules.errors import FieldError, InvalidSituation
from sejour.rules.situation import Situation, parse_situation

__all__ = [
    "Assessment",
    "FieldError",
    "InvalidSituation",
    "Situation",
    "assess",
    "parse_situation",
]
