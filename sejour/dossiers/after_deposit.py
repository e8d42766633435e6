"""After the deposit: the prefecture's request for a complement and its answer
(000 Q30–Q31). Corrections are in `sejour.dossiers.corrections`."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone

# The corrections moved to their own module; callers of the old names keep working.
from sejour.audit.services import audit_record
from sejour.dossiers.corrections import correction_request, dossier_correct  # noqa: F401
from sejour.dossiers.deposit import DepositRefused
from sejour.dossiers.models import ComplementRequest, Dossier
from sejour.dossiers.services import dossier_transition
from sejour.dossiers.states import State
from sejour.notifications.services import notify


def _on_behalf(dossier: Dossier, by) -> Any:
    return dossier.applicant if by != dossier.applicant else None


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
