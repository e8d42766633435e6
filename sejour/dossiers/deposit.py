"""The deposit of a request (000 Q17), whatever its procedure: a draft saved at every
step, documents checked on arrival, then one idempotent submission that issues the
attestation the engine names (if any)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from sejour.accounts.models import Prefecture, User
from sejour.attestations.services import attestation_issue
from sejour.audit.services import audit_record
from sejour.core.engine_input import engine_input
from sejour.dossiers import subjects, uploads
from sejour.dossiers.models import Dossier, DossierDocument
from sejour.dossiers.protection import protection_verify
from sejour.dossiers.services import dossier_transition
from sejour.dossiers.states import State
from sejour.dossiers.subjects import holder_of, minor_of, subject_verify
from sejour.integrations.ephoto import EphotoOutcome, get_ephoto
from sejour.notifications.services import notify
from sejour.rules import Assessment, assess, param, parse_situation, renewal_position
from sejour.rules.vocabulary import CARD_KINDS


@dataclass(eq=False)  # not frozen: a context manager sets __traceback__ on what passes through it
class DepositRefused(Exception):
    code: str
    detail: str = ""


def department_for(postal_code: str) -> str:
    """The department of a French postal code (Corsica: 2A below 20200, 2B above)."""
    if postal_code.startswith("97"):
        return postal_code[:3]
    if postal_code.startswith("20"):
        return "2A" if postal_code < "20200" else "2B"
    return postal_code[:2]


def draft_create(
    *, filer: User, applicant: User, filed_by: str, procedure: str = Dossier.Procedure.FIRST_PERMIT
) -> Dossier:
    """A new draft, unless a request about the same person and card is open (or, for a
    first card, one is held): `subjects.Refused` then names it. A child's request is
    checked once the child is known, at the identity step."""
    subject = ""
    if filed_by != Dossier.FiledBy.PARENT:
        subject = subjects.subject_of_user(applicant)
        subjects.start_check(
            subject=subject,
            procedure=procedure,
            applicant=applicant,
            register_number=applicant.foreign_number,
        )
    dossier = Dossier.objects.create(
        procedure=procedure,
        applicant=applicant,
        filer=filer,
        filed_by=filed_by,
        subject=subject,
        slot=subjects.slot_of(procedure),
    )
    audit_record(
        actor=filer,
        action="dossier.draft_created",
        target=dossier,
        on_behalf_of=applicant if filer != applicant else None,
    )
    return dossier


@transaction.atomic
def draft_save(*, dossier: Dossier, by: User, step: str, data: dict[str, Any]) -> Dossier:
    locked = Dossier.objects.select_for_update().get(pk=dossier.pk)
    if locked.state != State.DRAFT:
        raise DepositRefused("not_a_draft")
    locked.draft = {**locked.draft, step: data}
    if step == "address":
        locked.prefecture = Prefecture.objects.get(
            department_code=department_for(data["postal_code"])
        )
    locked.save(update_fields=["draft", "prefecture", "updated_at"])
    audit_record(
        actor=by,
        action=f"dossier.draft_{step}",
        target=locked,
        on_behalf_of=locked.applicant if by != locked.applicant else None,
    )
    return locked


def situation_of(dossier: Dossier, *, today: date) -> dict[str, Any]:
    user, holder = dossier.applicant, holder_of(dossier)
    return engine_input(
        dossier.draft.get("situation", {}),
        on=today,
        procedure=dossier.procedure,
        birth_date=holder.get("birth_date"),
        lang=user.language,
        # A child's request is about the child: never the parent's numbers.
        foreign_number=holder.get("foreign_number")
        or (None if minor_of(dossier) else user.foreign_number),
        visa_number=None if minor_of(dossier) else user.visa_number,
    )


def assessment_of(dossier: Dossier, *, today: date) -> Assessment:
    return assess(parse_situation(situation_of(dossier, today=today), today=today))


def required_documents(assessment: Assessment) -> list[str]:
    return [d.code for d in assessment.documents if d.provided_by is None]


def document_add(
    *, dossier: Dossier, by: User, code: str, name: str, data: bytes
) -> DossierDocument:
    checked = uploads.check(data)  # before the lock: the antivirus may take its time
    with uploads.files_kept_on_commit(DossierDocument.file.field.storage) as written:
        locked = Dossier.objects.select_for_update().get(pk=dossier.pk)
        if locked.state not in (State.DRAFT, State.COMPLEMENT_REQUESTED):
            raise DepositRefused("not_a_draft")
        now = timezone.now()
        locked.documents.filter(code=code, replaced_at__isnull=True).update(replaced_at=now)
        document = DossierDocument(
            dossier=locked,
            code=code,
            original_name=name[:200],
            content_type=checked.content_type,
            size=len(checked.content),
            sha256=checked.sha256,
            uploaded_by=by,
            scan=checked.scan,
        )
        document.file.save(f"{code}.{checked.extension}", ContentFile(checked.content), save=False)
        written.append(document.file.name)
        document.save()
        audit_record(
            actor=by,
            action="dossier.document_added",
            target=document,
            on_behalf_of=locked.applicant if by != locked.applicant else None,
            data={"code": code, "sha256": checked.sha256, "scan": checked.scan},
        )
    return document


def ephoto_set(*, dossier: Dossier, by: User, code: str) -> EphotoOutcome:
    outcome = get_ephoto().check(code, reference=dossier.reference)
    if outcome is EphotoOutcome.OK:
        draft_save(dossier=dossier, by=by, step="ephoto", data={"code": code})
    return outcome


def present_documents(dossier: Dossier) -> set[str]:
    """The codes of the documents received (the current file of each), with the e-photo."""
    present = set(dossier.documents.filter(replaced_at__isnull=True).values_list("code", flat=True))
    if (dossier.snapshot or dossier.draft or {}).get("ephoto", {}).get("code"):
        present.add("ephoto")
    return present


def missing_documents(dossier: Dossier, assessment: Assessment) -> list[str]:
    required = {d.code for d in assessment.documents if d.required and d.provided_by is None}
    return sorted(required - present_documents(dossier))


def profile_of(dossier: Dossier, assessment: dict[str, Any]) -> str:
    """refugee, subsidiary, stateless, family or minor: how the back office filters."""
    situation = dossier.draft.get("situation", {})
    if dossier.filed_by == Dossier.FiledBy.PARENT:
        return "minor"
    if situation.get("role") == "family_member":
        return "family"
    return situation.get("status") or ""


def legal_deadline(result: dict[str, Any]) -> date | None:
    """The date the back office works to: the card's issue deadline (DL-ISSUE) for a
    first card; for a renewal, the day the old card stops keeping its effects
    (DL-GRACE); none for the other procedures."""
    deadlines = result.get("deadlines") or {}
    day = deadlines.get("card_issue_by") or deadlines.get("rights_kept_until")
    return date.fromisoformat(day) if day else None


def dossier_submit(*, dossier: Dossier, by: User, deposit_key: str) -> Dossier:
    """Deposit once: a replay of the same form returns the same dossier and issues
    nothing more. Issues the engine's attestation and notifies the applicant."""
    with transaction.atomic():
        locked = Dossier.objects.select_for_update().get(pk=dossier.pk)
        if str(locked.deposit_key) != str(deposit_key):
            raise DepositRefused("stale_form")
        if locked.state != State.DRAFT:
            return locked  # already deposited: the same answer, nothing issued twice
        today = timezone.localdate()
        subject = subject_verify(locked, today=today)
        protection_verify(locked)
        assessment = assessment_of(locked, today=today)
        if assessment.channel != "online":
            raise DepositRefused("not_online", assessment.channel)
        if missing := missing_documents(locked, assessment):
            raise DepositRefused("missing_documents", ", ".join(missing))
        if any(d.code == "ephoto" for d in assessment.documents):
            code = locked.draft.get("ephoto", {}).get("code", "")
            outcome = get_ephoto().use(code, reference=locked.reference)
            if outcome is not EphotoOutcome.OK:
                raise DepositRefused("ephoto", outcome.value)
        result = assessment.to_dict()
        on_behalf = locked.applicant if by != locked.applicant else None
        holder = holder_of(locked)
        try:
            with transaction.atomic():
                locked = dossier_transition(
                    dossier=locked,
                    to=State.SUBMITTED,
                    by=by,
                    on_behalf_of=on_behalf,
                    why="deposit",
                    submitted_at=timezone.now(),
                    snapshot=dict(locked.draft),
                    assessment=result,
                    legal_deadline=legal_deadline(result),
                    profile=profile_of(locked, result),
                    holder_name=f"{holder['last_name']} {holder['first_names']}".strip(),
                    holder_born=date.fromisoformat(holder["birth_date"])
                    if holder.get("birth_date")
                    else None,
                    subject=subject,
                    slot=subjects.slot_of(locked.procedure),
                )
        except IntegrityError:
            # Another deposit for the same person and card won the race (the unique
            # constraint on open requests): this one is refused, nothing is issued.
            raise subjects.Refused("already_open_elsewhere") from None
        attestation = (
            attestation_issue(
                dossier=locked,
                attestation=result["deposit_attestation"],
                holder=holder_of(locked),
                today=today,
            )
            if result.get("deposit_attestation")
            else None
        )
        audit_record(actor=by, action="dossier.submitted", target=locked, on_behalf_of=on_behalf)
        notify(
            user=locked.applicant,
            template="deposit",
            dossier=locked,
            attestation=attestation,
            context={"dossier": locked, "attestation": attestation},
        )
    return locked


