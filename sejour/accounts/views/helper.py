"""The helper's space (aidant): mandates, consent, and acting for an applicant."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from sejour.accounts.forms import PROCEDURE_LABELS, MandateCodeForm, MandateRequestForm
from sejour.accounts.permissions import helper_required
from sejour.accounts.selectors import (
    applicant_by_identifier,
    applicant_for_helper,
    mandates_for_helper,
)
from sejour.accounts.services import (
    Refused,
    helper_opened_applicant_space,
    mandate_confirm_code,
    mandate_request,
    mandate_send_code,
)
from sejour.accounts.throttle import client_address
from sejour.accounts.views.refusals import REFUSALS

LABELS = dict(PROCEDURE_LABELS)


def procedures_text(codes: list[str]) -> str:
    return ", ".join(str(LABELS.get(code, code)) for code in codes)


@helper_required
def helper_home(request):
    mandates = mandates_for_helper(helper=request.user)
    return render(request, "accounts/helper_home.html", {"mandates": mandates, "labels": LABELS})


@helper_required
@require_http_methods(["GET", "POST"])
def mandate_new(request):
    form = MandateRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        applicant = applicant_by_identifier(data["applicant_number"])
        if applicant is None:
            form.add_error("applicant_number", REFUSALS["no_applicant"])
        else:
            try:
                mandate = mandate_request(
                    helper=request.user,
                    applicant=applicant,
                    procedures=data["procedures"],
                    valid_until=data["valid_until"],
                )
            except Refused as refused:
                form.add_error(None, REFUSALS[refused.code])
            else:
                return redirect("accounts:helper_mandate", mandate_id=mandate.pk)
    return render(request, "accounts/helper_mandate_new.html", {"form": form})


@helper_required
@require_http_methods(["GET", "POST"])
def mandate_detail(request, mandate_id: int):
    mandate = mandates_for_helper(helper=request.user).filter(pk=mandate_id).first()
    if mandate is None:
        raise Http404
    form = MandateCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            mandate_confirm_code(
                helper=request.user, mandate=mandate, code=form.cleaned_data["code"]
            )
        except Refused as refused:
            message = REFUSALS[refused.code]
            if refused.code == "code_wrong":
                message = f"{message} " + _("Essais restants : %(n)s.") % {"n": refused.detail}
            form.add_error("code", message)
        else:
            messages.success(
                request, _("La personne a donné son accord : vous pouvez agir pour elle.")
            )
            return redirect("accounts:helper_home")
    return render(
        request,
        "accounts/helper_mandate.html",
        {"mandate": mandate, "form": form, "procedures": procedures_text(mandate.procedures)},
    )


@helper_required
@require_POST
def mandate_code(request, mandate_id: int):
    mandate = mandates_for_helper(helper=request.user).filter(pk=mandate_id).first()
    if mandate is None:
        raise Http404
    try:
        mandate_send_code(
            helper=request.user,
            mandate=mandate,
            procedures_text=procedures_text(mandate.procedures),
            client=client_address(request),
        )
    except Refused as refused:
        message = REFUSALS[refused.code]
        if refused.code == "mail_limited":
            message = message % {"minutes": refused.detail}
        messages.error(request, message)
    else:
        messages.success(request, _("Un code a été envoyé à l'adresse e-mail de la personne."))
    return redirect("accounts:helper_mandate", mandate_id=mandate.pk)


@helper_required
def applicant_space(request, applicant_id: int):
    applicant = applicant_for_helper(helper=request.user, applicant_id=applicant_id)
    if applicant is None:
        raise Http404
    helper_opened_applicant_space(helper=request.user, applicant=applicant)
    return render(request, "accounts/helper_applicant.html", {"applicant": applicant})
