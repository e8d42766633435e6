"""The life of a dossier, as data: states and the one table of allowed transitions.

Only `sejour.dossiers.services.dossier_transition` changes a dossier's state, under a
row lock, and it appends a `DossierEvent` for every change.
"""

from __future__ import annotations

from typing import Final

from django.db import models
from django.utils.translation import gettext_lazy as _


class State(models.TextChoices):
    DRAFT = "draft", _("Brouillon")
    SUBMITTED = "submitted", _("Déposée")
    IN_INSTRUCTION = "in_instruction", _("En cours d'instruction")
    COMPLEMENT_REQUESTED = "complement_requested", _("Complément demandé")
    AWAITING_OFPRA = "awaiting_ofpra", _("En attente de l'état civil de l'OFPRA")
    GRANTED = "granted", _("Accordée")
    REFUSED = "refused", _("Refusée")
    CARD_ORDERED = "card_ordered", _("Carte en fabrication")
    CARD_AVAILABLE = "card_available", _("Carte disponible")
    HANDED_OVER = "handed_over", _("Carte remise")
    WITHDRAWN = "withdrawn", _("Retirée par le demandeur")
    OFFLINE = "offline", _("Traitée au guichet")
    APPLIED = "applied", _("Changement enregistré")


S = State
TRANSITIONS: Final[dict[State, frozenset[State]]] = {
    S.DRAFT: frozenset({S.SUBMITTED, S.WITHDRAWN}),
    S.SUBMITTED: frozenset({S.IN_INSTRUCTION, S.WITHDRAWN, S.OFFLINE}),
    S.IN_INSTRUCTION: frozenset(
        {
            S.COMPLEMENT_REQUESTED,
            S.AWAITING_OFPRA,
            S.GRANTED,
            S.REFUSED,
            S.WITHDRAWN,
            S.OFFLINE,
            S.APPLIED,  # a change of situation accepted: nothing to produce
        }
    ),
    S.COMPLEMENT_REQUESTED: frozenset({S.IN_INSTRUCTION, S.WITHDRAWN, S.OFFLINE}),
    S.AWAITING_OFPRA: frozenset({S.IN_INSTRUCTION, S.WITHDRAWN, S.OFFLINE}),
    # A mistaken decision reopened by a second agent, before any card is ordered.
    S.GRANTED: frozenset({S.CARD_ORDERED, S.OFFLINE, S.IN_INSTRUCTION}),
    S.REFUSED: frozenset({S.IN_INSTRUCTION}),
    S.CARD_ORDERED: frozenset({S.CARD_AVAILABLE, S.GRANTED, S.OFFLINE}),  # production may fail
    S.CARD_AVAILABLE: frozenset({S.HANDED_OVER, S.OFFLINE}),
    S.HANDED_OVER: frozenset(),
    S.WITHDRAWN: frozenset(),
    S.OFFLINE: frozenset({S.IN_INSTRUCTION}),  # taken back online
    S.APPLIED: frozenset(),
}
PENDING: Final = frozenset(
    {S.SUBMITTED, S.IN_INSTRUCTION, S.COMPLEMENT_REQUESTED, S.AWAITING_OFPRA}
)
CLOSED: Final = frozenset({S.REFUSED, S.HANDED_OVER, S.WITHDRAWN, S.APPLIED})
# The administration's turn: the files the prefecture (or OFPRA, or the card's maker, on
# its behalf) must act on for the legal clock to be kept. Only these are ever late: a
# file waiting on the applicant (a complement, a card to collect), handled at the desk
# or closed shows no lateness in the queue, the figures or the CSV.
ADMINISTRATION_TURN: Final = frozenset(
    {S.SUBMITTED, S.IN_INSTRUCTION, S.AWAITING_OFPRA, S.GRANTED, S.CARD_ORDERED}
)


def allowed(source: str, target: str) -> bool:
    return State(target) in TRANSITIONS[State(source)]
