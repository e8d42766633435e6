"""Which card (CARD-*), and the travel document (TIV-VALID) (rules.md)."""

from __future__ import annotations

from typing import Final

from sejour.rules.assessment import Card
from sejour.rules.context import Facts, Trail, need
from sejour.rules.dates import add_years
from sejour.rules.situation import CurrentDocument
from sejour.rules.vocabulary import CardKind

# Mentions are French whatever the language (rules.md "Mentions").
MENTION_REF: Final = "réfugié"
MENTION_BPS: Final = "bénéficiaire de la protection subsidiaire"
MENTION_BPS_FAM: Final = "membre de la famille d'un bénéficiaire de la protection subsidiaire"
MENTION_APA: Final = "bénéficiaire du statut d'apatride"
MENTION_APA_FAM: Final = "membre de la famille d'un bénéficiaire du statut d'apatride"

CARD_KIND: Final[dict[str, CardKind]] = {
    "carte_resident": "carte_resident",
    "carte_pluriannuelle": "carte_pluriannuelle",
    "carte_sejour_temporaire": "carte_sejour_temporaire",
}


def card_of(f: Facts, kind: CardKind, mention: str | None) -> Card:
    return Card(kind=kind, validity_years=f.param(f"cards.{kind}_years"), mention=mention)


def mention_for(f: Facts, kind: CardKind) -> str | None:
    """The mention a card of this kind carries for this person."""
    status, family = f.s.protection.status, f.is_family
    if kind == "carte_sejour_temporaire":
        return None
    if status == "refugee":
        return None if family else MENTION_REF
    if status == "subsidiary":
        return MENTION_BPS_FAM if family else MENTION_BPS
    return MENTION_APA_FAM if family else MENTION_APA


def card_ref(f: Facts, t: Trail) -> Card:
    """CARD-REF: a refugee, including one aged 16 to 17 who wants to work, gets the
    10-year carte de résident "réfugié", as of right.

    000 Q8; 001 "Carte de résident de 10 ans"; CESEDA L424-1, L421-35 3°.
    """
    card = card_of(f, "carte_resident", MENTION_REF)
    t.add("CARD-REF", True, years=card.validity_years, work_from=f.param("ages.work_from"))
    return card


def card_ref_fam(f: Facts, t: Trail) -> Card:
    """CARD-REF-FAM: a refugee's family member gets the 10-year carte de résident.

    000 Q8; 001; CESEDA L424-3.
    """
    card = card_of(f, "carte_resident", None)
    t.add("CARD-REF-FAM", True, years=card.validity_years)
    return card


def card_bps(f: Facts, t: Trail) -> Card:
    """CARD-BPS: an adult beneficiary of subsidiary protection gets the 4-year carte de
    séjour pluriannuelle.

    000 Q8; 002 "Titre de séjour"; CESEDA L424-9.
    """
    card = card_of(f, "carte_pluriannuelle", MENTION_BPS)
    t.add("CARD-BPS", True, years=card.validity_years)
    return card


def card_bps_minor(f: Facts, t: Trail) -> Card:
    """CARD-BPS-MINOR: a BPS aged 16 to 17 who wants to work gets a carte de séjour
    temporaire of 1 year, valid even after they come of age (000 Q35).

    000 Q8; CESEDA L421-35 last paragraph.
    """
    card = card_of(f, "carte_sejour_temporaire", None)
    t.add("CARD-BPS-MINOR", True, years=card.validity_years, work_from=f.param("ages.work_from"))
    return card


def card_bps_fam(f: Facts, t: Trail) -> Card:
    """CARD-BPS-FAM: a BPS's family member gets the 4-year carte de séjour pluriannuelle
    "membre de la famille d'un bénéficiaire de la protection subsidiaire".

    000 Q8; 002 "À noter"; CESEDA L424-11.
    """
    card = card_of(f, "carte_pluriannuelle", MENTION_BPS_FAM)
    t.add("CARD-BPS-FAM", True, years=card.validity_years)
    return card


