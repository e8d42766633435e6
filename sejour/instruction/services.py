"""The agent's actions. Each is a guarded transition (refused with the current state when
the table forbids it) that leaves an event naming the agent."""

from __future__ import annotations

from django.db import transaction

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
