"""Family conditions (FAM-*), for family members and for reunification (rules.md)."""

from __future__ import annotations

from datetime import date

from sejour.rules.context import Facts, Trail, need
from sejour.rules.dates import add_days, add_years, birthday
from sejour.rules.situation import FamilyLink
from sejour.rules.vocabulary import UNMARRIED


def fam_spouse(f: Facts, t: Trail, link: FamilyLink) -> bool:
    """FAM-SPOUSE: for every protection, a spouse, civil partner or cohabitant admitted
    through family reunification qualifies, nothing else checked (1°); a spouse or civil
    partner aged 18 or more whose union is after the asylum application qualifies if the
    union is at least one year old on the deposit day, with community of life (2°). A
    spouse married before the application (on its very day counts as before) who did not
    come through reunification does not qualify as of right; 002 says otherwise: a caveat.

    001 "entré en France par la voie de la réunification familiale", "les mêmes que ceux
    du réfugié"; 002 "Qui est concerné ?"; CESEDA L424-3 1° 2°, L424-11 1° 2°,
    L424-19 1° 2°.
    """
    if f.s.person.entered_via_family_reunification:
        return t.add("FAM-SPOUSE", True, "FAM-SPOUSE.reunified")
    if link.relation == "cohabitant":
        return t.add("FAM-SPOUSE", False, "FAM-SPOUSE.cohabitant_not_reunified")
    majority = f.param("ages.majority")
    if not f.reached("ages.majority"):
        return t.add("FAM-SPOUSE", False, "FAM-SPOUSE.too_young", majority=majority)
    union = need(link.union_date, "family_link.union_date")
    asylum = need(f.s.protection.asylum_application_date, "protection.asylum_application_date")
    years = f.param("family.later_union_years")
    if not _after_application(t, union, asylum):
        t.caveat("FAM-SPOUSE", "CAVEAT.FAM-SPOUSE.002")
        return t.add(
            "FAM-SPOUSE", False, "FAM-SPOUSE.before_not_reunified", union=union, asylum=asylum
        )
    from_date = add_years(union, years)
    if from_date <= f.on and link.community_of_life:
        return t.add("FAM-SPOUSE", True, "FAM-SPOUSE.later_union", union=union, years=years)
    return t.add(
        "FAM-SPOUSE",
        False,
        "FAM-SPOUSE.later_union_unmet",
        union=union,
        years=years,
        majority=majority,
        from_date=from_date,
    )


def _after_application(t: Trail, union: date, asylum: date) -> bool:
    """Whether a union is after the asylum application. A union on the very day counts
    as before it: the reading that leaves no gap between the reunification route (a
    union before) and the later-union route (a union after); a caveat says so."""
    if union == asylum:
        t.caveat("FAM-SPOUSE", "CAVEAT.FAM-SPOUSE.same_day", union=union)
    return union > asylum


def fam_spouse_reunification(f: Facts, t: Trail, link: FamilyLink) -> bool:
    """FAM-SPOUSE (family reunification procedure): a spouse or civil partner
    aged 18 or more, on the day of the reunification request, whose union is before the
    asylum application (on its very day counts as before); the later-union route is for
    cards, not for reunification.

    001 "Conditions et personnes éligibles"; CESEDA L561-2.
    """
    majority = f.param("ages.majority")
    if not f.reached("ages.majority"):
        return t.add("FAM-SPOUSE", False, "FAM-SPOUSE.too_young_reunification", majority=majority)
    union = need(link.union_date, "family_link.union_date")
    asylum = need(f.s.protection.asylum_application_date, "protection.asylum_application_date")
    if _after_application(t, union, asylum):
        return t.add(
            "FAM-SPOUSE", False, "FAM-SPOUSE.after_reunification", union=union, asylum=asylum
        )
    return t.add("FAM-SPOUSE", True, "FAM-SPOUSE.reunification", union=union, asylum=asylum)


def fam_cohab(f: Facts, t: Trail, link: FamilyLink) -> bool:
    """FAM-COHAB: the condition of the family reunification procedure for a cohabitant:
    aged 18 or more, in a stable common life begun before the asylum application, with
    community of life. (For a card, a cohabitant admitted through reunification falls
    under FAM-SPOUSE.)

    002 "Qui est concerné ?"; 001 "Conditions et personnes éligibles"; CESEDA L561-2.
    """
    majority = f.param("ages.majority")
    if not f.reached("ages.majority"):
        return t.add("FAM-COHAB", False, "FAM-COHAB.too_young", majority=majority)
    since = need(link.common_life_since, "family_link.common_life_since")
    asylum = need(f.s.protection.asylum_application_date, "protection.asylum_application_date")
    if since >= asylum:
        return t.add("FAM-COHAB", False, "FAM-COHAB.after", since=since, asylum=asylum)
    if link.community_of_life:
        return t.add("FAM-COHAB", True, "FAM-COHAB.reunification", since=since)
    return t.add("FAM-COHAB", False, "FAM-COHAB.no_community")


