"""The travel document (TIV-VALID) (rules.md)."""

from __future__ import annotations

from sejour.rules.assessment import TravelDocument
from sejour.rules.context import Facts, Trail
from sejour.rules.vocabulary import CardKind


def tiv_valid(f: Facts, t: Trail) -> tuple[TravelDocument | None, CardKind | None]:
    """TIV-VALID: the biometric travel document is valid 4 years with a carte de séjour
    pluriannuelle, 5 years with a carte de résident, and is renewable; a minor without a
    card of their own is treated by their protection (refugee as carte de résident,
    subsidiary as pluriannuelle). It is for the protected person, not their family, and
    is not valid for the country of origin or of habitual residence.

    002 "Titre de voyage", "Limites territoriales du document de voyage".
    """
    if f.is_family:
        t.add("TIV-VALID", False, "TIV-VALID.family_member")
        return None, None
    held = f.s.current_document
    own: CardKind | None = None
    if held is not None and held.kind in ("carte_resident", "carte_pluriannuelle"):
        own = "carte_resident" if held.kind == "carte_resident" else "carte_pluriannuelle"
    basis: CardKind
    if f.is_minor:
        if own is not None:
            basis, key = own, "TIV-VALID.minor_card"
        else:
            refugee = f.s.protection.status == "refugee"
            basis = "carte_resident" if refugee else "carte_pluriannuelle"
            key = "TIV-VALID.minor_protection"
    else:
        if own is None or held is None:
            t.add("TIV-VALID", False, "TIV-VALID.no_card")
            return None, None
        if held.valid_until is not None and held.valid_until < f.on:
            t.add("TIV-VALID", False, "TIV-VALID.expired", until=held.valid_until)
            return None, None
        basis, key = own, "TIV-VALID"
    resident = basis == "carte_resident"
    years = f.param(
        "travel.validity_resident_years" if resident else "travel.validity_pluriannuelle_years"
    )
    t.add("TIV-VALID", True, key, years=years)
    return TravelDocument(validity_years=years), basis
