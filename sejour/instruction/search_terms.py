"""What an agent typed in the queue's search, read by its shape, each shape answered
by one index rather than one OR that no index can serve:

- ten digits: a foreign number: the person by equality (their account's login, or the
  person a parent's request is for), or a file number typed without "D-";
- a file number, with or without "D-", any case: equality on the stored reference
  (upper case, unique index);
- a permit or visa number (letters and digits): the account's login by equality, or
  the person the register knows under that permit;
- a part of a number (three to nine digits), or names in any order, accents and case
  ignored: every word within the search column (sejour.dossiers.models.search_key),
  through its trigram index on PostgreSQL (a plain scan of the prefecture on SQLite).
"""

from __future__ import annotations

import re

from django.db.models import Q, Subquery

from sejour.accounts.models import User
from sejour.dossiers.models import search_key

FOREIGN_NUMBER = re.compile(r"[0-9]{10}")
REFERENCE = re.compile(r"(?:D-?)?([0-9A-F]{10})")
PERMIT_OR_VISA = re.compile(r"(?=.*[0-9])(?=.*[A-Z])[0-9A-Z]{6,20}")
SHORTEST_WORD = 2


def _login(number: str) -> Q:
    # A subquery that runs once, rather than a join, so that the dossiers are
    # filtered on their own index.
    return Q(applicant=Subquery(User.objects.filter(username=number).values("pk")[:1]))


def _permit_holder(permit: str) -> str | None:
    from sejour.integrations.register import RegisterUnavailable, get_register

    try:
        return get_register().foreign_number_of_permit(permit)
    except RegisterUnavailable:
        return None  # the other shapes still answer; a permit is found again later


def _permit_or_visa(number: str) -> Q:
    holder = _permit_holder(number)
    found = _login(number) | Q(subject=f"visa:{number}")
    return found | Q(subject=holder) if holder else found


def term_filter(typed: str) -> Q:
    text = typed.strip()
    compact = re.sub(r"[\s.]+", "", text).upper()
    if FOREIGN_NUMBER.fullmatch(compact):
        return _login(compact) | Q(subject=compact) | Q(reference=f"D-{compact}")
    if found := REFERENCE.fullmatch(compact):
        by_reference = Q(reference=f"D-{found.group(1)}")
        if compact.startswith("D"):
            return by_reference
        # Ten letters A-F and digits may also be a permit: both are equalities.
        return by_reference | _permit_or_visa(compact)
    if PERMIT_OR_VISA.fullmatch(compact):
        return _permit_or_visa(compact)
    words = [w for w in search_key(text).split() if len(w) >= SHORTEST_WORD]
    if not words:
        return Q(pk__in=[])
    condition = Q()
    for word in words:
        condition &= Q(search_text__contains=word)
    return condition
