from __future__ import annotations

from datetime import date

from sejour.attestations.models import Attestation
from sejour.rules.dates import add_months


def attestation_issue(*, dossier, attestation: dict, holder: dict, today: date) -> Attestation:
    """The attestation the engine named for this deposit, as a record."""
    months = attestation.get("validity_months")
    return Attestation.objects.create(
        dossier=dossier,
        holder=dossier.applicant,
        holder_last_name=holder["last_name"],
        holder_first_names=holder["first_names"],
        holder_birth_date=date.fromisoformat(holder["birth_date"]),
        holder_foreign_number=holder.get("foreign_number") or "",
        kind=attestation["kind"],
        issued_on=today,
        valid_until=add_months(today, months) if months else None,
        renewable=attestation["renewable"],
        allows_work=attestation["allows_work"],
        allows_schengen_travel=attestation["allows_schengen_travel"],
        valid_only_with_previous_card=attestation["valid_only_with_previous_card"],
        keeps_previous_rights=attestation["keeps_previous_rights"],
        prefecture_name=dossier.prefecture.name if dossier.prefecture else "",
    )
