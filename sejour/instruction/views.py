"""The prefecture's back office (/instruction/): an agent sees their own prefecture only."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from sejour.accounts.models import User
from sejour.accounts.permissions import agent_required
from sejour.audit.services import read_record
from sejour.dossiers.access import visible_or_404
from sejour.dossiers.after_deposit import complement_request
from sejour.dossiers.deposit import minor_of, present_documents
from sejour.dossiers.services import TransitionRefused
from sejour.dossiers.states import State, allowed
from sejour.instruction import decisions, services
from sejour.instruction.forms import CivilStatusForm, ComplementForm, HandoverForm
from sejour.instruction.templatetags.backoffice import document_label


@agent_required
def file(request, reference: str):
    dossier = visible_or_404(request, reference)
    read_record(
        reader=request.user, action="dossier.viewed", target=dossier, on_behalf_of=dossier.applicant
    )
    return _file_page(request, dossier)


def _file_page(request, dossier, *, status: int = 200, **forms):
    """The agent's page of a file; a refused form comes back with what was typed."""
    assessment = dossier.assessment or {}
    minor = minor_of(dossier)
    return render(
        request,
        "instruction/file.html",
        {
            "handover_form": HandoverForm(),
            **forms,
            "dossier": dossier,
            "a": assessment,
            "documents": dossier.documents.order_by("code", "-uploaded_at"),
            "events": dossier.events.select_related("actor", "on_behalf_of"),
            "attestations": dossier.attestations.all(),
            "corrections": dossier.corrections.select_related("inbox_message"),
            "complements": dossier.complements.select_related("requested_by"),
            "complement_form": ComplementForm(codes=_current_codes(dossier)),
            "snapshot": dossier.snapshot or {},
            "minor": minor,
            "offer": services.grant_offer(dossier),
            "missing": [document_label(code) for code in decisions.grant_missing(dossier)],
            "decider": decisions.decider_of(dossier),
            "checklist": _checklist(dossier, assessment),
            "can_offline": allowed(dossier.state, State.OFFLINE),
            "can_withdraw": allowed(dossier.state, State.WITHDRAWN),
            "minor_has_account": bool(minor)
            and User.objects.filter(username=minor.get("foreign_number")).exists(),
        },
        status=status,
    )


def _current_codes(dossier) -> list[tuple[str, str]]:
    """The documents a complement can be asked about: each current file, with its name."""
    return [
        (d.code, document_label(d.code)) for d in dossier.documents.filter(replaced_at__isnull=True)
    ]


def _checklist(dossier, assessment: dict) -> list[dict]:
    """The engine's list of documents for this situation, each with what was received."""
    present = present_documents(dossier)
    return [
        {
            "label": document_label(d["code"]),
            "required": d.get("required", True),
            "by": d.get("provided_by"),
            "present": d["code"] in present,
        }
        for d in assessment.get("documents") or []
    ]


ACTIONS = {
    "take": lambda d, agent, why: services.dossier_take(dossier=d, agent=agent),
    "await-ofpra": lambda d, agent, why: services.civil_status_wait(dossier=d, agent=agent),
    "grant": lambda d, agent, why: services.decide_grant(
        dossier=d, agent=agent, override_reason=why
    ),
    "order": lambda d, agent, why: services.card_order(dossier=d, agent=agent),
    "available": lambda d, agent, why: services.card_mark_available(dossier=d, agent=agent),
    "withdraw": lambda d, agent, why: services.dossier_withdraw(dossier=d, agent=agent, why=why),
    "offline": lambda d, agent, why: services.dossier_offline(dossier=d, agent=agent, why=why),
    "online": lambda d, agent, why: services.dossier_online(dossier=d, agent=agent),
}


@agent_required
@require_POST
def act(request, reference: str, action: str):
    dossier = visible_or_404(request, reference)
    service = ACTIONS.get(action)
    if service is None:
        raise Http404
    why = request.POST.get("why", "").strip()[:500]
    if action == "withdraw" and not why:
        messages.error(
            request, _("Indiquez comment le demandeur a demandé le retrait : rien n'est changé.")
        )
        return redirect("instruction:file", reference=reference)
    try:
        service(dossier, request.user, why)
    except TransitionRefused as refused:
        _refused(request, refused)
    except services.HandoverRefused as refused:
        messages.error(request, _handover_message(refused))
    except decisions.GrantBlocked as blocked:
        messages.error(request, _blocked_message(blocked))
    else:
        messages.success(request, _("C'est fait."))
    return redirect("instruction:file", reference=reference)


