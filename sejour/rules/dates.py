"""Calendar arithmetic as the law counts it (rules.md DL-ISSUE, "Children's age limit").

Months are calendar months; a day that does not exist in the target month becomes
that month's last day (31 January + 1 month = 28 or 29 February). A birthday on
29 February falls on 28 February in other years.
"""

from __future__ import annotations

from calendar import monthrange
from datetime import date, timedelta


def add_months(start: date, months: int) -> date:
    years, month_index = divmod(start.month - 1 + months, 12)
    year = start.year + years
    month = month_index + 1
    return date(year, month, min(start.day, monthrange(year, month)[1]))


def add_years(start: date, years: int) -> date:
    return add_months(start, 12 * years)


def add_days(start: date, days: int) -> date:
    return start + timedelta(days=days)


def birthday(birth: date, age: int) -> date:
    """The day a person born on `birth` reaches `age`."""
    return add_years(birth, age)


def age_on(birth: date, on: date) -> int:
    """Completed years on `on` (0 before the first birthday)."""
    years = on.year - birth.year
    if years > 0 and on < birthday(birth, years):
        years -= 1
    return max(years, 0)
