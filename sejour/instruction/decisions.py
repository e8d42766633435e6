"""What stands behind a decision: a grant needs what the engine's list of documents asks
(the OFPRA civil-status certificate recorded, every required document received) unless
the agent overrides it with a reason; a mistaken grant or refusal is reopened by a
second agent, with a reason, while nothing has been made from it."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from sejour.audit.services import audit_record
from sejour.dossiers.models import Dossier, DossierEvent
from sejour.dossiers.services import TransitionRefused, dossier_transition
from sejour.dossiers.states import State

# A reason another agent, the applicant's lawyer or a judge will read: a sentence.
MIN_REASON = 20
CIVIL_STATUS = "etat_civil_ofpra"


@dataclass(eq=False)  # not frozen: raising through a context manager sets __traceback__
class GrantBlocked(Exception):
    """The grant lacks what the engine's list asks; `missing` names each code."""

    missing: tuple[str, ...]
    reason_too_short: bool = False


@dataclass(eq=False)  # not frozen: raising through a context manager sets __traceback__
class ReopenRefused(Exception):
    code: str


def grant_missing(dossier: Dossier) -> list[str]:
    """The engine's documents the file does not have, in the engine's order: the
    civil-status certificate when the engine lists it (protected persons: sent by OFPRA,
    so it counts once recorded), and each required document the applicant provides that
    was not received."""
    from sejour.dossiers.deposit import present_documents

    present = present_documents(dossier)
    missing = []
    for document in (dossier.assessment or {}).get("documents") or []:
        code = document["code"]
        if code == CIVIL_STATUS:
            received = dossier.civil_status_received_on is not None
        elif document.get("required", True) and not document.get("provided_by"):
            received = code in present
        else:
            continue  # optional, or sent by an administration with no record of it here
        if not received:
            missing.append(code)
    return missing


def grant_guard(dossier: Dossier, *, agent, override_reason: str) -> dict | None:
    """Refuse the grant while something is missing, unless the agent gives a reason;
    the override is returned to be kept with the decision (None when nothing is
    missing). Called under the dossier's row lock."""
    missing = grant_missing(dossier)
    if not missing:
        return None
    reason = (override_reason or "").strip()
    if not reason:
        raise GrantBlocked(tuple(missing))
    if len(reason) < MIN_REASON:
        raise GrantBlocked(tuple(missing), reason_too_short=True)
    override = {"missing": missing, "reason": reason}
    audit_record(
        actor=agent,
        action="dossier.grant_override",
        target=dossier,
        on_behalf_of=dossier.applicant,
        data=override,
    )
    return override


def decider_of(dossier: Dossier):
    """The agent who made the decision in force: the latest grant or refusal made from
    instruction (a card whose production failed comes back to "granted" by someone else)."""
    event = (
        DossierEvent.objects.filter(
            dossier=dossier,
            from_state=State.IN_INSTRUCTION,
            to_state__in=[State.GRANTED, State.REFUSED],
        )
        .select_related("actor")
        .order_by("-at", "-id")
        .first()
    )
    return event.actor if event else None


# Why a decision can no longer be reopened here: what was made from it.
_TOO_LATE = {
    State.CARD_ORDERED: "card_ordered",
    State.CARD_AVAILABLE: "card_ordered",
    State.HANDED_OVER: "handed_over",
    State.APPLIED: "applied",
}


@transaction.atomic
def decision_reopen(*, dossier: Dossier, agent, reason: str) -> Dossier:
    """Put a granted or refused file back into instruction. Only another agent than the
    one who decided, with a reason; only while no card has been ordered (a failed
    order made none). The decision is withdrawn (the refusal letter with it), kept in
    the audit trail, and the applicant is told."""
    from sejour.notifications.services import notify

    locked = Dossier.objects.select_for_update().get(pk=dossier.pk)
    if locked.state in _TOO_LATE:
        raise ReopenRefused(_TOO_LATE[State(locked.state)])
    if locked.state not in (State.GRANTED, State.REFUSED):
        raise TransitionRefused(locked.state, str(State.IN_INSTRUCTION))
    decider = decider_of(locked)
    if decider is not None and decider.pk == agent.pk:
        raise ReopenRefused("same_agent")
    reason = (reason or "").strip()
    if len(reason) < MIN_REASON:
        raise ReopenRefused("reason")
    previous = {
        "state": locked.state,
        "decision": locked.decision,
        "decided_at": locked.decided_at.isoformat() if locked.decided_at else None,
        "decided_by": decider.pk if decider else None,
        "card_order_id": locked.card_order_id,
    }
    reopened = dossier_transition(
        dossier=locked,
        to=State.IN_INSTRUCTION,
        by=agent,
        why=f"decision reopened: {reason}",
        decision=None,
        decided_at=None,
        card_order_id="",
    )
    audit_record(
        actor=agent,
        action="dossier.decision_reopened",
        target=reopened,
        on_behalf_of=reopened.applicant,
        data={"reason": reason, "previous": previous},
    )
    notify(
        user=reopened.applicant,
        template="decision_reopened",
        dossier=reopened,
        context={"dossier": reopened, "was_granted": previous["state"] == State.GRANTED},
    )
    return reopened
