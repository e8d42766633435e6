"""The applicant's space (/demarches/): their requests and who may act for them."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sejour.accounts.forms import PROCEDURE_LABELS
from sejour.accounts.models import Mandate
from sejour.accounts.permissions import applicant_required
from sejour.accounts.selectors import mandates_for_applicant
from sejour.accounts.services import Refused, mandate_accept, mandate_revoke
from sejour.accounts.views.refusals import REFUSALS
from sejour.audit.services import audit_record
from sejour.dossiers.access import visible_or_404
from sejour.dossiers.selectors import dossiers_for_applicant


@applicant_required
def home(request):
    pending = mandates_for_applicant(applicant=request.user).filter(
        consented_at__isnull=True, revoked_at__isnull=True
    )
    return render(
        request,
        "dossiers/home.html",
        {
            "pending_mandates": pending,
            "dossiers": dossiers_for_applicant(user=request.user),
            "messages_received": request.user.messages.select_related("dossier")[:10],
        },
    )


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


# --- the applicant's requests -------------------------------------------------------------


@login_required
def detail(request, reference: str):
    dossier = visible_or_404(request, reference)
    if request.user.role == "helper":
        audit_record(
            actor=request.user,
            action="helper.viewed_dossier",
            target=dossier,
            on_behalf_of=dossier.applicant,
        )
    return render(
        request,
        "dossiers/detail.html",
        {
            "dossier": dossier,
            "events": dossier.events.select_related("actor"),
            "documents": dossier.documents.filter(replaced_at__isnull=True),
            "attestations": dossier.attestations.all(),
        },
    )


@login_required
def confirmation(request, reference: str):
    dossier = visible_or_404(request, reference)
    return render(
        request,
        "dossiers/confirmation.html",
        {"dossier": dossier, "attestation": dossier.attestations.first()},
    )


@login_required
def decision_letter(request, reference: str):
    """The refusal decision letter, to the applicant, their helper and the agents."""
    from sejour.instruction.letters import render_refusal

    dossier = visible_or_404(request, reference)
    if (dossier.decision or {}).get("outcome") != "refused":
        raise Http404
    response = HttpResponse(render_refusal(dossier), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="decision-{dossier.reference}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def document_file(request, reference: str, document_id: int):
    """A document, only to its owner, their helper and the prefecture's agents; every
    agent view is recorded."""
    dossier = visible_or_404(request, reference)
    document = dossier.documents.filter(pk=document_id).first()
    if document is None:
        raise Http404
    if request.user.role in ("agent", "helper"):
        audit_record(
            actor=request.user,
            action="document.viewed",
            target=document,
            on_behalf_of=dossier.applicant,
        )
    response = FileResponse(document.file.open("rb"), content_type=document.content_type)
    response["Content-Disposition"] = (
        f'inline; filename="{document.code}.{document.file.name.rsplit(".", 1)[-1]}"'
    )
    response["Content-Security-Policy"] = "sandbox; default-src 'none'"
    response["Cache-Control"] = "private, no-store"
    return response
