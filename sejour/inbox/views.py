"""The help contact form (public) and the prefecture's inbox (agents)."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from sejour.accounts.permissions import agent_required
from sejour.audit.services import audit_record
from sejour.core.ratelimit import too_many
from sejour.dossiers.selectors import dossiers_for_applicant
from sejour.inbox.forms import AnswerForm, ContactForm
from sejour.inbox.selectors import messages_for_agent
from sejour.inbox.services import InboxRefused, contact_send, message_answer

CONTACT_LIMIT = (5, 3600)  # messages per hour and address

REFUSALS = {
    "too_many": gettext_lazy("Trois captures d'écran au plus : choisissez les plus utiles."),
    "too_heavy": gettext_lazy(
        "Les captures d'écran sont trop lourdes ensemble : %(detail)s Mo au plus. Envoyez-en moins, ou réduisez-les."
    ),
    "screenshot": gettext_lazy("Capture d'écran %(detail)s"),
    "not_an_image": gettext_lazy(
        "La capture d'écran %(detail)s n'est pas une image : envoyez une photo JPEG ou PNG."
    ),
    "already_answered": gettext_lazy("Ce message a déjà reçu une réponse de %(detail)s."),
    "email_unavailable": gettext_lazy(
        "La réponse n'a pas pu être envoyée par e-mail ; rien n'est enregistré. Réessayez "
        "dans quelques minutes."
    ),
}


def contact(request):
    user = request.user if request.user.is_authenticated else None
    dossiers = (
        list(dossiers_for_applicant(user=user).exclude(state="draft"))
        if user is not None and user.is_applicant
        else []
    )
    initial = {"email": user.email, "name": user.get_full_name()} if user else {}
    form = ContactForm(
        request.POST or None, request.FILES or None, dossiers=dossiers, initial=initial
    )
    status = 200
    if request.method == "POST":
        if too_many(request, "contact", *CONTACT_LIMIT):
            messages.error(request, _("Trop de messages envoyés : réessayez dans une heure."))
            status = 429
        elif form.is_valid():
            data = form.cleaned_data
            try:
                contact_send(
                    author=user,
                    email=data["email"],
                    name=data["name"],
                    lang=get_language(),
                    text=data["text"],
                    prefecture=data["prefecture"],
                    dossier=data["dossier"],
                    screenshots=[f.read() for f in data["screenshots"]],
                )
            except InboxRefused as refused:
                form.add_error(
                    "screenshots", str(REFUSALS[refused.code]) % {"detail": refused.detail}
                )
            else:
                return redirect("help:contact_sent")
        status = 400 if status == 200 else status
    return render(request, "inbox/contact.html", {"form": form}, status=status)


def contact_sent(request):
    return render(request, "inbox/contact_sent.html")


@agent_required
def inbox(request):
    show = request.GET.get("voir", "open")
    rows = messages_for_agent(agent=request.user)
    open_count = rows.filter(answered_at__isnull=True).count()
    if show == "answered":
        rows = rows.filter(answered_at__isnull=False).order_by("-answered_at", "-pk")
    else:
        rows = rows.filter(answered_at__isnull=True).order_by("created_at", "pk")
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "inbox/inbox.html",
        {
            "page": page,
            "show": show,
            "open_count": open_count,
            "prefecture": request.user.prefecture,
        },
    )


def _message_or_404(request, pk: int):
    message = messages_for_agent(agent=request.user).filter(pk=pk).first()
    if message is None:
        raise Http404
    return message


@agent_required
def message(request, pk: int):
    item = _message_or_404(request, pk)
    form = AnswerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            message_answer(message=item, agent=request.user, text=form.cleaned_data["answer"])
        except InboxRefused as refused:
            messages.error(request, str(REFUSALS[refused.code]) % {"detail": refused.detail})
        else:
            messages.success(request, _("La réponse est envoyée."))
            return redirect("instruction:inbox")
        return redirect("instruction:message", pk=pk)
    if request.method == "GET":
        audit_record(
            actor=request.user, action="inbox.message_viewed", target=item, on_behalf_of=item.author
        )
    return render(
        request,
        "inbox/message.html",
        {"item": item, "form": form, "screenshots": item.screenshots.all()},
        status=400 if form.errors else 200,
    )


@agent_required
def screenshot(request, pk: int, shot: int):
    """A screenshot, to the prefecture's agents only; every view is recorded."""
    item = _message_or_404(request, pk)
    capture = item.screenshots.filter(pk=shot, scan="clean").first()  # none in quarantine
    if capture is None:
        raise Http404
    audit_record(actor=request.user, action="inbox.screenshot_viewed", target=item)
    response = FileResponse(capture.file.open("rb"), content_type=capture.content_type)
    response["Content-Security-Policy"] = "sandbox; default-src 'none'"
    response["Cache-Control"] = "private, no-store"
    return response
