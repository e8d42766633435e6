"""The agent answers the applicant's correction requests from the file: apply (the
engine re-runs on the corrected answers) or refuse with the reason the applicant reads."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from sejour.accounts.permissions import agent_required
from sejour.dossiers import corrections
from sejour.dossiers.access import visible_or_404

REFUSALS = {
    "answered": gettext_lazy(
        "Cette demande de correction a déjà une réponse (%(detail)s) : rechargez la page."
    ),
    "not_opened": gettext_lazy(
        "Le dossier n'est plus en instruction (%(detail)s) : la correction ne peut plus être "
        "appliquée. Refusez-la en expliquant pourquoi."
    ),
    "incomplete": gettext_lazy(
        "Avec cette correction, il manque une réponse nécessaire à la situation : rien n'est "
        "changé. Refusez-la en disant au demandeur ce qu'il doit préciser."
    ),
    "no_prefecture": gettext_lazy(
        "Aucune préfecture n'instruit en ligne le département %(detail)s : rien n'est changé. "
        "Refusez la correction en indiquant au demandeur où s'adresser."
    ),
    "reason": gettext_lazy(
        "Écrivez la raison du refus (10 caractères au moins) : le demandeur la lira."
    ),
    "step": gettext_lazy(
        "Cette demande est écrite en quelques mots : répondez-y dans la messagerie, ou "
        "refusez-la en expliquant."
    ),
}


def _correction(request, reference: str, pk: int):
    dossier = visible_or_404(request, reference)
    correction = dossier.corrections.filter(pk=pk).first()
    if correction is None:
        raise Http404
    return dossier, correction


def _refused(request, refused: corrections.CorrectionRefused) -> None:
    messages.error(
        request, str(REFUSALS.get(refused.code, refused.code)) % {"detail": refused.detail}
    )


@agent_required
@require_POST
def apply(request, reference: str, pk: int):
    dossier, correction = _correction(request, reference, pk)
    try:
        corrections.correction_apply(correction=correction, agent=request.user)
    except corrections.CorrectionRefused as refused:
        _refused(request, refused)
        return redirect("instruction:file", reference=reference)
    dossier.refresh_from_db(fields=["prefecture"])
    if dossier.prefecture_id != request.user.prefecture_id:
        messages.success(
            request,
            _(
                "La correction est appliquée : avec sa nouvelle adresse, le dossier passe à %(name)s."
            )
            % {"name": dossier.prefecture.name},
        )
        return redirect("instruction:home")
    messages.success(
        request,
        _(
            "La correction est appliquée : l'évaluation des règles est refaite et le "
            "demandeur est prévenu."
        ),
    )
    return redirect("instruction:file", reference=reference)


@agent_required
@require_POST
def refuse(request, reference: str, pk: int):
    _dossier, correction = _correction(request, reference, pk)
    try:
        corrections.correction_refuse(
            correction=correction, agent=request.user, reason=request.POST.get("reason", "")
        )
    except corrections.CorrectionRefused as refused:
        _refused(request, refused)
    else:
        messages.success(request, _("Le refus de la correction est envoyé au demandeur."))
    return redirect("instruction:file", reference=reference)
