"""The rules engine: for one person on one date, which channel, card, attestation,
fees, deadlines and documents apply, and why (../shared/spec/rules.md).

Pure Python: no Django, no other part of `sejour`, no I/O beyond reading its own
parameter and text files at import. Everything else in the product asks it.

    from sejour.rules import assess, parse_situation
    assessment = assess(parse_situation(data, today=date.today()))

The dates of single rules, for reminders and calendars, and any parameter by name:

    from sejour.rules import renewal_window, param
    opens, closes = renewal_window(valid_until, on=today)

Every other legal date the product needs (a card's or an attestation's end, where a day
lies in the renewal window, a person's age band) is in `sejour.rules.legal_dates`:

    from sejour.rules import card_valid_until, renewal_position
    renewal_position(valid_until, on=today)  # "before", "inside", "late" or "prefecture"

What a change of a parameter would do, without touching the files (parameters.py):

    from sejour.rules import DEFAULT_PARAMETERS, assess
    assess(situation, parameters=DEFAULT_PARAMETERS.with_values({"fees.droit_timbre": 30}))
"""

from sejour.rules.assessment import Assessment
from sejour.rules.deadlines import (
    age_limit_date,
    ephoto_valid_until,
    renewal_window,
    rights_kept_until,
)
from sejour.rules.engine import assess
from sejour.rules.errors import FieldError, InvalidSituation
from sejour.rules.legal_dates import (
    age_band,
    attestation_renewal,
    attestation_valid_until,
    birth_dates_in_band,
    card_valid_from,
    card_valid_until,
    renewal_position,
)
from sejour.rules.parameters import DEFAULT as DEFAULT_PARAMETERS
from sejour.rules.parameters import ParameterSet
from sejour.rules.parameters import using as using_parameters
from sejour.rules.parameters import value as param
from sejour.rules.situation import Situation, parse_situation

__all__ = [
    "DEFAULT_PARAMETERS",
    "Assessment",
    "FieldError",
    "InvalidSituation",
    "ParameterSet",
    "Situation",
    "age_band",
    "age_limit_date",
    "assess",
    "attestation_renewal",
    "attestation_valid_until",
    "birth_dates_in_band",
    "card_valid_from",
    "card_valid_until",
    "ephoto_valid_until",
    "param",
    "parse_situation",
    "renewal_position",
    "renewal_window",
    "rights_kept_until",
    "using_parameters",
]