def fam_child(f: Facts, t: Trail, link: FamilyLink) -> bool:
    """FAM-CHILD: an unmarried child who has not passed their 19th birthday (or from
    16 if they want to work: the minor rule CH-MINOR sees to that).

    002 "Qui est concerné ?"; 001; CESEDA L424-3, L424-11, L424-19 (by protection),
    R431-5 2°.
    """
    if link.married:
        return t.add("FAM-CHILD", False, "FAM-CHILD.married")
    age = f.param("ages.child_limit")
    limit = birthday(f.s.person.birth_date, age)
    if f.on >= limit:
        return t.add("FAM-CHILD", False, "FAM-CHILD.too_old", birthday=limit, limit=age)
    return t.add("FAM-CHILD", True, "FAM-CHILD.met", last_day=add_days(limit, -1), limit=age)


def fam_parent(f: Facts, t: Trail, link: FamilyLink) -> bool:
    """FAM-PARENT: a parent (first degree) of a protected person who is an unmarried
    minor, with their own unmarried minor children in their care (`minor_sibling`).

    002 "Qui est concerné ?"; 001; CESEDA L424-3, L424-11, L424-19 (by protection),
    L561-2.
    """
    sponsor_birth = need(link.sponsor_birth_date, "family_link.sponsor_birth_date")
    sponsor_status = need(link.sponsor_marital_status, "family_link.sponsor_marital_status")
    if f.on >= birthday(sponsor_birth, f.param("ages.majority")):
        return t.add("FAM-PARENT", False, "FAM-PARENT.sponsor_adult")
    if sponsor_status not in UNMARRIED:
        return t.add("FAM-PARENT", False, "FAM-PARENT.sponsor_married")
    if link.relation == "minor_sibling":
        if not f.is_minor or link.married:
            return t.add("FAM-PARENT", False, "FAM-PARENT.sibling_not_minor")
        return t.add("FAM-PARENT", True, "FAM-PARENT.sibling")
    return t.add("FAM-PARENT", True, "FAM-PARENT.met")


def fam_declared(f: Facts, t: Trail, link: FamilyLink) -> bool:
    """FAM-DECLARED: for reunification, the member was declared in the asylum
    application; an omission may still be accepted if justified.

    001 "Conditions et personnes éligibles".
    """
    if link.declared_in_asylum_application:
        return t.add("FAM-DECLARED", True, "FAM-DECLARED.met")
    return t.add("FAM-DECLARED", False, "FAM-DECLARED.not_declared")


def fam_later(f: Facts, t: Trail, link: FamilyLink) -> bool:
    """FAM-LATER: for reunification, a marriage or birth strictly after the protection
    was granted falls under family regroupment instead.

    001 "Conditions et personnes éligibles".
    """
    if link.relation in ("spouse", "civil_partner"):
        event = need(link.union_date, "family_link.union_date")
    elif link.relation == "child":
        event = f.s.person.birth_date
    else:
        return True
    decision = need(f.s.protection.decision_date, "protection.decision_date")
    if event > decision:
        return t.add("FAM-LATER", False, "FAM-LATER.after", event=event, decision=decision)
    return t.add("FAM-LATER", True, "FAM-LATER.met", decision=decision)


def family_conditions(f: Facts, t: Trail, *, reunification: bool) -> bool:
    """Every FAM-* condition for this family link; all are checked and reported."""
    link = need(f.s.family_link, "family_link")
    relation = link.relation
    if reunification and relation in ("spouse", "civil_partner"):
        ok = fam_spouse_reunification(f, t, link)
    elif reunification and relation == "cohabitant":
        ok = fam_cohab(f, t, link)
    elif relation in ("spouse", "civil_partner", "cohabitant"):
        ok = fam_spouse(f, t, link)
    elif relation == "child":
        ok = fam_child(f, t, link)
    else:
        ok = fam_parent(f, t, link)
    if reunification:
        declared = fam_declared(f, t, link)
        not_later = fam_later(f, t, link)
        ok = ok and declared and not_later
    return ok


def reunif(f: Facts, t: Trail) -> bool:
    """REUNIF: family reunification goes through the consulate (a long-stay visa) when
    the FAM-* conditions and FAM-DECLARED hold, ages read on the date of the
    reunification request; no condition of resources, housing or length of residence.

    001 "La procédure de la réunification familiale"; CESEDA L561-2.
    """
    inner = Trail()
    ok = family_conditions(f, inner, reunification=True)
    t.add("REUNIF", ok, "REUNIF" if ok else "REUNIF.not_eligible")
    t.extend(inner)
    return ok
