"""The applicant's space (/demarches/): their requests and who may act for them."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from sejour.accounts.forms import PROCEDURE_LABELS
from sejour.accounts.models import Mandate
from sejour.accounts.permissions import applicant_required
from sejour.accounts.selectors import mandates_for_applicant
from sejour.accounts.services import Refused, mandate_accept, mandate_revoke
from sejour.accounts.views.refusals import REFUSALS
from sejour.audit.services import audit_record, read_record
from sejour.dossiers.access import visible_or_404
from sejour.dossiers.after_deposit import message_open
from sejour.dossiers.deposit import renewal_offer
from sejour.dossiers.retention import documents_purge_on
from sejour.dossiers.selectors import dossiers_for_applicant
from sejour.dossiers.states import State
from sejour.notifications.selectors import undelivered_for_applicant


@applicant_required
def home(request):
    pending = mandates_for_applicant(applicant=request.user).filter(
        consented_at__isnull=True, revoked_at__isnull=True
    )
    offer = renewal_offer(user=request.user, today=timezone.localdate())
    return render(
        request,
        "dossiers/home.html",
        {
            "pending_mandates": pending,
            "dossiers": dossiers_for_applicant(user=request.user),
            "messages_received": request.user.messages.select_related("dossier")[:10],
            "undelivered": undelivered_for_applicant(user=request.user),
            "renewal": offer,
            "reminded": offer is not None
            and request.user.reminder_subscriptions.filter(
                valid_until=offer["valid_until"]
            ).exists(),
        },
    )


@applicant_required
def message(request, pk: int):
    item = message_open(user=request.user, pk=pk)
    if item is None:
        raise Http404
    return render(request, "dossiers/message.html", {"item": item})


@applicant_required
@require_POST
def renewal_remind(request):
    """ "Tell me when I can renew": the card the account page shows, remembered."""
    from sejour.reminders.services import subscribe_renewal

    offer = renewal_offer(user=request.user, today=timezone.localdate())
    if offer is None:
        messages.error(
            request,
            _(
                "Nous ne connaissons pas votre carte : commencez un renouvellement et indiquez-la, nous vous dirons quand le faire."
            ),
        )
        return redirect("dossiers:home")
    subscribe_renewal(
        user=request.user, card_kind=offer["card_kind"], valid_until=offer["valid_until"]
    )
    messages.success(
        request, _("C'est noté : nous vous écrirons quand le renouvellement sera ouvert.")
    )
    return redirect("dossiers:home")


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
    read_record(
        reader=request.user,
        action="helper.viewed_dossier" if request.user.role == "helper" else "dossier.viewed",
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
            "documents_purge_on": documents_purge_on(dossier),
            "today": timezone.localdate(),
            "card_amount": (dossier.assessment or {}).get("fees_total_eur", 0),
        },
    )


@login_required
def confirmation(request, reference: str):
    dossier = visible_or_404(request, reference)
    if dossier.state == State.DRAFT:  # never "déposée": back to what is left to do
        messages.info(request, _("Cette demande n'est pas encore déposée : terminez cette étape."))
        return redirect(
            "dossiers:deposit_step", reference=reference, step=_first_incomplete_step(dossier)
        )
    read_record(
        reader=request.user, action="dossier.viewed", target=dossier, on_behalf_of=dossier.applicant
    )
    return render(
        request,
        "dossiers/confirmation.html",
        {"dossier": dossier, "attestation": dossier.attestations.first()},
    )


def _first_incomplete_step(dossier) -> str:
    from sejour.dossiers import deposit
    from sejour.rules import InvalidSituation

    for key, slug in (("identity", "identite"), ("address", "adresse"), ("situation", "situation")):
        if not dossier.draft.get(key):
            return slug
    try:
        assessment = deposit.assessment_of(dossier, today=timezone.localdate())
    except InvalidSituation:
        return "situation"
    return "documents" if deposit.missing_documents(dossier, assessment) else "recapitulatif"


@login_required
def decision_letter(request, reference: str):
    """The refusal decision letter, to the applicant, their helper and the agents."""
    from sejour.instruction.letters import render_refusal

    dossier = visible_or_404(request, reference)
    if (dossier.decision or {}).get("outcome") != "refused":
        raise Http404
    read_record(
        reader=request.user,
        action="decision.downloaded",
        target=dossier,
        on_behalf_of=dossier.applicant,
    )
    response = HttpResponse(
        render_refusal(dossier, translation.get_language()), content_type="application/pdf"
    )
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
    if document.scan != "clean" or document.purged_at:  # quarantine, infected or purged
        raise Http404
    from sejour.dossiers.uploads import download_name

    response = FileResponse(
        document.file.open("rb"),
        content_type=document.content_type,
        as_attachment=True,
        filename=download_name(document.code, document.content_type),
    )
    response["Content-Security-Policy"] = "sandbox; default-src 'none'"
    response["Cache-Control"] = "private, no-store"
    return response


# --- changes of situation (000 Q20, Q38) --------------------------------------------------

CHANGE_REFUSALS = {
    "no_prefecture": gettext_lazy(
        "La démarche en ligne n'est pas encore ouverte dans ce département : rendez-vous à la préfecture de votre domicile."
    ),
    "email_taken": gettext_lazy("Cette adresse e-mail est déjà celle d'un autre compte."),
    "wrong_password": gettext_lazy(
        "Ce n'est pas votre mot de passe actuel : saisissez celui avec lequel vous vous connectez."
    ),
    "email_unavailable": gettext_lazy(
        "Le message n'a pas pu être envoyé pour le moment. Vérifiez l'adresse et réessayez dans quelques minutes : rien n'est perdu."
    ),
    "link_expired": gettext_lazy(
        "Ce lien a expiré : demandez à nouveau le changement d'adresse e-mail."
    ),
    "link_invalid": gettext_lazy(
        "Ce lien n'est pas valable pour ce compte : connectez-vous avec le compte qui a demandé le changement."
    ),
}


@applicant_required
@require_http_methods(["GET", "POST"])
def change_hub(request):
    """Declare a change of situation: loss or theft (duplicate), civil status (decided by
    the prefecture), address and phone (at once; open files follow), e-mail (confirmed)."""
    from sejour.dossiers import situation_changes
    from sejour.dossiers.forms import AddressStepForm, EmailChangeForm

    user = request.user
    address_form = AddressStepForm(
        request.POST if request.POST.get("action") == "address" else None,
        initial={**user.address, "phone": user.phone},
    )
    email_form = EmailChangeForm(request.POST if request.POST.get("action") == "email" else None)
    status = 200
    if request.method == "POST":
        status = 400
        try:
            if request.POST.get("action") == "address" and address_form.is_valid():
                data = address_form.cleaned_data
                moved = situation_changes.address_change(
                    user=user,
                    by=user,
                    address={k: data[k] for k in ("street", "postal_code", "city")},
                    phone=data["phone"],
                )
                text = _("Votre adresse est enregistrée.")
                if moved:
                    text += " " + _("Vos demandes en cours sont transmises à : %(prefecture)s.") % {
                        "prefecture": moved[0].prefecture.name
                    }
                messages.success(request, text)
                return redirect("dossiers:change_hub")
            if request.POST.get("action") == "email" and email_form.is_valid():
                situation_changes.email_change_request(
                    user=user,
                    new_email=email_form.cleaned_data["email"],
                    current_password=email_form.cleaned_data["current_password"],
                )
                messages.success(
                    request,
                    _("Un lien de confirmation est envoyé à %(email)s : ouvrez-le pour terminer.")
                    % {"email": email_form.cleaned_data["email"]},
                )
                return redirect("dossiers:change_hub")
        except situation_changes.ChangeRefused as refused:
            form = address_form if request.POST.get("action") == "address" else email_form
            form.add_error(None, CHANGE_REFUSALS[refused.code])
    return render(
        request,
        "dossiers/change_hub.html",
        {"address_form": address_form, "email_form": email_form},
        status=status,
    )


@applicant_required
def email_confirm(request, token: str):
    from sejour.dossiers import situation_changes

    try:
        email = situation_changes.email_change_confirm(user=request.user, token=token)
    except situation_changes.ChangeRefused as refused:
        messages.error(request, CHANGE_REFUSALS[refused.code])
    else:
        messages.success(
            request, _("Votre adresse e-mail est maintenant %(email)s.") % {"email": email}
        )
    return redirect("dossiers:change_hub")
