"""What the applicant reads when the person a request is for cannot be confirmed, or
another request about the same document is open: what failed and what to do next."""

from __future__ import annotations

from datetime import date

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from sejour.dossiers import protection, subjects
from sejour.dossiers.forms import CARD_KINDS
from sejour.dossiers.subjects import Refused
from sejour.simulator.steps import STATUSES

STATUS_LABELS = dict(STATUSES)
CARD_LABELS = dict(CARD_KINDS)

# The field of the identity step each refusal is about (None: the whole form).
FIELDS = {
    "child_not_linked": "foreign_number",
    "child_birth_date": "birth_date",
    "child_adult": "birth_date",
}
TEXTS = {
    "child_not_linked": gettext_lazy(
        "Le registre des étrangers ne rattache pas ce numéro à un enfant dont vous êtes le parent. Vérifiez le numéro sur l'attestation de demande d'asile ou le document de circulation (DCEM) de l'enfant. Si le numéro est juste, le lien avec l'enfant n'est pas enregistré : présentez-vous à la préfecture avec son acte de naissance."
    ),
    "child_birth_date": gettext_lazy(
        "Cette date de naissance n'est pas celle que le registre des étrangers connaît pour cet enfant : recopiez celle de son attestation de demande d'asile ou de son DCEM."
    ),
    "register_unavailable": gettext_lazy(
        "Le registre des étrangers ne répond pas pour le moment : réessayez dans quelques minutes. Votre brouillon est gardé."
    ),
    "already_open": gettext_lazy(
        "Une demande pour cette personne et ce document est déjà en cours : %(reference)s. Suivez-la depuis sa page ; pour la compléter ou la corriger, passez par cette page. Une nouvelle demande sera possible quand elle sera terminée."
    ),
    "already_open_elsewhere": gettext_lazy(
        "Une demande pour cette personne et ce document est déjà en cours, déposée depuis un autre compte. Une seule demande à la fois est possible : voyez avec la personne qui l'a déposée, ou avec la préfecture."
    ),
    "protection_mismatch": gettext_lazy(
        "La protection indiquée n'est pas celle qu'enregistrent le registre des étrangers ou l'OFPRA : corrigez-la à l'étape Situation."
    ),
    "card_held": gettext_lazy(
        "Cette personne a déjà une carte de séjour : une première demande n'est plus possible. Pour prolonger la carte, demandez son renouvellement ; en cas de perte ou de vol, un duplicata (Déclarer un changement de situation)."
    ),
}


def refusal_text(refused: Refused) -> str:
    if refused.code == "child_adult":
        return ngettext(
            "D'après le registre des étrangers, cet enfant aura %(age)d an ou plus le jour du dépôt : il n'est plus mineur et fait sa demande lui-même, depuis son propre compte.",
            "D'après le registre des étrangers, cet enfant aura %(age)d ans ou plus le jour du dépôt : il n'est plus mineur et fait sa demande lui-même, depuis son propre compte.",
            refused.age,
        ) % {"age": refused.age}
    text = TEXTS.get(refused.code)
    if text is None:  # a code without its text is a defect, but never a 500
        return _("Cette demande ne peut pas être déposée : contactez la préfecture.")
    return str(text) % {"reference": refused.open_reference}


RECORDED = {
    ("role", "register"): gettext_lazy(
        "Le registre des étrangers n'enregistre aucune protection pour la personne concernée. Si vous êtes membre de la famille d'une personne protégée, choisissez « comme membre de la famille d'une personne protégée ». Si la protection vient d'être accordée, réessayez dans quelques jours ou présentez-vous à la préfecture avec la décision."
    ),
    ("status", "register"): gettext_lazy(
        "Le registre des étrangers indique une autre protection : %(value)s. Choisissez-la ; si le registre se trompe, présentez-vous à la préfecture avec la décision de l'OFPRA ou de la CNDA."
    ),
    ("status", "ofpra"): gettext_lazy(
        "D'après l'OFPRA, la protection accordée est : %(value)s. Choisissez-la ; si c'est une erreur, présentez-vous à la préfecture avec la décision."
    ),
    ("decided_by", "ofpra"): gettext_lazy(
        "D'après l'OFPRA, la protection a été accordée par : %(value)s. Corrigez ; si c'est une erreur, présentez-vous à la préfecture avec la décision."
    ),
    ("decision_date", "ofpra"): gettext_lazy(
        "D'après l'OFPRA, la décision est du %(value)s : recopiez la date inscrite sur la décision."
    ),
}
CARD_MISMATCH = gettext_lazy(
    "La carte enregistrée à votre nom est : %(card)s, valable du %(start)s au %(end)s. Recopiez ces informations ; si elles sont fausses, présentez-vous à la préfecture avec votre carte."
)


def register_agrees(form, dossier) -> bool:
    """False, with the form saying what to copy, when the register records another
    protection or another card for the person than the form says."""
    data = dict(form.cleaned_data)
    for found in protection.disagreements(
        dossier,
        role=data.get("role"),
        status=data.get("status"),
        decided_by=data.get("decided_by"),
        decision_date=data.get("decision_date"),
    ):
        value = found.recorded
        if found.field == "status":
            value = str(STATUS_LABELS.get(value, value))
        elif found.field == "decision_date":
            value = f"{date.fromisoformat(value):%d/%m/%Y}"
        form.add_error(found.field, RECORDED[found.field, found.source] % {"value": value})
    if "card_kind" in form.fields:
        _check_card(form, dossier)
    return not form.errors


def _check_card(form, dossier) -> None:
    data = form.cleaned_data
    card = subjects.card_mismatch(
        dossier,
        kind=data.get("card_kind"),
        valid_from=data.get("card_valid_from"),
        valid_until=data.get("card_valid_until"),
    )
    if card:
        form.add_error(
            "card_kind",
            CARD_MISMATCH
            % {
                "card": CARD_LABELS.get(card["kind"], card["kind"]),
                "start": f"{date.fromisoformat(card['valid_from']):%d/%m/%Y}",
                "end": f"{date.fromisoformat(card['valid_until']):%d/%m/%Y}",
            },
        )
