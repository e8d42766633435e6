"""Words for the back office's codes, in the agent's language."""

from __future__ import annotations

import re

from django import template
from django.utils.translation import gettext_lazy as _

from sejour.simulator import labels

register = template.Library()

# The notes the services write on a dossier's events (agents' own words pass as they are).
WHY = {
    "deposit": _("dépôt de la demande"),
    "taken": _("dossier pris en charge"),
    "back online": _("repris en ligne"),
    "awaiting OFPRA civil status": _("en attente de l'état civil de l'OFPRA"),
    "granted": _("carte accordée"),
    "change accepted": _("changement accepté"),
    "card ordered": _("carte commandée"),
    "card production failed": _("échec de fabrication de la carte"),
    "card available": _("carte disponible à la préfecture"),
    "handed over": _("carte remise"),
    "complement answered": _("complément reçu du demandeur"),
    "withdrawn": _("retrait"),
    "offline": _("traité au guichet"),
}
CIVIL_STATUS = re.compile(r"civil status received \((?P<source>.*)\)")
# A note with the agent's own words after it.
WITH_REASON = {
    "granted by exception: ": _("accordée par exception : %(reason)s"),
    "change accepted by exception: ": _("changement accepté par exception : %(reason)s"),
    "decision reopened: ": _("décision rouverte : %(reason)s"),
}


@register.filter
def why(note: str) -> str:
    if note in WHY:
        return str(WHY[note])
    for prefix, words in WITH_REASON.items():
        if (note or "").startswith(prefix):
            return str(words) % {"reason": note.removeprefix(prefix)}
    if match := CIVIL_STATUS.fullmatch(note or ""):
        source = match["source"]
        return str(_("état civil reçu (%(source)s)")) % {
            "source": _("saisi à la main") if source == "manual" else source
        }
    if match := CORRECTION.fullmatch(note or ""):
        if match["outcome"] == "applied":
            return str(CORRECTED.get(match["detail"], CORRECTED["text"]))
        return str(_("correction refusée : %(reason)s")) % {"reason": match["detail"]}
    return note


@register.filter
def document_label(code: str) -> str:
    return str(labels.DOCUMENTS.get(code, (code, ""))[0])


@register.filter
def card_label(kind: str) -> str:
    return str(labels.CARDS.get(kind, kind or ""))


# The notes of the answers to correction requests (sejour.dossiers.corrections).
CORRECTION = re.compile(r"correction (?P<outcome>applied|refused): (?P<detail>.*)", re.DOTALL)
CORRECTED = {
    "address": _("correction appliquée (adresse)"),
    "situation": _("correction appliquée (situation)"),
    "text": _("correction appliquée"),
}
