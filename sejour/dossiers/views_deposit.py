"""The five steps of the deposit (000 Q17), saved at every step."""

from __future__ import annotations

import contextlib
import re
from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from sejour.accounts.selectors import applicant_for_helper, mandate_covers
from sejour.core.legal_texts import hours, law, months, with_law
from sejour.dossiers import deposit, subjects, uploads
from sejour.dossiers.access import editable_or_404
from sejour.dossiers.forms import (
    AddressStepForm,
    EphotoForm,
    IdentityStepForm,
    SubmitForm,
    UploadForm,
)
from sejour.dossiers.procedures import KINDS, kind_of
from sejour.dossiers.refusals import FIELDS, refusal_text, register_agrees
from sejour.dossiers.states import State
from sejour.integrations.ephoto import EphotoOutcome
from sejour.rules import InvalidSituation
from sejour.simulator import labels

STEPS = [
    ("identite", _("Identité")),
    ("adresse", _("Adresse et contact")),
    ("situation", _("Situation")),
    ("documents", _("Documents")),
    ("recapitulatif", _("Récapitulatif et dépôt")),
]
EPHOTO_MESSAGES = {
    EphotoOutcome.UNKNOWN: _("Ce code e-photo n'existe pas : vérifiez-le sur la planche photo."),
    EphotoOutcome.NOT_ACTIVE: with_law(
        lambda: (
            _(
                "Ce code n'est pas encore actif : il peut falloir jusqu'à %(delay)s après la photo. Réessayez plus tard."
            )
            % {"delay": hours(law("deadlines.ephoto_activation_hours"))}
        )
    ),
    EphotoOutcome.EXPIRED: with_law(
        lambda: (
            _("Ce code a plus de %(validity)s et n'est plus valable : faites une nouvelle e-photo.")
            % {"validity": months(law("deadlines.ephoto_validity_months"))}
        )
    ),
    EphotoOutcome.USED: _(
        "Ce code a déjà servi pour une autre démarche : faites une nouvelle e-photo."
    ),
}
REFUSALS = {
    "missing_documents": _("Il manque des documents : %(detail)s."),
    "not_online": _(
        "Votre situation ne permet pas le dépôt en ligne : voyez le résultat ci-dessus."
    ),
    "ephoto": _("Le code e-photo n'est plus valable : saisissez-en un autre à l'étape Documents."),
    "stale_form": _("Ce formulaire n'est plus à jour : rechargez la page."),
    "not_a_draft": _("Cette demande est déjà déposée."),
}


def _nav(dossier, current: str) -> dict:
    slugs = [s for s, _label in STEPS]
    index = slugs.index(current)
    return {
        "dossier": dossier,
        "steps": STEPS,
        "number": index + 1,
        "total": len(STEPS),
        "title": STEPS[index][1],
        "back": slugs[index - 1] if index else None,
    }