def _blocked_message(blocked: decisions.GrantBlocked) -> str:
    if blocked.reason_too_short:
        return _(
            "Écrivez pourquoi vous accordez malgré ce qui manque (20 caractères au moins) : "
            "rien n'est accordé."
        )
    return _(
        "Pour accorder, il manque : %(missing)s. Enregistrez l'état civil reçu de l'OFPRA ou "
        "demandez un complément ; si une exception se justifie, accordez en écrivant pourquoi."
    ) % {"missing": ", ".join(document_label(code) for code in blocked.missing)}


REOPEN_MESSAGES = {
    "same_agent": gettext_lazy(
        "La décision doit être rouverte par un autre agent que celui qui a décidé : "
        "demandez à un collègue de relire le dossier."
    ),
    "reason": gettext_lazy(
        "Écrivez pourquoi la décision est rouverte (20 caractères au moins) : rien n'est changé."
    ),
    "card_ordered": gettext_lazy(
        "La carte est déjà commandée : la décision ne peut plus être rouverte en ligne. "
        "Traitez le dossier au guichet pour faire annuler la commande."
    ),
    "handed_over": gettext_lazy(
        "La carte est déjà remise : la décision ne peut plus être rouverte. Son retrait "
        "demande une nouvelle décision, prise au guichet."
    ),
    "applied": gettext_lazy(
        "Le changement est déjà reporté dans le profil : il ne peut pas être rouvert. "
        "Le demandeur déclare un nouveau changement de situation pour le corriger."
    ),
}


@agent_required
@require_POST
def reopen(request, reference: str):
    """A second agent withdraws a mistaken grant or refusal, with a reason."""
    dossier = visible_or_404(request, reference)
    try:
        decisions.decision_reopen(
            dossier=dossier, agent=request.user, reason=request.POST.get("reason", "")[:2000]
        )
    except decisions.ReopenRefused as refused:
        messages.error(request, REOPEN_MESSAGES[refused.code])
    except TransitionRefused as refused:
        _refused(request, refused)
    else:
        messages.success(
            request,
            _(
                "La décision est retirée : le dossier est de nouveau en instruction. "
                "Le demandeur est prévenu."
            ),
        )
    return redirect("instruction:file", reference=reference)


def _refused(request, refused: TransitionRefused) -> None:
    messages.error(
        request,
        _(
            "Action impossible : le dossier est « %(state)s ». Rechargez la page : "
            "un autre agent a peut-être agi entre-temps."
        )
        % {"state": State(refused.current).label},
    )


HANDOVER_MESSAGES = {
    "in_production": gettext_lazy(
        "La carte est encore en fabrication : marquez-la disponible quand elle est arrivée "
        "à la préfecture."
    ),
    "production_failed": gettext_lazy(
        "La fabrication a échoué : le dossier revient à « Accordée », commandez la carte à nouveau."
    ),
    "old_card": gettext_lazy(
        "Reprenez l'ancienne carte, puis cochez « L'ancienne carte a été rendue » (000 Q39) : "
        "rien n'est encaissé."
    ),
    "stamp_unknown": gettext_lazy("Le timbre %(detail)s est inconnu : vérifiez les 16 chiffres."),
    "stamp_used": gettext_lazy(
        "Le timbre %(detail)s a déjà été utilisé : il faut un autre timbre."
    ),
    "stamp_repeated": gettext_lazy(
        "Le timbre %(detail)s est saisi plusieurs fois : un timbre ne paie qu'une fois. "
        "Retirez les lignes en double ; rien n'est encaissé."
    ),
    "amount_low": gettext_lazy(
        "Le montant des timbres ne suffit pas (payé / dû en euros : %(detail)s) : ajoutez un "
        "timbre pour la différence ; rien n'est encaissé."
    ),
    "overpaid": gettext_lazy(
        "Les timbres font %(paid)s € pour %(due)s € dus : %(extra)s € de trop. Retirez le "
        "timbre en trop, ou confirmez le paiement de %(paid)s € si le demandeur l'accepte ; "
        "rien n'est encaissé pour l'instant."
    ),
    "amount_changed": gettext_lazy(
        "Le service des timbres a répondu autrement entre la vérification et l'encaissement : "
        "rien n'est encaissé, remettez la carte à nouveau."
    ),
}


