"""Hypothesis strategies: valid situations, every date coherent and every needed field given."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any, get_args

from hypothesis import strategies as st

from sejour.rules.vocabulary import DocumentKind, MaritalStatus, Procedure, Relation

FIRST = date(2021, 5, 1)  # the earliest date every parameter is in force
LAST = date(2035, 12, 31)

PROCEDURES = list(get_args(Procedure))
MARITAL = list(get_args(MaritalStatus))
RELATIONS = list(get_args(Relation))
DOC_KINDS = list(get_args(DocumentKind))
MENTIONS = [None, "reconnu_refugie", "protection_subsidiaire", "membre_famille"]


def _days_before(draw: Any, end: date, most: int) -> date:
    return end - timedelta(days=draw(st.integers(0, most)))


@st.composite
def situations(draw: Any) -> dict[str, Any]:
    on = draw(st.dates(FIRST, LAST))
    applied_on = draw(
        st.one_of(
            st.none(), st.dates(max(FIRST, on - timedelta(days=60)), on + timedelta(days=400))
        )
    )
    deposit = applied_on or on
    birth = _days_before(draw, min(on, deposit), 90 * 366)
    procedure = draw(st.sampled_from(PROCEDURES))
    role = (
        "family_member"
        if procedure == "family_reunification"
        else draw(st.sampled_from(["protected", "family_member"]))
    )
    decision = draw(st.dates(birth, deposit))
    asylum = _days_before(draw, decision, 6 * 366)
    if role == "protected":  # a protected person applied for asylum after their birth
        asylum = max(asylum, birth)
    document = None
    if procedure in ("renewal", "duplicate") or draw(st.booleans()):
        valid_from = draw(
            st.dates(deposit - timedelta(days=12 * 366), deposit + timedelta(days=30))
        )
        document = {
            "kind": draw(st.sampled_from(DOC_KINDS)),
            "mention": draw(st.sampled_from(MENTIONS)),
            "valid_from": valid_from.isoformat(),
            "valid_until": (
                valid_from + timedelta(days=draw(st.integers(0, 11 * 366)))
            ).isoformat(),
        }
    link = None
    if role == "family_member" or draw(st.booleans()):
        sponsor_birth = _days_before(draw, deposit, 60 * 366)
        # A union or common life begins after both births and by the deposit.
        first_day = max(birth, sponsor_birth)
        link = {
            "relation": draw(st.sampled_from(RELATIONS)),
            "union_date": draw(st.dates(first_day, deposit)).isoformat(),
            "common_life_since": draw(st.dates(first_day, deposit)).isoformat(),
            "sponsor_birth_date": sponsor_birth.isoformat(),
            "sponsor_marital_status": draw(st.sampled_from(MARITAL)),
            "declared_in_asylum_application": draw(st.booleans()),
            "community_of_life": draw(st.booleans()),
            "married": draw(st.booleans()),
        }
    return {
        "on": on.isoformat(),
        "procedure": procedure,
        "person": {
            "birth_date": birth.isoformat(),
            "role": role,
            "marital_status": draw(st.sampled_from(MARITAL)),
            "polygamy_allowed_by_nationality": draw(st.booleans()),
            "wants_to_work": draw(st.booleans()),
            "foreign_number": draw(st.one_of(st.none(), st.from_regex(r"\A[0-9]{10}\Z"))),
            "visa_number": draw(st.one_of(st.none(), st.just("FRA1234567"))),
            "entered_via_family_reunification": draw(st.booleans()),
            "holds_residence_card": draw(st.booleans()),
        },
        "protection": {
            "status": draw(st.sampled_from(["refugee", "subsidiary", "stateless"])),
            "decision_date": decision.isoformat(),
            "decided_by": draw(st.sampled_from(["OFPRA", "CNDA"])),
            "asylum_application_date": asylum.isoformat(),
        },
        "family_link": link,
        "current_document": document,
        "regular_residence_since": draw(
            st.one_of(st.none(), st.just(_days_before(draw, deposit, 15 * 366).isoformat()))
        ),
        "applied_on": applied_on.isoformat() if applied_on else None,
        "lang": draw(st.sampled_from(["fr", "en", "ar"])),
    }


JSON_VALUES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-5, 3000),
    st.text(max_size=12),
    st.sampled_from(["2026-02-30", "2026-11-22", "refugee", "child"]),
    st.lists(st.integers(), max_size=2),
    st.dictionaries(st.text(max_size=3), st.integers(), max_size=2),
)
