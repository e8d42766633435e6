"""Dossier decisions. `dossier_transition` is the only writer of a dossier's state."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from sejour.dossiers.models import Dossier, DossierEvent
from sejour.dossiers.states import State, allowed


@dataclass(eq=False)  # not frozen: raising through a context manager sets __traceback__
class TransitionRefused(Exception):
    current: str
    target: str


@dataclass(eq=False)  # not frozen: raising through a context manager sets __traceback__
class CorrectionPending(TransitionRefused):
    """A decision waits until the applicant's correction requests are answered."""


# Decided on the answers as they stand: never while the applicant asks to correct them.
_DECISIONS = frozenset({State.GRANTED, State.REFUSED, State.APPLIED})


@transaction.atomic
def dossier_transition(
    *, dossier: Dossier, to: State, by, why: str = "", on_behalf_of=None, **changes
) -> Dossier:
    """Move the dossier to `to` if the table allows it from its state as it is now in
    the database (row lock: two agents acting at once cannot both succeed on a stale
    state), apply `changes` with it, and append the event."""
    locked = Dossier.objects.select_for_update().get(pk=dossier.pk)
    if not allowed(locked.state, to):
        raise TransitionRefused(locked.state, str(to))
    if (
        to in _DECISIONS
        and locked.state == State.IN_INSTRUCTION
        and locked.corrections.filter(state="pending").exists()
    ):
        raise CorrectionPending(locked.state, str(to))
    source = locked.state
    locked.state = to
    for field, value in changes.items():
        setattr(locked, field, value)
    locked.save()
    DossierEvent.objects.create(
        dossier=locked,
        actor=by,
        on_behalf_of=on_behalf_of,
        from_state=source,
        to_state=to,
        why=why,
    )
    return locked