def _handover_message(refused: services.HandoverRefused) -> str:
    return str(HANDOVER_MESSAGES[refused.code]) % {
        "detail": refused.detail,
        "paid": refused.paid_eur,
        "due": refused.due_eur,
        "extra": refused.paid_eur - refused.due_eur,
    }


@agent_required
@require_POST
def hand_over(request, reference: str):
    dossier = visible_or_404(request, reference)
    form = HandoverForm(request.POST)
    if not form.is_valid():
        for error in (e for errors in form.errors.values() for e in errors):
            messages.error(request, error)
        return _file_page(request, dossier, status=400, handover_form=form)
    try:
        services.card_hand_over(
            dossier=dossier,
            agent=request.user,
            stamps=form.cleaned_data["stamps"],
            old_card_returned=form.cleaned_data["old_card"],
            confirmed_paid_eur=form.cleaned_data["confirm_paid"],
        )
    except services.HandoverRefused as refused:
        messages.error(request, _handover_message(refused))
        return _file_page(
            request, dossier, status=400, handover_form=form, overpaid=refused.stamps and refused
        )
    except TransitionRefused as refused:
        _refused(request, refused)
        return redirect("instruction:file", reference=reference)
    return redirect("instruction:receipt", reference=reference)


@agent_required
def receipt(request, reference: str):
    dossier = visible_or_404(request, reference)
    if dossier.state != State.HANDED_OVER:
        raise Http404
    read_record(
        reader=request.user, action="receipt.viewed", target=dossier, on_behalf_of=dossier.applicant
    )
    decision = dossier.decision or {}
    card = decision.get("card") or {}
    return render(
        request,
        "instruction/receipt.html",
        {
            "dossier": dossier,
            "d": decision,
            "valid_from": _day(card.get("valid_from")),
            "valid_until": _day(card.get("valid_until")),
            # Each stamp once, with what it paid (files handed over before the amounts
            # were kept show the number alone).
            "stamps": [
                (number, (decision.get("stamp_amounts_eur") or {}).get(number))
                for number in dict.fromkeys(decision.get("stamps") or [])
            ],
        },
    )


def _day(value):
    return date.fromisoformat(value) if value else None


@agent_required
@require_POST
def refuse(request, reference: str):
    dossier = visible_or_404(request, reference)
    reasons = request.POST.get("reasons", "").strip()
    if len(reasons) < 20:
        messages.error(
            request,
            _("Écrivez les motifs du refus (20 caractères au moins) : le demandeur les lira."),
        )
        return redirect("instruction:file", reference=reference)
    try:
        services.decide_refuse(dossier=dossier, agent=request.user, reasons=reasons[:4000])
    except TransitionRefused as refused:
        _refused(request, refused)
    else:
        messages.success(request, _("Le refus est enregistré et notifié au demandeur."))
    return redirect("instruction:file", reference=reference)


@agent_required
@require_POST
def civil_status(request, reference: str):
    dossier = visible_or_404(request, reference)
    form = CivilStatusForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect("instruction:file", reference=reference)
    try:
        services.civil_status_record(
            dossier=dossier,
            agent=request.user,
            received_on=form.cleaned_data["received_on"],
            source="manual",
        )
    except TransitionRefused as refused:
        _refused(request, refused)
    else:
        messages.success(request, _("L'état civil transmis par l'OFPRA est enregistré."))
    return redirect("instruction:file", reference=reference)


OFPRA_MESSAGES = {
    "established": gettext_lazy("L'OFPRA a établi le certificat d'état civil : il est enregistré."),
    "pending": gettext_lazy(
        "L'OFPRA n'a pas encore établi l'état civil. Le dossier est vérifié chaque jour "
        "tant qu'il l'attend."
    ),
    "unknown": gettext_lazy(
        "L'OFPRA ne connaît pas ce numéro étranger : vérifiez-le, ou saisissez le certificat "
        "reçu à la main."
    ),
}