def card_apa(f: Facts, t: Trail) -> Card:
    """CARD-APA: a stateless person, or their family, gets the 4-year carte de séjour
    pluriannuelle "bénéficiaire du statut d'apatride" (or "membre de la famille…").

    CESEDA L424-18, L424-19.
    """
    card = card_of(f, "carte_pluriannuelle", mention_for(f, "carte_pluriannuelle"))
    t.add("CARD-APA", True, "CARD-APA.family" if f.is_family else "CARD-APA")
    return card


def card_cr_4y(f: Facts, t: Trail, held: CurrentDocument) -> Card | None:
    """CARD-CR-4Y: the holder of a carte de séjour pluriannuelle (a BPS or stateless
    person, their spouse, partner, cohabitant or child, not their parents) with 4 years
    of regular residence may be granted the 10-year carte de résident (it is not of
    right), and may ask for it at once, outside the renewal window.

    000 Q8; 002 "Renouvellement"; CESEDA L424-13 (al. 2), L424-21.
    """
    link = f.s.family_link
    if f.is_family and link is not None and link.relation in ("parent", "minor_sibling"):
        t.add("CARD-CR-4Y", False, "CARD-CR-4Y.parents")
        return None
    start = f.s.regular_residence_since or held.valid_from
    start = need(start, "regular_residence_since")
    years = f.param("cards.resident_after_years")
    card_years = f.param("cards.carte_resident_years")
    reached_on = add_years(start, years)
    if reached_on > f.on:
        t.add(
            "CARD-CR-4Y",
            False,
            "CARD-CR-4Y.not_yet",
            years=years,
            card_years=card_years,
            reached_on=reached_on,
        )
        return None
    t.add("CARD-CR-4Y", True, years=years, card_years=card_years, since=start)
    if f.is_family and link is None:
        # The relation is not given: say who the card is not for rather than guess.
        t.caveat("CARD-CR-4Y", "CAVEAT.CARD-CR-4Y.relation_unknown")
    return card_of(f, "carte_resident", mention_for(f, "carte_resident"))


def first_permit_card(f: Facts, t: Trail) -> Card:
    """The card a first request gives, by protection, role and age."""
    status = f.s.protection.status
    if status == "stateless":
        return card_apa(f, t)
    if status == "refugee":
        return card_ref_fam(f, t) if f.is_family else card_ref(f, t)
    if f.is_family:
        return card_bps_fam(f, t)
    return card_bps_minor(f, t) if f.is_minor else card_bps(f, t)


def card_renew(f: Facts, t: Trail, held: CurrentDocument) -> Card | None:
    """CARD-RENEW: a carte de résident is renewed as such, as of right; a carte
    pluriannuelle becomes a carte de résident under CARD-CR-4Y, else a new one; a carte
    de séjour temporaire gives the card a first request gives on that date.

    001 "Le renouvellement de la carte de résident"; 002 "Renouvellement".
    """
    if held.kind == "carte_resident":
        card = card_of(f, "carte_resident", mention_for(f, "carte_resident"))
        t.add("CARD-RENEW", True, "CARD-RENEW.resident", years=card.validity_years)
        return card
    if held.kind == "carte_pluriannuelle":
        years = f.param("cards.resident_after_years")
        t.add("CARD-RENEW", True, "CARD-RENEW.pluriannuelle", years=years)
        if f.s.protection.status in ("subsidiary", "stateless"):
            resident = card_cr_4y(f, t, held)
            if resident is not None:
                return resident
        return first_permit_card(f, t)
    if held.kind == "carte_sejour_temporaire":
        t.add("CARD-RENEW", True, "CARD-RENEW.temporaire")
        return first_permit_card(f, t)
    t.add("CARD-RENEW", False, "CARD-RENEW.not_a_card")
    return None


def card_dup(f: Facts, t: Trail, held: CurrentDocument) -> Card | None:
    """CARD-DUP: a duplicate replaces the lost or stolen card as it was: same kind,
    mention and end of validity.

    000 Q38; service-public F21032.
    """
    kind = CARD_KIND.get(held.kind)
    if kind is None:
        t.add("CARD-DUP", False, "CARD-DUP.not_a_card")
        return None
    card = card_of(f, kind, mention_for(f, kind))
    card = Card(card.kind, card.validity_years, card.mention, valid_until=held.valid_until)
    t.add("CARD-DUP", True)
    return card