@login_required
@require_http_methods(["GET", "POST"])
def new(request, kind: str, applicant_id: int | None = None):
    """Start a request of this kind: for oneself, for one's child where the procedure
    allows it (one per child, 000 Q37), or as a helper for the applicant of a mandate."""
    spec = KINDS.get(kind)
    if spec is None:
        raise Http404
    user = request.user
    if user.role == "helper":
        applicant = applicant_for_helper(helper=user, applicant_id=applicant_id or 0)
        if applicant is None or not mandate_covers(
            helper=user, applicant_id=applicant.pk, procedure=spec.procedure
        ):
            raise Http404
        filed_by = "helper"
    elif user.role == "applicant" and applicant_id is None:
        applicant = user
        child = spec.for_child is not None and request.POST.get("for") == "child"
        filed_by = "parent" if child else "self"
    else:
        raise Http404
    refusal, status = None, 200
    if request.method == "POST":
        try:
            dossier = deposit.draft_create(
                filer=user, applicant=applicant, filed_by=filed_by, procedure=spec.procedure
            )
        except subjects.Refused as refused:
            refusal, status = refused, 409
        else:
            return redirect("dossiers:deposit_step", reference=dossier.reference, step="identite")
    return render(
        request,
        "dossiers/deposit_new.html",
        {
            "applicant": applicant,
            "helper": user.role == "helper",
            "kind": spec,
            "refusal": refusal_text(refusal) if refusal else "",
            "open_reference": refusal.open_reference if refusal else "",
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def step(request, reference: str, step: str):
    dossier = editable_or_404(request, reference)
    if dossier.state != State.DRAFT:  # a replayed deposit form lands where the first did
        target = "dossiers:confirmation" if step == "recapitulatif" else "dossiers:detail"
        return redirect(target, reference=reference)
    handler = {
        "identite": _identity,
        "adresse": _address,
        "situation": _situation,
        "documents": _documents,
        "recapitulatif": _summary,
    }.get(step)
    if handler is None:
        raise Http404
    # Opened ahead of the answers (a bookmark, a shared link, a typed address): each step
    # depends on the ones before it, so the applicant goes back to the first one to fill.
    slugs = [s for s, _label in STEPS]
    todo = first_incomplete(dossier)
    if slugs.index(step) > slugs.index(todo):
        messages.info(request, _("Commencez par cette étape : les suivantes en dépendent."))
        return redirect("dossiers:deposit_step", reference=reference, step=todo)
    return handler(request, dossier)


def first_incomplete(dossier) -> str:
    """The first step of this draft still to fill ("recapitulatif" when all are)."""
    draft = dossier.draft or {}
    if not draft.get("identity"):
        return "identite"
    if not draft.get("address"):
        return "adresse"
    if not draft.get("situation"):
        return "situation"
    try:
        assessment = deposit.assessment_of(dossier, today=timezone.localdate())
    except InvalidSituation:  # answered under other rules, or a field since required
        return "situation"
    if assessment.channel != "online":
        return "situation"
    if deposit.missing_documents(dossier, assessment):
        return "documents"
    return "recapitulatif"


def _simple(request, dossier, slug, form, draft_key, next_step, extra=None):
    if request.method == "POST" and form.is_valid():
        data = (
            form.as_draft()
            if hasattr(form, "as_draft")
            else {
                k: (v.isoformat() if hasattr(v, "isoformat") else v)
                for k, v in form.cleaned_data.items()
            }
        )
        deposit.draft_save(dossier=dossier, by=request.user, step=draft_key, data=data)
        return redirect("dossiers:deposit_step", reference=dossier.reference, step=next_step)
    return render(
        request,
        "dossiers/deposit_step.html",
        {**_nav(dossier, slug), "form": form, **(extra or {})},
    )


def _identity(request, dossier):
    for_child = dossier.filed_by == "parent"
    saved = dossier.draft.get("identity", {})
    initial = saved.get("minor", {}) if for_child else saved
    form = IdentityStepForm(request.POST or None, initial=initial, for_child=for_child)
    open_reference = ""
    if request.method == "POST" and form.is_valid():
        try:
            if for_child:  # the child as the register knows them, or a refusal
                subjects.child_identity_save(
                    dossier=dossier, by=request.user, data=form.cleaned_data
                )
            else:
                deposit.draft_save(
                    dossier=dossier, by=request.user, step="identity", data={"confirm": True}
                )
        except subjects.Refused as refused:
            form.add_error(FIELDS.get(refused.code), refusal_text(refused))
            open_reference = refused.open_reference
        else:
            return redirect("dossiers:deposit_step", reference=dossier.reference, step="adresse")
    return render(
        request,
        "dossiers/deposit_step.html",
        {
            **_nav(dossier, "identite"),
            "form": form,
            "holder": deposit.holder_of(dossier),
            "for_child": for_child,
            "open_reference": open_reference,
        },
    )


def _address(request, dossier):
    form = AddressStepForm(request.POST or None, initial=dossier.draft.get("address", {}))
    return _simple(request, dossier, "adresse", form, "address", "situation")


def engine_accepts(form, dossier):
    """True when the engine lets this situation be filed online; for a renewal before
    its window, the date the window opens; otherwise False and the form says why.
    First, what the register records of the person (protection, card) must be what
    the form says: the engine is asked about the person as they are known."""
    if not register_agrees(form, dossier):
        return False
    trial = dict(dossier.draft)
    trial["situation"] = form.as_draft()
    dossier.draft = trial  # not saved: the engine checks the answers first
    try:
        assessment = deposit.assessment_of(dossier, today=timezone.localdate())
    except InvalidSituation as exc:
        field = _FIELD_OF.get(exc.path)
        message = _("Cette réponse est nécessaire pour votre situation.")
        form.add_error(field if field in form.fields else None, message)
        return False
    if assessment.channel == "online":
        return True
    if assessment.channel == "too_early":
        return assessment.deadlines.renewal_window_opens
    for reason in assessment.reasons:
        if reason.rule.startswith("CH-") or not reason.met:
            form.add_error(None, reason.text)
    return False


def _situation(request, dossier):
    form_class = kind_of(dossier).situation_form
    form = form_class(request.POST or None, initial=_initial_situation(dossier))
    extra: dict = {}
    if request.method == "POST" and form.is_valid():
        verdict = engine_accepts(form, dossier)
        if verdict is True:
            deposit.draft_save(
                dossier=dossier, by=request.user, step="situation", data=form.as_draft()
            )
            return redirect("dossiers:deposit_step", reference=dossier.reference, step="documents")
        if verdict is not False:  # too early: say when, offer a reminder
            deposit.draft_save(
                dossier=dossier, by=request.user, step="situation", data=form.as_draft()
            )
            extra["too_early"] = verdict
            if request.POST.get("action") == "remind":
                from sejour.reminders.services import subscribe_renewal

                data = form.cleaned_data
                subscribe_renewal(
                    user=dossier.applicant,
                    card_kind=data["card_kind"],
                    valid_until=data["card_valid_until"],
                )
                extra["reminder_set"] = True
    return render(
        request,
        "dossiers/deposit_step.html",
        {**_nav(dossier, "situation"), "form": form, **extra},
    )


_FIELD_OF = {
    "protection.decision_date": "decision_date",
    "protection.asylum_application_date": "asylum_date",
    "family_link.union_date": "union_date",
    "family_link.common_life_since": "common_life_since",
    "family_link.sponsor_birth_date": "sponsor_birth_date",
    "family_link.sponsor_marital_status": "sponsor_marital_status",
    "person.birth_date": None,
    "current_document": "card_kind",
    "current_document.valid_until": "card_valid_until",
    "current_document.valid_from": "card_valid_from",
}


def _initial_situation(dossier) -> dict:
    """What the applicant saved, or else what the register of foreigners knows of their
    protection and card (the form is pre-filled, they check it)."""
    saved = dict(dossier.draft.get("situation", {}))
    if not saved and dossier.procedure != "first_permit":
        saved = subjects.register_prefill(dossier)
    if "wants_to_work" in saved:
        saved["wants_to_work"] = "oui" if saved["wants_to_work"] else "non"
    # Dates are kept as ISO strings: given back as dates, the fields show them as the
    # hint asks them typed (JJ/MM/AAAA), not as 2026-10-01.
    for key, value in saved.items():
        if isinstance(value, str) and _ISO_DAY.fullmatch(value):
            with contextlib.suppress(ValueError):  # an impossible date stays as typed
                saved[key] = date.fromisoformat(value)
    return saved


_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def _documents(request, dossier):
    assessment = deposit.assessment_of(dossier, today=timezone.localdate())
    ephoto_form = EphotoForm(initial={"ephoto": dossier.draft.get("ephoto", {}).get("code", "")})
    upload_errors: dict[str, str] = {}
    if request.method == "POST" and request.POST.get("action") == "ephoto":
        ephoto_form = EphotoForm(request.POST)
        if ephoto_form.is_valid():
            outcome = deposit.ephoto_set(
                dossier=dossier, by=request.user, code=ephoto_form.cleaned_data["ephoto"]
            )
            if outcome is EphotoOutcome.OK:
                return redirect(
                    "dossiers:deposit_step", reference=dossier.reference, step="documents"
                )
            ephoto_form.add_error("ephoto", EPHOTO_MESSAGES[outcome])
    elif request.method == "POST" and request.POST.get("action") == "upload":
        form = UploadForm(request.POST, request.FILES)
        code = request.POST.get("code", "")
        if code not in deposit.required_documents(assessment):
            raise Http404
        if not form.is_valid():
            upload_errors[code] = " ".join(str(e) for e in form.errors.get("file", []))
        else:
            try:
                upload = form.cleaned_data["file"]
                deposit.document_add(
                    dossier=dossier,
                    by=request.user,
                    code=code,
                    name=upload.name,
                    data=upload.read(),
                )
            except uploads.Refused as refused:
                upload_errors[code] = str(refused)
            except deposit.DepositRefused:  # deposited meanwhile (another tab), under the lock
                messages.error(request, REFUSALS["not_a_draft"])
                return redirect("dossiers:detail", reference=dossier.reference)
            else:
                return redirect(
                    "dossiers:deposit_step", reference=dossier.reference, step="documents"
                )
    elif request.method == "POST" and request.POST.get("action") == "next":
        missing = deposit.missing_documents(dossier, assessment)
        if not missing:
            return redirect(
                "dossiers:deposit_step", reference=dossier.reference, step="recapitulatif"
            )
        for code in missing:
            upload_errors[code] = _("Ce document est nécessaire.")
    current = {d.code: d for d in dossier.documents.filter(replaced_at__isnull=True)}
    rows = [
        {
            "code": d.code,
            "label": labels.DOCUMENTS[d.code],
            "required": d.required,
            "uploaded": current.get(d.code),
            "error": upload_errors.get(d.code),
        }
        for d in assessment.documents
        if d.provided_by is None and d.code != "ephoto"
    ]
    return render(
        request,
        "dossiers/deposit_documents.html",
        {
            **_nav(dossier, "documents"),
            "rows": rows,
            "ephoto_form": ephoto_form,
            "needs_ephoto": any(d.code == "ephoto" for d in assessment.documents),
            "ephoto_ok": bool(dossier.draft.get("ephoto", {}).get("code")),
            "upload_errors": upload_errors,
        },
    )


def _summary(request, dossier):
    assessment = deposit.assessment_of(dossier, today=timezone.localdate())
    form = SubmitForm(request.POST or None, initial={"deposit_key": dossier.deposit_key})
    open_reference = ""
    if request.method == "POST" and form.is_valid():
        try:
            deposit.dossier_submit(
                dossier=dossier, by=request.user, deposit_key=str(form.cleaned_data["deposit_key"])
            )
        except deposit.DepositRefused as refused:
            form.add_error(None, REFUSALS[refused.code] % {"detail": refused.detail})
        except subjects.Refused as refused:
            form.add_error(None, refusal_text(refused))
            if refused.code in FIELDS:  # what the identity step said: fix it there
                form.add_error(None, _("Corrigez-le à l'étape Identité."))
            open_reference = refused.open_reference
        else:
            return redirect("dossiers:confirmation", reference=dossier.reference)
    return render(
        request,
        "dossiers/deposit_summary.html",
        {
            **_nav(dossier, "recapitulatif"),
            "form": form,
            "a": assessment,
            "card_label": labels.CARDS.get(assessment.card.kind) if assessment.card else None,
            "attestation_label": labels.ATTESTATIONS.get(assessment.deposit_attestation.kind)
            if assessment.deposit_attestation
            else None,
            "fees": [
                (labels.FEES[f.code], f.amount_eur, labels.DUE[f.due]) for f in assessment.fees
            ],
            "notices": [r.text for r in assessment.reasons if r.met and r.rule in SUMMARY_NOTICES],
            "nationality": getattr(subjects.register_entry(dossier), "nationality", ""),
            "kind": kind_of(dossier),
            "open_reference": open_reference,
        },
    )


# Rules whose text the applicant must read before depositing (issue 7).
SUMMARY_NOTICES = {"CARD-CR-4Y", "FEE-LATE", "CARD-DUP", "TIV-VALID"}
