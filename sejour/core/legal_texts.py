"""Legal numbers in the product's own texts (labels, help, messages, e-mails), read from
the dated parameters in force today (rules.md "Numbers in texts come from the
parameters"), with the plural forms of each language (Arabic: singular, dual, plural).

    law("deadlines.renewal_opens_days")  # 120, today
    years(10)  # "10 ans", "10 years", "10 سنوات"
    with_law(lambda: gettext("…%(n)s…") % {"n": law("…")})  # a lazy text, read when shown
"""

from __future__ import annotations

from collections.abc import Callable

from django.utils import timezone
from django.utils.functional import Promise, lazy
from django.utils.translation import gettext, ngettext

from sejour.rules import param


def law(name: str) -> int:
    """The value of the parameter `name` in force today."""
    return param(name, timezone.localdate())


def years(n: int) -> str:
    return ngettext("%(n)s an", "%(n)s ans", n) % {"n": n}


def months(n: int) -> str:
    return ngettext("%(n)s mois", "%(n)s mois", n) % {"n": n}


def days(n: int) -> str:
    return ngettext("%(n)s jour", "%(n)s jours", n) % {"n": n}


def hours(n: int) -> str:
    return ngettext("%(n)s heure", "%(n)s heures", n) % {"n": n}


def euros(n: int) -> str:
    return f"{n} €"


def with_law(text: Callable[[], str]) -> Promise:
    """A text computed each time it is shown (in the language and with the law of that
    moment), for labels defined once at import."""
    return lazy(text, str)()  # type: ignore[no-any-return]


def card_with_validity(label: str, kind: str) -> str:
    """A card's name with its validity in force today: "Carte de résident (10 ans)"."""
    return gettext("%(card)s (%(validity)s)") % {
        "card": label,
        "validity": years(law(f"cards.{kind}_years")),
    }


def work_ages() -> dict[str, int]:
    """The ages at which a card is asked only to work (CH-MINOR): 16 and 17."""
    return {"youngest": law("ages.work_from"), "oldest": law("ages.majority") - 1}
