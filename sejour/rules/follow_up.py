"""ATT-FAMILY's second half (rules.md): what follows a family member's confirmation de
dépôt when instruction outlasts the document they hold, and its dates. The deposit's
assessment names the confirmation (`att_family`); this names the attestation issued
later, on the day the scheduled job issues or renews it, so the law in force that day
applies. Its dates follow the engine's convention for an attestation (rules.md "The
engine owns every legal date": start + validity − 1 day)."""

from __future__ import annotations

from datetime import date

from sejour.rules import parameters
from sejour.rules.assessment import DepositAttestation
from sejour.rules.dates import add_days, add_months

_MONTHS = "attestations.prolongation_renewal_months"


def att_family_follows(role: str) -> bool:
    """ATT-FAMILY: only a family member's confirmation de dépôt is followed by an
    attestation de prolongation; a protected person's late renewal keeps its
    confirmation alone (ATT-RENEWAL).

    000 Q28; CESEDA R431-15-1.
    """
    return role == "family_member"


def att_family_follow_up(*, on: date) -> DepositAttestation:
    """ATT-FAMILY: if the instruction of a family member's request continues beyond the
    validity of the residence document they hold, an attestation de prolongation
    d'instruction is issued (000 Q28), renewed while the request is pending. It is the
    attestation of CESEDA R431-15-1, as for a renewal (ATT-RENEWAL, same period): valid
    only with the document held, keeping the rights that document gave; it adds no
    right of its own (the right to work of ATT-BPI-FIRST is the protected person's).

    000 Q7, Q25, Q28; CESEDA R431-15-1.
    """
    return DepositAttestation(
        kind="attestation_prolongation_instruction",
        validity_months=parameters.value(_MONTHS, on),
        renewable=True,
        valid_only_with_previous_card=True,
        keeps_previous_rights=True,
    )


def attestation_period(start: date, *, months: int) -> tuple[date, date]:
    """An attestation valid `months` from `start`: its first and last day (the day
    before the same date `months` later; a day the target month lacks becomes its last).

    000 Q7, Q40; CESEDA R431-15-3, R431-15-1; rules.md "Corrections from the CESEDA".
    """
    return start, add_days(add_months(start, months), -1)


def att_family_follow_up_period(ends: date, *, on: date) -> tuple[date, date]:
    """ATT-FAMILY: the first and last day of the attestation de prolongation that takes
    over from a document (the one held, or the previous attestation) valid until
    `ends`, issued on `on`: from the next day (no gap, no overlap), or from `on` if that
    day is past, for the months in force on `on`.

    000 Q28; CESEDA R431-15-1.
    """
    return attestation_period(max(add_days(ends, 1), on), months=parameters.value(_MONTHS, on))
