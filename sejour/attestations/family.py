"""ATT-FAMILY's follow-up (000 Q28): a family member first receives a confirmation de
dépôt; when the residence document they hold ends before their card is in hand, the
scheduled job issues an attestation de prolongation d'instruction, then renews it like a
BPI's (`services.attestation_renew`)."""

from __future__ import annotations

from datetime import date, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction

from sejour.attestations.models import Attestation
from sejour.audit.services import audit_record
from sejour.rules.follow_up import (
    att_family_follow_up,
    att_family_follow_up_period,
    att_family_follows,
)


def held_document_until(dossier, *, today: date) -> date | None:
    """For a family member's request (ATT-FAMILY), the end of the residence document the
    person the request is for holds: the one declared in the request (the engine's
    `current_document`), else the one the register of foreigners knows for their foreign
    number, or for the applicant's long-stay visa (a family member not yet in the
    register, 000 Q16). None for anyone else, and when nobody knows it."""
    from sejour.dossiers.deposit import situation_of
    from sejour.dossiers.models import Dossier
    from sejour.dossiers.subjects import register_entry
    from sejour.integrations.register import get_register

    situation = situation_of(dossier, today=today)
    if not att_family_follows((situation.get("person") or {}).get("role") or ""):
        return None  # nothing follows: the date is not needed
    held = situation.get("current_document") or {}
    if held.get("valid_until"):
        return date.fromisoformat(held["valid_until"])
    entry = register_entry(dossier)
    visa = dossier.applicant.visa_number
    if entry is None and visa and dossier.filed_by != Dossier.FiledBy.PARENT:
        entry = get_register().person_by_visa(visa)
    return entry.valid_until if entry is not None else None


def follow_ups_due(*, today: date):
    """Confirmations de dépôt still in force, not yet followed, whose holder's document
    ends within the renewal notice (or has ended), on files still awaiting their card."""
    from sejour.attestations.services import AWAITING_CARD

    notice = timedelta(days=settings.SEJOUR_ATTESTATION_RENEW_DAYS)
    return Attestation.objects.filter(
        kind=Attestation.Kind.CONFIRMATION,
        followed_by__isnull=True,
        superseded_on__isnull=True,
        document_held_until__lte=today + notice,
        dossier__state__in=AWAITING_CARD,
    ).order_by("document_held_until", "pk")


def follow_up_fields(engine) -> dict:
    """The record's fields for the engine's follow-up attestation, dates aside."""
    return {
        "kind": engine.kind,
        "renewable": engine.renewable,
        "allows_work": engine.allows_work,
        "allows_schengen_travel": engine.allows_schengen_travel,
        "valid_only_with_previous_card": engine.valid_only_with_previous_card,
        "keeps_previous_rights": engine.keeps_previous_rights,
    }


def attestation_follow_up(*, confirmation: Attestation, today: date) -> Attestation | None:
    """Issue the attestation de prolongation that follows this confirmation, for the
    engine's period from the day after the document held ends (from today if that day is
    past: no gap either way), and e-mail it through the outbox. Idempotent under row
    locks (and the one-to-one `follows`): a second call, or a second worker, does nothing."""
    from sejour.attestations.services import AWAITING_CARD
    from sejour.dossiers.models import Dossier
    from sejour.notifications.services import notify

    try:
        with transaction.atomic():
            dossier = Dossier.objects.select_for_update().get(pk=confirmation.dossier_id)
            locked = Attestation.objects.select_for_update().get(pk=confirmation.pk)
            if (
                hasattr(locked, "followed_by")
                or locked.superseded_on is not None
                or locked.document_held_until is None
                or dossier.state not in AWAITING_CARD
            ):
                return None
            engine = att_family_follow_up(on=today)
            identity = {
                f.name: getattr(locked, f.name)
                for f in Attestation._meta.concrete_fields
                if f.name.startswith("holder") or f.name in {"dossier", "prefecture_name"}
            }
            _start, until = att_family_follow_up_period(locked.document_held_until, on=today)
            issued = Attestation.objects.create(
                **identity,
                **follow_up_fields(engine),
                valid_until=until,
                follows=locked,
                issued_on=today,
            )
            audit_record(
                actor=None,
                action="attestation.follow_up_issued",
                target=dossier,
                data={"confirmation": locked.number, "number": issued.number},
            )
            notify(
                user=dossier.applicant,
                template="attestation_follow_up",
                dossier=dossier,
                attestation=issued,
                context={"dossier": dossier, "attestation": issued, "confirmation": locked},
            )
            return issued
    except IntegrityError:
        return None  # another worker issued it between our check and our insert


def follow_up_renewals_due(*, today: date):
    """A family member's attestations de prolongation (they follow a confirmation de
    dépôt), not yet renewed nor replaced, ending within the notice (or ended), whose
    file still awaits its card."""
    from sejour.attestations.services import AWAITING_CARD

    notice = timedelta(days=settings.SEJOUR_ATTESTATION_RENEW_DAYS)
    family = Attestation.objects.filter(
        kind=Attestation.Kind.CONFIRMATION, followed_by__isnull=False
    ).values("dossier_id")
    return Attestation.objects.filter(
        kind=Attestation.Kind.PROLONGATION,
        renewable=True,
        renewed_by__isnull=True,
        superseded_on__isnull=True,
        valid_until__lte=today + notice,
        dossier__state__in=AWAITING_CARD,
        dossier_id__in=family,
    ).order_by("valid_until", "pk")


@transaction.atomic
def follow_up_renew(*, previous: Attestation, today: date) -> Attestation | None:
    """Renew a family member's attestation de prolongation like a BPI's: the next one
    from the day after it ends (from today if that day is past), for the engine's
    follow-up period in force today; e-mailed with the PDF. Idempotent under row locks."""
    from sejour.attestations.services import AWAITING_CARD, renewal_issue
    from sejour.dossiers.models import Dossier

    dossier = Dossier.objects.select_for_update().get(pk=previous.dossier_id)
    previous = Attestation.objects.select_for_update().get(pk=previous.pk)
    if (
        hasattr(previous, "renewed_by")
        or previous.superseded_on is not None
        or previous.valid_until is None
        or dossier.state not in AWAITING_CARD
    ):
        return None
    _start, until = att_family_follow_up_period(previous.valid_until, on=today)
    return renewal_issue(previous=previous, dossier=dossier, today=today, until=until)


def attestations_follow_up_due(*, today: date) -> int:
    """The scheduled job's family part: every follow-up due, then every follow-up's
    renewal due, each in its own transaction. Returns how many were issued."""
    issued = 0
    for confirmation in follow_ups_due(today=today).iterator():
        if attestation_follow_up(confirmation=confirmation, today=today) is not None:
            issued += 1
    for previous in follow_up_renewals_due(today=today).iterator():
        if follow_up_renew(previous=previous, today=today) is not None:
            issued += 1
    return issued
