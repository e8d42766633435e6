"""Corrections after the deposit (000 Q26; product.md "Corrections"). Before an agent
opens the file the applicant corrects it; after, they send a correction request that the
agent applies or refuses with a reason. A correction applied always re-runs the engine:
the assessment, profile, legal deadline and, where they change, the attestations follow
the corrected answers; the previous version is kept."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone

from sejour.accounts.models import Prefecture
from sejour.audit.services import audit_record
from sejour.dossiers.models import CorrectionRequest, Dossier, DossierEvent, DossierVersion
from sejour.dossiers.states import PENDING, State
from sejour.notifications.services import notify

# Opened by an agent and not yet decided: corrections go through a request.
OPENED = PENDING - {State.SUBMITTED}
STEPS = ("address", "situation")


@dataclass(eq=False)  # not frozen: raising through a context manager sets __traceback__
class CorrectionRefused(Exception):
    code: str
    detail: str = ""


def _on_behalf(dossier: Dossier, by) -> Any:
    return dossier.applicant if by != dossier.applicant else None


def reassessment(dossier: Dossier, *, today: date) -> dict[str, Any]:
    """The engine's assessment of the request as its answers stand now, read as on the
    day it was deposited (`applied_on`): a correction changes the facts, not the date of
    the request. Raises InvalidSituation when the answers are incomplete."""
    from sejour.dossiers.deposit import situation_of
    from sejour.rules import assess, parse_situation

    situation = situation_of(dossier, today=today)
    if dossier.submitted_at is not None:
        situation["applied_on"] = timezone.localdate(dossier.submitted_at).isoformat()
    return assess(parse_situation(situation, today=today)).to_dict()


def summary(dossier: Dossier, assessment: dict[str, Any]) -> dict[str, Any]:
    """What the agent decides on, from an assessment: card, fee, deadline, attestation."""
    from sejour.dossiers.deposit import legal_deadline

    card = assessment.get("card") or {}
    deadline = legal_deadline(assessment)
    return {
        "channel": assessment.get("channel"),
        "card": card.get("kind"),
        "years": card.get("validity_years"),
        "fees": assessment.get("fees_total_eur"),
        "deadline": deadline.isoformat() if deadline else None,
        "attestation": (assessment.get("deposit_attestation") or {}).get("kind"),
    }


def _apply(
    locked: Dossier, *, step: str, data: dict[str, Any], by, today: date, online: bool = False
) -> dict:
    """Apply new answers for one step to a locked dossier, keep the previous version,
    re-run the engine and carry its answers (and the attestations) over; with `online`,
    refused unless the engine still accepts the request online (the caller's transaction
    is then undone). Returns what the audit trail records: the answers and the engine's
    summary before and after."""
    from sejour.attestations.replacement import attestations_reissue
    from sejour.dossiers.deposit import department_for, legal_deadline, profile_of
    from sejour.rules import InvalidSituation

    if step not in STEPS:
        raise CorrectionRefused("step")
    before_answers = (locked.snapshot or {}).get(step) or {}
    before = dict(locked.assessment or {})
    number = locked.versions.count() + 1
    DossierVersion.objects.create(
        dossier=locked, number=number, snapshot=locked.snapshot or {}, created_by=by
    )
    locked.snapshot = {**(locked.snapshot or {}), step: data}
    locked.draft = {**locked.draft, step: data}
    fields = ["snapshot", "draft", "assessment", "legal_deadline", "profile", "updated_at"]
    if step == "address":
        department = department_for(data.get("postal_code") or "")
        prefecture = Prefecture.objects.filter(department_code=department).first()
        if prefecture is None:
            raise CorrectionRefused("no_prefecture", department)
        if prefecture.pk != locked.prefecture_id:
            locked.prefecture = prefecture
            locked.assigned_to = None  # the new prefecture's agents take it up
            fields += ["prefecture", "assigned_to"]
    try:
        after = reassessment(locked, today=today)
    except InvalidSituation:
        raise CorrectionRefused("incomplete") from None
    if online and after.get("channel") != "online":
        raise CorrectionRefused("not_online", after.get("channel", ""))
    locked.assessment = after
    locked.legal_deadline = legal_deadline(after)
    locked.profile = profile_of(locked, after)
    locked.save(update_fields=fields)
    replaced = attestations_reissue(dossier=locked, before=before, after=after, today=today, by=by)
    return {
        "step": step,
        "version": number,
        "before": before_answers,
        "after": data,
        "assessment_before": summary(locked, before),
        "assessment_after": summary(locked, after),
        "attestations": [[old.number if old else "", new.number] for old, new in replaced],
    }


@transaction.atomic
def dossier_correct(*, dossier: Dossier, by, step: str, data: dict[str, Any]) -> Dossier:
    """Before an agent opens the file, the applicant corrects it; the previous version
    is kept and the engine's answers follow. Refused when the file is opened, or when
    the corrected request could no longer be filed online (nothing is changed then)."""
    locked = Dossier.objects.select_for_update().get(pk=dossier.pk)
    if locked.state != State.SUBMITTED:
        raise CorrectionRefused("opened")
    change = _apply(locked, step=step, data=data, by=by, today=timezone.localdate(), online=True)
    audit_record(
        actor=by,
        action="dossier.corrected",
        target=locked,
        on_behalf_of=_on_behalf(locked, by),
        data=change,
    )
    return locked


@transaction.atomic
def correction_request(
    *, dossier: Dossier, by, text: str, step: str = "", data: dict[str, Any] | None = None
) -> CorrectionRequest:
    """Once the file is opened, the applicant asks for a correction: in words, or as new
    answers for a step. The agent sees it on the file (and in the inbox) until they
    apply or refuse it; the applicant sees its state on their page."""
    from sejour.inbox.services import correction_received

    locked = Dossier.objects.select_for_update().get(pk=dossier.pk)
    if locked.state not in OPENED:
        raise CorrectionRefused("not_opened")
    if step and step not in STEPS:
        raise CorrectionRefused("step")
    request = CorrectionRequest.objects.create(
        dossier=locked, text=text.strip()[:4000], created_by=by, step=step, data=data
    )
    correction_received(request)
    audit_record(
        actor=by,
        action="dossier.correction_requested",
        target=locked,
        on_behalf_of=_on_behalf(locked, by),
        data={"correction": request.pk, "step": step},
    )
    return request


def _locked_pending(correction: CorrectionRequest) -> tuple[Dossier, CorrectionRequest]:
    dossier = Dossier.objects.select_for_update().get(pk=correction.dossier_id)
    locked = CorrectionRequest.objects.select_for_update().get(pk=correction.pk)
    if locked.state != CorrectionRequest.State.PENDING:
        raise CorrectionRefused("answered", locked.get_state_display())
    return dossier, locked


def _answered(locked: CorrectionRequest, agent, state: str, reason: str = "") -> None:
    from sejour.inbox.models import Message

    now = timezone.now()
    locked.state = state
    locked.answered_at = now
    locked.answered_by = agent
    locked.refusal_reason = reason
    locked.save(update_fields=["state", "answered_at", "answered_by", "refusal_reason"])
    # Answered on the file: the inbox no longer lists it as waiting.
    Message.objects.filter(correction=locked, answered_at__isnull=True).update(
        answer=reason or str(CorrectionRequest.State.APPLIED.label),
        answered_at=now,
        answered_by=agent,
    )


@transaction.atomic
def correction_apply(*, correction: CorrectionRequest, agent) -> CorrectionRequest:
    """The agent applies a correction request: its answers replace the step's (the
    previous version is kept), the engine re-runs, its answers and the attestations
    follow; the event and the audit trail record before and after; the applicant is told."""
    dossier, locked = _locked_pending(correction)
    if not locked.step:
        raise CorrectionRefused("step")  # written in words: answered in the inbox
    if dossier.state not in OPENED:
        raise CorrectionRefused("not_opened", dossier.get_state_display())
    change = _apply(
        dossier, step=locked.step, data=locked.data or {}, by=agent, today=timezone.localdate()
    )
    _answered(locked, agent, CorrectionRequest.State.APPLIED)
    DossierEvent.objects.create(
        dossier=dossier,
        actor=agent,
        on_behalf_of=None,
        from_state=dossier.state,
        to_state=dossier.state,
        why=f"correction applied: {locked.step or 'text'}",
    )
    audit_record(
        actor=agent,
        action="dossier.correction_applied",
        target=dossier,
        on_behalf_of=dossier.applicant,
        data={"correction": locked.pk, **change},
    )
    notify(
        user=dossier.applicant,
        template="correction_applied",
        dossier=dossier,
        context={
            "dossier": dossier,
            "correction": locked,
            "replaced": bool(change.get("attestations")),
        },
    )
    return locked


@transaction.atomic
def correction_refuse(*, correction: CorrectionRequest, agent, reason: str) -> CorrectionRequest:
    """The agent refuses a correction request, with the reason the applicant will read;
    nothing in the request changes."""
    reason = reason.strip()[:2000]
    if len(reason) < 10:
        raise CorrectionRefused("reason")
    dossier, locked = _locked_pending(correction)
    _answered(locked, agent, CorrectionRequest.State.REFUSED, reason)
    DossierEvent.objects.create(
        dossier=dossier,
        actor=agent,
        from_state=dossier.state,
        to_state=dossier.state,
        why=f"correction refused: {reason}",
    )
    audit_record(
        actor=agent,
        action="dossier.correction_refused",
        target=dossier,
        on_behalf_of=dossier.applicant,
        data={"correction": locked.pk, "reason": reason},
    )
    notify(
        user=dossier.applicant,
        template="correction_refused",
        dossier=dossier,
        context={"dossier": dossier, "correction": locked},
    )
    return locked


def correction_preview(correction: CorrectionRequest, *, today: date) -> dict[str, Any]:
    """For the agent, before they answer: each answer that would change, and the
    engine's summary before and after (nothing is saved)."""
    from sejour.rules import InvalidSituation

    dossier = correction.dossier
    if not correction.step:
        return {"changes": [], "before": None, "after": None}
    current = (dossier.snapshot or {}).get(correction.step) or {}
    proposed = correction.data or {}
    changes = [
        {"field": key, "before": current.get(key), "after": proposed.get(key)}
        for key in sorted(set(current) | set(proposed))
        if current.get(key) != proposed.get(key)
    ]
    trial = Dossier(
        pk=dossier.pk,
        procedure=dossier.procedure,
        applicant=dossier.applicant,
        filed_by=dossier.filed_by,
        submitted_at=dossier.submitted_at,
        draft={**dossier.draft, correction.step: proposed},
        snapshot=dossier.snapshot,
    )
    try:
        after = summary(trial, reassessment(trial, today=today))
    except InvalidSituation:
        after = None
    return {
        "changes": changes,
        "before": summary(dossier, dossier.assessment or {}),
        "after": after,
    }
