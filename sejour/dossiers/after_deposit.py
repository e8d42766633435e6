"""After the deposit: corrections (before and after an agent opens the file) and the
answer to a request for a complement (000 Q26, Q30–Q31)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone

from sejour.accounts.models import Prefecture
from sejour.audit.services import audit_record
from sejour.dossiers.deposit import DepositRefused, department_for
from sejour.dossiers.models import ComplementRequest, CorrectionRequest, Dossier, DossierVersion
from sejour.dossiers.services import dossier_transition
from sejour.dossiers.states import PENDING, State
from sejour.notifications.services import notify


def _on_behalf(dossier: Dossier, by) -> Any:
    return dossier.applicant if by != dossier.applicant else None


@transaction.atomic
def dossier_correct(*, dossier: Dossier, by, step: str, data: dict[str, Any]) -> Dossier:
    """Before an agent opens the file, the applicant corrects it; the previous version
    is kept."""
    locked = Dossier.objects.select_for_update().get(pk=dossier.pk)
    if locked.state != State.SUBMITTED:
        raise DepositRefused("opened")
    number = locked.versions.count() + 1
    DossierVersion.objects.create(
        dossier=locked, number=number, snapshot=locked.snapshot or {}, created_by=by
    )
    locked.snapshot = {**(locked.snapshot or {}), step: data}
    locked.draft = {**locked.draft, step: data}
    if step == "address":
        locked.prefecture = Prefecture.objects.get(
            department_code=department_for(data["postal_code"])
        )
    locked.save(update_fields=["snapshot", "draft", "prefecture", "updated_at"])
    audit_record(
        actor=by,
        action="dossier.corrected",
        target=locked,
        on_behalf_of=_on_behalf(locked, by),
        data={"step": step, "version": number},
    )
    return locked


@transaction.atomic
def correction_request(*, dossier: Dossier, by, text: str) -> CorrectionRequest:
    """Once the file is opened, the applicant writes what to correct: the agent sees it
    beside the original and answers it from the prefecture's inbox."""
    from sejour.inbox.services import correction_received

    if dossier.state not in PENDING or dossier.state == State.SUBMITTED:
        raise DepositRefused("not_opened")
    request = CorrectionRequest.objects.create(
        dossier=dossier, text=text.strip()[:4000], created_by=by
    )
    correction_received(request)
    audit_record(
        actor=by,
        action="dossier.correction_requested",
        target=dossier,
        on_behalf_of=_on_behalf(dossier, by),
    )
    return request


@transaction.atomic
def complement_request(
    *, dossier: Dossier, agent, items: list[dict[str, str]], answer_by: date
) -> ComplementRequest:
    """The prefecture asks for documents, each with its reason; the applicant is told."""
    locked = dossier_transition(
        dossier=dossier,
        to=State.COMPLEMENT_REQUESTED,
        by=agent,
        why="; ".join(f"{i['code']}: {i['reason']}" for i in items),
    )
    complement = ComplementRequest.objects.create(
        dossier=locked,
        requested_by=agent,
        answer_by=answer_by,
        items=[{"code": i["code"], "reason": i["reason"], "answer": None} for i in items],
    )
    notify(
        user=locked.applicant,
        template="complement_requested",
        dossier=locked,
        context={"dossier": locked, "complement": complement},
    )
    return complement


@transaction.atomic
def complement_answer(*, dossier: Dossier, by, answers: dict[str, str]) -> Dossier:
    """For each document asked: keep or replace it (the replacement is uploaded first);
    then the file goes back to instruction."""
    locked = Dossier.objects.select_for_update().get(pk=dossier.pk)
    complement = locked.complements.filter(answered_at__isnull=True).first()
    if locked.state != State.COMPLEMENT_REQUESTED or complement is None:
        raise DepositRefused("no_complement")
    items = []
    for item in complement.items:
        answer = answers.get(item["code"])
        if answer not in ("kept", "replaced"):
            raise DepositRefused("complement_incomplete", item["code"])
        if (
            answer == "replaced"
            and not locked.documents.filter(
                code=item["code"], replaced_at__isnull=True, uploaded_at__gte=complement.created_at
            ).exists()
        ):
            raise DepositRefused("complement_not_uploaded", item["code"])
        items.append({**item, "answer": answer})
    complement.items = items
    complement.answered_at = timezone.now()
    complement.answered_by = by
    complement.save(update_fields=["items", "answered_at", "answered_by"])
    return dossier_transition(
        dossier=locked,
        to=State.IN_INSTRUCTION,
        by=by,
        on_behalf_of=_on_behalf(locked, by),
        why="complement answered",
    )


@transaction.atomic
def message_open(*, user, pk: int):
    """One of the user's own messages, marked read on its first opening (recorded);
    None when it is not theirs."""
    message = (
        user.messages.select_for_update(of=("self",))
        .select_related("dossier")
        .filter(pk=pk)
        .first()
    )
    if message is not None and message.read_at is None:
        message.read_at = timezone.now()
        message.save(update_fields=["read_at"])
        audit_record(actor=user, action="message.read", target=message)
    return message
