"""After the deposit: correct it, ask for a correction, answer a complement request."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from sejour.dossiers import after_deposit, corrections, deposit, uploads
from sejour.dossiers.access import editable_or_404
from sejour.dossiers.forms import AddressStepForm, UploadForm
from sejour.dossiers.procedures import kind_of
from sejour.dossiers.states import State
from sejour.dossiers.views_deposit import _initial_situation, engine_accepts
from sejour.simulator import labels

CORRECTION_REFUSALS = {
    "opened": gettext_lazy(
        "La préfecture vient d'ouvrir votre dossier : envoyez plutôt une demande de correction."
    ),
    "not_opened": gettext_lazy("Vous pouvez encore corriger la demande vous-même."),
    "not_online": gettext_lazy(
        "Avec cette correction, la demande ne peut plus être faite en ligne : rien n'est "
        "changé. Écrivez à la préfecture depuis l'aide, ou présentez-vous au guichet."
    ),
    "no_prefecture": gettext_lazy(
        "La démarche en ligne n'est pas encore ouverte dans ce département : "
        "rendez-vous à la préfecture de votre domicile."
    ),
    "incomplete": gettext_lazy(
        "Cette réponse est nécessaire pour votre situation : complétez le formulaire."
    ),
}


@login_required
@require_http_methods(["GET", "POST"])
def correct(request, reference: str, step: str):
    """Before the prefecture opens the file, the correction is made at once; after, the
    same form sends a correction request, with a few words saying why."""
    dossier = editable_or_404(request, reference)
    direct = dossier.state == State.SUBMITTED
    if not direct and dossier.state not in corrections.OPENED:
        messages.error(
            request,
            _("Cette demande n'est plus à l'étude : elle ne peut plus être corrigée."),
        )
        return redirect("dossiers:detail", reference=reference)
    if step == "adresse":
        form = AddressStepForm(
            request.POST or None, initial=(dossier.snapshot or {}).get("address", {})
        )
        key, valid = "address", request.method == "POST" and form.is_valid()
        data = form.cleaned_data if valid else {}
    elif step == "situation":
        form_class = kind_of(dossier).situation_form
        form = form_class(request.POST or None, initial=_initial_situation(dossier))
        key = "situation"
        valid = request.method == "POST" and form.is_valid() and engine_accepts(form, dossier)
        data = form.as_draft() if valid else {}
    else:
        raise Http404
    why = request.POST.get("why", "").strip()
    why_error = ""
    if valid and not direct and not why:
        why_error = _("Dites en quelques mots ce qui change et pourquoi.")
        valid = False
    if valid:
        try:
            if direct:
                corrections.dossier_correct(dossier=dossier, by=request.user, step=key, data=data)
            else:
                corrections.correction_request(
                    dossier=dossier, by=request.user, text=why, step=key, data=data
                )
        except corrections.CorrectionRefused as refused:
            if refused.code == "opened":  # the agent took the file meanwhile (under the lock)
                messages.error(request, CORRECTION_REFUSALS["opened"])
                return redirect("dossiers:detail", reference=reference)
            form.add_error(None, CORRECTION_REFUSALS.get(refused.code, refused.code))
        else:
            messages.success(
                request,
                _("Votre demande est corrigée ; la version précédente est gardée.")
                if direct
                else _(
                    "Votre demande de correction est envoyée à la préfecture. Jusqu'à sa "
                    "réponse, la demande est étudiée avec les informations déposées."
                ),
            )
            return redirect("dossiers:detail", reference=reference)
    return render(
        request,
        "dossiers/correct.html",
        {"dossier": dossier, "form": form, "direct": direct, "why": why, "why_error": why_error},
    )


@login_required
@require_POST
def correction(request, reference: str):
    dossier = editable_or_404(request, reference)
    text = request.POST.get("text", "").strip()
    if not text:
        messages.error(request, _("Écrivez ce qu'il faut corriger."))
    else:
        try:
            corrections.correction_request(dossier=dossier, by=request.user, text=text)
        except corrections.CorrectionRefused as refused:
            messages.error(request, CORRECTION_REFUSALS[refused.code])
        else:
            messages.success(request, _("Votre demande de correction est envoyée à la préfecture."))
    return redirect("dossiers:detail", reference=reference)


@login_required
@require_http_methods(["GET", "POST"])
def complement(request, reference: str):
    dossier = editable_or_404(request, reference)
    request_ = dossier.complements.filter(answered_at__isnull=True).first()
    if dossier.state != State.COMPLEMENT_REQUESTED or request_ is None:
        return redirect("dossiers:detail", reference=reference)
    errors: dict[str, str] = {}
    if request.method == "POST" and request.POST.get("action") == "upload":
        code = request.POST.get("code", "")
        if code not in {item["code"] for item in request_.items}:
            raise Http404
        form = UploadForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                upload = form.cleaned_data["file"]
                deposit.document_add(
                    dossier=dossier,
                    by=request.user,
                    code=code,
                    name=upload.name,
                    data=upload.read(),
                )
                return redirect("dossiers:complement", reference=reference)
            except uploads.Refused as refused:
                errors[code] = str(refused)
        else:
            errors[code] = " ".join(str(e) for e in form.errors.get("file", []))
    elif request.method == "POST" and request.POST.get("action") == "send":
        answers = {
            item["code"]: request.POST.get(f"answer-{item['code']}", "") for item in request_.items
        }
        try:
            after_deposit.complement_answer(dossier=dossier, by=request.user, answers=answers)
        except deposit.DepositRefused as refused:
            errors[refused.detail] = (
                _("Choisissez de garder ou de remplacer ce document.")
                if refused.code == "complement_incomplete"
                else _("Envoyez d'abord le nouveau fichier, ou gardez l'ancien.")
            )
        else:
            messages.success(
                request,
                _("Votre réponse est envoyée : la préfecture reprend l'étude de votre demande."),
            )
            return redirect("dossiers:detail", reference=reference)
    rows = [
        {
            "code": item["code"],
            "reason": item["reason"],
            "label": labels.DOCUMENTS.get(item["code"], (item["code"], ""))[0],
            "current": dossier.documents.filter(
                code=item["code"], replaced_at__isnull=True
            ).first(),
            "error": errors.get(item["code"]),
        }
        for item in request_.items
    ]
    return render(
        request,
        "dossiers/complement.html",
        {"dossier": dossier, "complement": request_, "rows": rows},
    )
