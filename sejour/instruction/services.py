"""The agent's actions. Each is a guarded transition (refused with the current state when
the table forbids it) that leaves an event naming the agent."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from sejour.audit.services import audit_record
from sejour.dossiers.models import Dossier
from sejour.dossiers.services import dossier_transition
from sejour.dossiers.states import State


@transaction.atomic
def dossier_take(*, dossier: Dossier, agent) -> Dossier:
    """Assign the file to me and start instruction (from a deposited file)."""
    dossier = dossier_transition(
        dossier=dossier, to=State.IN_INSTRUCTION, by=agent, why="taken", assigned_to=agent
    )
    audit_record(
        actor=agent, action="dossier.taken", target=dossier, on_behalf_of=dossier.applicant
    )
    return dossier


def dossier_withdraw(*, dossier: Dossier, agent, why: str) -> Dossier:
    """The applicant asked to withdraw the request."""
    return dossier_transition(dossier=dossier, to=State.WITHDRAWN, by=agent, why=why or "withdrawn")


def dossier_offline(*, dossier: Dossier, agent, why: str) -> Dossier:
    """Handled at the desk from now on."""
    return dossier_transition(dossier=dossier, to=State.OFFLINE, by=agent, why=why or "offline")


def dossier_online(*, dossier: Dossier, agent) -> Dossier:
    """Taken back from the desk into online instruction."""
    return dossier_transition(
        dossier=dossier, to=State.IN_INSTRUCTION, by=agent, why="back online", assigned_to=agent
    )


def civil_status_wait(*, dossier: Dossier, agent) -> Dossier:
    """No decision before OFPRA rebuilds the civil status (000 Q40): the file waits."""
    return dossier_transition(
        dossier=dossier, to=State.AWAITING_OFPRA, by=agent, why="awaiting OFPRA civil status"
    )


@transaction.atomic
def civil_status_record(*, dossier: Dossier, agent, received_on, source: str) -> Dossier:
    """The civil-status certificate arrived (from the OFPRA interface, or entered by hand)."""
    locked = Dossier.objects.select_for_update().get(pk=dossier.pk)
    if locked.state == State.AWAITING_OFPRA:
        locked = dossier_transition(
            dossier=locked,
            to=State.IN_INSTRUCTION,
            by=agent,
            why=f"civil status received ({source})",
            civil_status_received_on=received_on,
        )
    elif locked.state == State.IN_INSTRUCTION:
        locked.civil_status_received_on = received_on
        locked.save(update_fields=["civil_status_received_on", "updated_at"])
    else:
        from sejour.dossiers.services import TransitionRefused

        raise TransitionRefused(locked.state, "civil_status")
    audit_record(
        actor=agent,
        action="dossier.civil_status_recorded",
        target=locked,
        data={"received_on": received_on.isoformat(), "source": source},
    )
    return locked


@transaction.atomic
def decide_grant(*, dossier: Dossier, agent) -> Dossier:
    """Grant the card the engine named at deposit (kind, validity, mention)."""
    from sejour.notifications.services import notify

    card = (dossier.assessment or {}).get("card")
    if not card:
        from sejour.dossiers.services import TransitionRefused

        raise TransitionRefused(dossier.state, "granted")
    locked = dossier_transition(
        dossier=dossier,
        to=State.GRANTED,
        by=agent,
        why="granted",
        decision={"outcome": "granted", "card": card},
        decided_at=timezone.now(),
    )
    notify(
        user=locked.applicant,
        template="decision",
        dossier=locked,
        context={"dossier": locked, "granted": True, "card": card},
    )
    return locked


@transaction.atomic
def decide_refuse(*, dossier: Dossier, agent, reasons: str) -> Dossier:
    """Refuse, with the reasons the applicant will read (a decision letter follows)."""
    from sejour.notifications.services import notify

    locked = dossier_transition(
        dossier=dossier,
        to=State.REFUSED,
        by=agent,
        why=reasons,
        decision={"outcome": "refused", "reasons": reasons},
        decided_at=timezone.now(),
    )
    notify(
        user=locked.applicant,
        template="decision",
        dossier=locked,
        context={"dossier": locked, "granted": False, "reasons": reasons},
    )
    return locked
