"""What is issued at deposit (ATT-*) (rules.md)."""

from __future__ import annotations

from sejour.rules.assessment import DepositAttestation
from sejour.rules.context import Facts, Trail


def _confirmation_depot() -> DepositAttestation:
    # A proof of receipt, not a permit: no validity and no right attached (000 Q25).
    return DepositAttestation(kind="attestation_confirmation_depot", validity_months=None)


def att_bpi_first(f: Facts, t: Trail) -> DepositAttestation:
    """ATT-BPI-FIRST: a refugee or BPS filing a first request receives at once an
    attestation de prolongation d'instruction of 6 months, renewable, that allows work
    but not crossing Schengen borders.

    000 Q7, Q18, Q40; CESEDA R431-15-3 (refugee), R431-15-4 (BPS).
    """
    months = f.param("attestations.prolongation_first_months")
    t.add("ATT-BPI-FIRST", True, months=months)
    t.grant("work_without_authorisation", "RIGHT.work_attestation")
    return DepositAttestation(
        kind="attestation_prolongation_instruction",
        validity_months=months,
        renewable=True,
        allows_work=True,
    )


def att_family(f: Facts, t: Trail) -> DepositAttestation:
    """ATT-FAMILY: a family member receives an attestation de confirmation de dépôt,
    proof of receipt and not a permit; an attestation de prolongation d'instruction
    follows if instruction outlasts the document held.

    000 Q7, Q25, Q28; CESEDA R431-15-1.
    """
    t.add("ATT-FAMILY", True)
    return _confirmation_depot()


def att_renewal(f: Facts, t: Trail, *, late: bool, before_window: bool) -> DepositAttestation:
    """ATT-RENEWAL: a protected person renewing in the window receives an attestation
    de prolongation d'instruction of 3 months, renewable, valid only with the previous
    card, that allows work and Schengen travel without visa and keeps every right; a
    family member as ATT-FAMILY; a late renewal, a confirmation de dépôt only. A
    resident card asked under CARD-CR-4Y before the window: a confirmation de dépôt,
    the card held being still valid (rules.md "Corrections").

    000 Q40, Q28; CESEDA R431-15-1.
    """
    if before_window:
        t.add("ATT-RENEWAL", True, "ATT-RENEWAL.before_window")
        return _confirmation_depot()
    if late:
        t.add("ATT-RENEWAL", True, "ATT-RENEWAL.late")
        return _confirmation_depot()
    if f.is_family:
        t.add("ATT-RENEWAL", True, "ATT-RENEWAL.family")
        return _confirmation_depot()
    months = f.param("attestations.prolongation_renewal_months")
    t.add("ATT-RENEWAL", True, months=months)
    t.grant("work_without_authorisation", "RIGHT.work_attestation")
    t.grant("schengen_travel", "RIGHT.schengen_travel")
    return DepositAttestation(
        kind="attestation_prolongation_instruction",
        validity_months=months,
        renewable=True,
        allows_work=True,
        allows_schengen_travel=True,
        valid_only_with_previous_card=True,
        keeps_previous_rights=True,
    )
