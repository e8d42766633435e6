from __future__ import annotations

from datetime import date, timedelta

from django.conf import settings
from django.db import transaction

from sejour.attestations.models import Attestation
from sejour.audit.services import audit_record
from sejour.dossiers.states import CLOSED, State
from sejour.rules import attestation_renewal, attestation_valid_until


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
        valid_until=attestation_valid_until(today, months=months) if months else None,
        renewable=attestation["renewable"],
        allows_work=attestation["allows_work"],
        allows_schengen_travel=attestation["allows_schengen_travel"],
        valid_only_with_previous_card=attestation["valid_only_with_previous_card"],
        keeps_previous_rights=attestation["keeps_previous_rights"],
        prefecture_name=dossier.prefecture.name if dossier.prefecture else "",
        document_held_until=_held_until(dossier, attestation, today),
    )


def _held_until(dossier, attestation: dict, today: date) -> date | None:
    """A confirmation de dépôt keeps the end of the document held (ATT-FAMILY)."""
    from sejour.attestations.family import held_document_until

    if attestation["kind"] != Attestation.Kind.CONFIRMATION:
        return None
    return held_document_until(dossier, today=today)


# While the card is not in the applicant's hands, the attestation is their only document.
AWAITING_CARD = frozenset(State) - CLOSED - {State.DRAFT}


def renewals_due(*, today: date):
    """Renewable attestations de prolongation, not yet renewed, ending within the notice
    (or already ended), whose file still awaits its card."""
    notice = timedelta(days=settings.SEJOUR_ATTESTATION_RENEW_DAYS)
    return Attestation.objects.filter(
        kind=Attestation.Kind.PROLONGATION,
        renewable=True,
        renewed_by__isnull=True,
        superseded_on__isnull=True,
        valid_until__lte=today + notice,
        dossier__state__in=AWAITING_CARD,
    ).order_by("valid_until", "pk")


@transaction.atomic
def attestation_renew(*, previous: Attestation, today: date) -> Attestation | None:
    """Issue the next attestation today, from the day after the previous one ends (from
    today if it has already ended: no gap either way), for the period the law in force
    today gives (sejour.rules.attestation_renewal); notify the holder with the PDF.
    Idempotent: a second call for the same attestation does nothing."""
    from sejour.dossiers.models import Dossier

    dossier = Dossier.objects.select_for_update().get(pk=previous.dossier_id)
    previous = Attestation.objects.select_for_update().get(pk=previous.pk)
    if (
        hasattr(previous, "renewed_by")
        or previous.superseded_on is not None
        or dossier.state not in AWAITING_CARD
    ):
        return None
    engine = (dossier.assessment or {}).get("deposit_attestation") or {}
    if not engine.get("validity_months") or previous.valid_until is None:
        return None
    kind = "renewal" if dossier.procedure == Dossier.Procedure.RENEWAL else "first_permit"
    _start, valid_until = attestation_renewal(previous.valid_until, kind=kind, today=today)
    return renewal_issue(previous=previous, dossier=dossier, today=today, until=valid_until)


def renewal_issue(*, previous: Attestation, dossier, today: date, until: date) -> Attestation:
    """The next attestation of the same kind and rights as `previous`, to `until`, under
    the caller's row locks: recorded, audited, e-mailed with its PDF (the BPI's renewal
    and a family member's follow-up renewal alike)."""
    from sejour.notifications.services import notify

    fields = {
        f.name: getattr(previous, f.name)
        for f in Attestation._meta.concrete_fields
        if f.name.startswith(("holder", "allows_", "valid_only", "keeps_"))
        or f.name in {"dossier", "kind", "renewable", "prefecture_name"}
    }
    renewed = Attestation.objects.create(
        **fields, renews=previous, issued_on=today, valid_until=until
    )
    audit_record(
        actor=None,
        action="attestation.renewed",
        target=dossier,
        data={"previous": previous.number, "number": renewed.number},
    )
    notify(
        user=dossier.applicant,
        template="attestation_renewed",
        dossier=dossier,
        attestation=renewed,
        context={"dossier": dossier, "attestation": renewed, "previous": previous},
    )
    return renewed


def attestations_renew_due(*, today: date) -> int:
    """The scheduled job: renew every attestation due; each in its own transaction."""
    renewed = 0
    for previous in renewals_due(today=today).iterator():
        if attestation_renew(previous=previous, today=today) is not None:
            renewed += 1
    return renewed
