"""The applicant's space (/demarches/): their requests and who may act for them."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sejour.accounts.forms import PROCEDURE_LABELS
from sejour.accounts.models import Mandate
from sejour.accounts.permissions import applicant_required
from sejour.accounts.selectors import mandates_for_applicant
from sejour.accounts.services import Refused, mandate_accept, mandate_revoke
from sejour.accounts.views.refusals import REFUSALS


@applicant_required
def home(request):
    pending = mandates_for_applicant(applicant=request.user).filter(
        consented_at__isnull=True, revoked_at__isnull=True
    )
    return render(request, "dossiers/home.html", {"pending_mandates": pending})


@applicant_required
def mandates(request):
    return render(
        request,
        "dossiers/mandates.html",
        {
            "mandates": mandates_for_applicant(applicant=request.user),
            "labels": dict(PROCEDURE_LABELS),
        },
    )


def _act(request, mandate_id: int, service, done: str):
    try:
        service(applicant=request.user, mandate_id=mandate_id)
    except Mandate.DoesNotExist:
        raise Http404 from None
    except Refused as refused:
        messages.error(request, REFUSALS[refused.code])
    else:
        messages.success(request, done)
    return redirect("dossiers:mandates")


@applicant_required
@require_POST
def mandate_accept_view(request, mandate_id: int):
    return _act(request, mandate_id, mandate_accept, _("Vous avez donné votre accord."))


@applicant_required
@require_POST
def mandate_revoke_view(request, mandate_id: int):
    return _act(
        request,
        mandate_id,
        mandate_revoke,
        _("L'autorisation est retirée : cette personne ne peut plus agir pour vous."),
    )