@agent_required
@require_POST
def ofpra(request, reference: str):
    """Ask OFPRA's interface for the civil-status certificate now."""
    from sejour.integrations.ofpra import CivilStatus, OfpraUnavailable

    dossier = visible_or_404(request, reference)
    try:
        answer = services.civil_status_fetch(dossier=dossier, agent=request.user)
    except OfpraUnavailable:
        messages.error(
            request,
            _("Le service de l'OFPRA ne répond pas. Rien n'est enregistré ; réessayez plus tard."),
        )
    except TransitionRefused as refused:
        _refused(request, refused)
    else:
        notify = messages.success if answer.status is CivilStatus.ESTABLISHED else messages.info
        notify(request, OFPRA_MESSAGES[answer.status.value])
    return redirect("instruction:file", reference=reference)


@agent_required
@require_POST
def minor_account(request, reference: str):
    """Create the account of the child the request is for (000 Q29)."""
    from sejour.accounts.services import Refused
    from sejour.accounts.views.refusals import REFUSALS

    dossier = visible_or_404(request, reference)
    try:
        minor = services.minor_account_for(dossier=dossier, agent=request.user)
    except Refused as refused:
        messages.error(request, REFUSALS[refused.code])
    else:
        messages.success(
            request,
            _("Le compte de %(name)s est créé ; ses identifiants sont envoyés au parent.")
            % {"name": minor.get_full_name()},
        )
    return redirect("instruction:file", reference=reference)


@agent_required
@require_POST
def complement(request, reference: str):
    dossier = visible_or_404(request, reference)
    form = ComplementForm(request.POST, codes=_current_codes(dossier))
    if not form.is_valid():
        for error in form.non_field_errors() or [e for errs in form.errors.values() for e in errs]:
            messages.error(request, error)
        return redirect("instruction:file", reference=reference)
    try:
        complement_request(
            dossier=dossier,
            agent=request.user,
            items=form.cleaned_data["items"],
            answer_by=form.cleaned_data["answer_by"],
        )
    except TransitionRefused as refused:
        _refused(request, refused)
    else:
        messages.success(request, _("La demande de complément est envoyée au demandeur."))
    return redirect("instruction:file", reference=reference)


@agent_required
def document(request, reference: str, document_id: int):
    """A document in the page, beside what the applicant declared; each view recorded."""
    from sejour.audit.services import audit_record
    from sejour.dossiers.preview import page_count

    dossier = visible_or_404(request, reference)
    documents = list(dossier.documents.order_by("code", "-uploaded_at"))
    current = next((d for d in documents if d.pk == document_id), None)
    if current is None:
        raise Http404
    audit_record(
        actor=request.user,
        action="document.viewed",
        target=current,
        on_behalf_of=dossier.applicant,
    )
    index = documents.index(current)
    pages = range(page_count(current))  # none when unreadable: the original stays downloadable
    return render(
        request,
        "instruction/document.html",
        {
            "dossier": dossier,
            "document": current,
            "label": document_label(current.code),
            "pages": pages,
            "previous": documents[index - 1] if index else None,
            "next": documents[index + 1] if index + 1 < len(documents) else None,
            "snapshot": dossier.snapshot or {},
        },
    )


@agent_required
def document_page(request, reference: str, document_id: int, page: int):
    """One page of a document as an image; each page drawn is recorded."""
    from django.http import HttpResponse

    from sejour.dossiers.preview import page_image

    dossier = visible_or_404(request, reference)
    current = dossier.documents.filter(pk=document_id).first()
    drawn = page_image(current, page) if current is not None else None
    if drawn is None:
        raise Http404
    read_record(
        reader=request.user,
        action="document.page_viewed",
        target=current,
        on_behalf_of=dossier.applicant,
        data={"page": page},
    )
    content, content_type = drawn
    response = HttpResponse(content, content_type=content_type)
    response["Cache-Control"] = "private, no-store"
    response["Content-Security-Policy"] = "sandbox; default-src 'none'"
    return response
