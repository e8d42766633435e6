"""The deposit of a first request (000 Q17): a draft saved at every step, documents
checked on arrival, then one idempotent submission that issues the attestation."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from sejour.accounts.models import Prefecture, User
from sejour.attestations.services import attestation_issue
from sejour.audit.services import audit_record
from sejour.dossiers import uploads
from sejour.dossiers.models import Dossier, DossierDocument
from sejour.dossiers.services import dossier_transition
from sejour.dossiers.states import State
from sejour.integrations.ephoto import EphotoOutcome, get_ephoto
from sejour.notifications.services import notify
from sejour.rules import Assessment, assess, parse_situation


@dataclass(frozen=True)
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


def draft_create(*, filer: User, applicant: User, filed_by: str) -> Dossier:
    dossier = Dossier.objects.create(
        procedure=Dossier.Procedure.FIRST_PERMIT,
        applicant=applicant,
        filer=filer,
        filed_by=filed_by,
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


def holder_of(dossier: Dossier) -> dict[str, Any]:
    """Who the request is for: the account holder, or the child a parent files for."""
    minor = dossier.draft.get("identity", {}).get("minor")
    if minor:
        return minor
    user = dossier.applicant
    return {
        "last_name": user.last_name,
        "first_names": user.first_name,
        "birth_date": user.birth_date.isoformat() if user.birth_date else None,
        "foreign_number": user.foreign_number or "",
    }


def situation_of(dossier: Dossier, *, today: date) -> dict[str, Any]:
    s = dossier.draft.get("situation", {})
    user, holder = dossier.applicant, holder_of(dossier)
    family = s.get("role") == "family_member"
    link = None
    if family:
        link = {
            key: s.get(key)
            for key in (
                "relation",
                "union_date",
                "common_life_since",
                "sponsor_birth_date",
                "sponsor_marital_status",
            )
        }
        link |= {
            "declared_in_asylum_application": True,
            "community_of_life": bool(s.get("community_of_life")),
            "married": bool(s.get("married")),
        }
    return {
        "on": today.isoformat(),
        "procedure": "first_permit",
        "lang": user.language if user.language in ("fr", "en", "ar") else "fr",
        "person": {
            "birth_date": holder.get("birth_date"),
            "role": s.get("role", "protected"),
            "marital_status": s.get("marital_status", "single"),
            "polygamy_allowed_by_nationality": bool(s.get("polygamy")),
            "wants_to_work": bool(s.get("wants_to_work")),
            "foreign_number": holder.get("foreign_number") or user.foreign_number or None,
            "visa_number": user.visa_number or None,
            "entered_via_family_reunification": bool(s.get("reunified")),
        },
        "protection": {
            "status": s.get("status"),
            "decision_date": s.get("decision_date"),
            "decided_by": s.get("decided_by") or None,
            "asylum_application_date": s.get("asylum_date"),
        },
        "family_link": link,
    }


def assessment_of(dossier: Dossier, *, today: date) -> Assessment:
    return assess(parse_situation(situation_of(dossier, today=today), today=today))


def required_documents(assessment: Assessment) -> list[str]:
    return [d.code for d in assessment.documents if d.provided_by is None]


@transaction.atomic
def document_add(
    *, dossier: Dossier, by: User, code: str, name: str, data: bytes
) -> DossierDocument:
    locked = Dossier.objects.select_for_update().get(pk=dossier.pk)
    if locked.state not in (State.DRAFT, State.COMPLEMENT_REQUESTED):
        raise DepositRefused("not_a_draft")
    checked = uploads.check(data)
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
    )
    document.file.save(f"{code}.{checked.extension}", ContentFile(checked.content), save=False)
    document.save()
    audit_record(
        actor=by,
        action="dossier.document_added",
        target=document,
        on_behalf_of=locked.applicant if by != locked.applicant else None,
        data={"code": code, "sha256": checked.sha256},
    )
    return document


def ephoto_set(*, dossier: Dossier, by: User, code: str) -> EphotoOutcome:
    outcome = get_ephoto().check(code, reference=dossier.reference)
    if outcome is EphotoOutcome.OK:
        draft_save(dossier=dossier, by=by, step="ephoto", data={"code": code})
    return outcome


def missing_documents(dossier: Dossier, assessment: Assessment) -> list[str]:
    present = set(dossier.documents.filter(replaced_at__isnull=True).values_list("code", flat=True))
    if dossier.draft.get("ephoto", {}).get("code"):
        present.add("ephoto")
    required = {d.code for d in assessment.documents if d.required and d.provided_by is None}
    return sorted(required - present)


def profile_of(dossier: Dossier, assessment: dict[str, Any]) -> str:
    """refugee, subsidiary, stateless, family or minor: how the back office filters."""
    situation = dossier.draft.get("situation", {})
    if dossier.filed_by == Dossier.FiledBy.PARENT:
        return "minor"
    if situation.get("role") == "family_member":
        return "family"
    return situation.get("status") or ""


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
        assessment = assessment_of(locked, today=today)
        if assessment.channel != "online" or assessment.deposit_attestation is None:
            raise DepositRefused("not_online", assessment.channel)
        if missing := missing_documents(locked, assessment):
            raise DepositRefused("missing_documents", ", ".join(missing))
        code = locked.draft.get("ephoto", {}).get("code", "")
        outcome = get_ephoto().use(code, reference=locked.reference)
        if outcome is not EphotoOutcome.OK:
            raise DepositRefused("ephoto", outcome.value)
        result = assessment.to_dict()
        on_behalf = locked.applicant if by != locked.applicant else None
        holder = holder_of(locked)
        locked = dossier_transition(
            dossier=locked,
            to=State.SUBMITTED,
            by=by,
            on_behalf_of=on_behalf,
            why="deposit",
            submitted_at=timezone.now(),
            snapshot=dict(locked.draft),
            assessment=result,
            legal_deadline=date.fromisoformat(result["deadlines"]["card_issue_by"]),
            profile=profile_of(locked, result),
            holder_name=f"{holder['last_name']} {holder['first_names']}".strip(),
        )
        attestation = attestation_issue(
            dossier=locked,
            attestation=result["deposit_attestation"],
            holder=holder_of(locked),
            today=today,
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
