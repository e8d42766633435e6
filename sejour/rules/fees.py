"""Fees (FEE-*): euros, paid by electronic tax stamp at card handover (rules.md)."""

from __future__ import annotations

from sejour.rules.assessment import Fee
from sejour.rules.context import Facts, Trail
from sejour.rules.vocabulary import CardKind


def fee_first(f: Facts, t: Trail) -> list[Fee]:
    """FEE-FIRST: a BPI's or their family's first card costs the droit de timbre only
    (25 €), with no taxe de titre and no visa de régularisation.

    001; 002 "Coût"; CESEDA L436-1, L436-7.
    """
    stamp = f.param("fees.droit_timbre")
    t.add("FEE-FIRST", True, amount=stamp)
    return [Fee("droit_timbre", stamp)]


def fee_renew(f: Facts, t: Trail) -> list[Fee]:
    """FEE-RENEW: a renewal costs the taxe de titre (200 €) and the droit de timbre
    (25 €).

    001 "Le renouvellement de la carte de résident"; CESEDA L436-1, L436-7.
    """
    tax, stamp = f.param("fees.taxe_titre"), f.param("fees.droit_timbre")
    t.add("FEE-RENEW", True, tax=tax, stamp=stamp, total=tax + stamp)
    return [Fee("taxe_titre", tax), Fee("droit_timbre", stamp)]


def fee_late(f: Facts, t: Trail) -> list[Fee]:
    """FEE-LATE: a renewal deposited after the window closes, without force majeure,
    adds the droit de visa de régularisation (180 €). 001 says 200 €: a caveat.

    CESEDA L436-5; 001.
    """
    duty = f.param("fees.droit_visa_regularisation")
    t.add("FEE-LATE", True, amount=duty)
    t.caveat("FEE-LATE", "CAVEAT.FEE-LATE", amount=duty)
    return [Fee("droit_visa_regularisation", duty)]


def fee_dup(f: Facts, t: Trail) -> list[Fee]:
    """FEE-DUP: a duplicate costs the taxe de titre (200 €) and the droit de timbre
    (25 €).

    CESEDA L436-7; service-public F21032.
    """
    tax, stamp = f.param("fees.taxe_titre"), f.param("fees.droit_timbre")
    t.add("FEE-DUP", True, tax=tax, stamp=stamp, total=tax + stamp)
    return [Fee("taxe_titre", tax), Fee("droit_timbre", stamp)]


def fee_tiv(f: Facts, t: Trail, basis: CardKind) -> list[Fee]:
    """FEE-TIV: the biometric travel document costs 40 € with a carte de séjour
    pluriannuelle, 45 € with a carte de résident.

    002 "Titre de voyage – Coût".
    """
    resident = basis == "carte_resident"
    amount = f.param(
        "fees.titre_voyage_resident" if resident else "fees.titre_voyage_pluriannuelle"
    )
    t.add(
        "FEE-TIV", True, "FEE-TIV.resident" if resident else "FEE-TIV.pluriannuelle", amount=amount
    )
    return [Fee("titre_voyage", amount)]


def fee_stamp(f: Facts, t: Trail) -> None:
    """FEE-STAMP: fees are paid with electronic tax stamps of 16 digits; paper stamps
    are refused.

    000 Q33.
    """
    t.add("FEE-STAMP", True, digits=f.param("fees.stamp_digits"))