def renewal_offer(*, user: User, today: date) -> dict[str, Any] | None:
    """The renewal window of the card the applicant holds, as the engine computes it
    (DL-RENEW, FEE-LATE): from their last card handed over here, or else from the
    register of foreigners. None when no card is known or the engine cannot tell."""
    from sejour.rules import InvalidSituation

    card = None
    last = (
        Dossier.objects.filter(applicant=user, state=State.HANDED_OVER, filed_by="self")
        .order_by("-updated_at")
        .first()
    )
    if last is not None and (last.decision or {}).get("card", {}).get("valid_until"):
        held = last.decision["card"]
        card = {
            "kind": held["kind"],
            "valid_from": held.get("valid_from"),
            "valid_until": held["valid_until"],
        }
    entry = subjects.register_person(user.foreign_number)
    if (
        card is None
        and entry is not None
        and entry.document_kind in CARD_KINDS
        and entry.valid_from
        and entry.valid_until
    ):
        card = {
            "kind": entry.document_kind,
            "valid_from": entry.valid_from.isoformat(),
            "valid_until": entry.valid_until.isoformat(),
        }
    if card is None or user.birth_date is None or entry is None or not entry.protection_status:
        return None
    declared = {
        "status": entry.protection_status,
        "card_kind": card["kind"],
        "card_valid_from": card["valid_from"],
        "card_valid_until": card["valid_until"],
    }
    situation = engine_input(
        declared, on=today, procedure="renewal", birth_date=user.birth_date.isoformat()
    )
    try:
        result = assess(parse_situation(situation, today=today))
    except InvalidSituation:
        return None
    opens, closes = result.deadlines.renewal_window_opens, result.deadlines.renewal_window_closes
    if opens is None or closes is None:
        return None
    position = renewal_position(date.fromisoformat(card["valid_until"]), on=today)
    return {
        "card_kind": card["kind"],
        "valid_until": date.fromisoformat(card["valid_until"]),
        "opens": opens,
        "closes": closes,
        "position": position,
        "prefecture_after_months": param("deadlines.renewal_prefecture_after_months", today),
        "channel": result.channel,
        "fees_total_eur": result.fees_total_eur,
    }
