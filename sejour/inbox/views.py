"""The help contact form (public) and the prefecture's inbox (agents)."""

from __future__ import annotations

import hashlib

from django.contrib import messages
from django.core.cache import cache
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import get_language, gettext_lazy, ngettext
from django.utils.translation import gettext as _

from sejour.accounts.permissions import agent_required
from sejour.audit.services import audit_record
from sejour.dossiers.selectors import dossiers_for_applicant
from sejour.inbox.forms import AnswerForm, ContactForm
from sejour.inbox.selectors import messages_for_agent
from sejour.inbox.services import InboxRefused, contact_send, message_answer

# Messages sent per sender (e-mail address) and hour. An association's office writes for
# many people from one connection, so the client address only has a far higher ceiling,
# against a robot. Only messages actually sent count: a form sent back to be corrected
# costs nothing.
CONTACT_LIMIT = (5, 3600)
CONTACT_CLIENT_LIMIT = (100, 3600)


def _digest(value: str) -> str:  # no e-mail address in the cache's keys
    return hashlib.sha256(value.encode()).hexdigest()


def _contact_keys(request, email: str) -> list[tuple[str, int, int]]:
    return [
        (f"contact:sender:{_digest(email.strip().lower())}", *CONTACT_LIMIT),
        (f"contact:client:{request.META.get('REMOTE_ADDR', '')}", *CONTACT_CLIENT_LIMIT),
    ]


def _contact_held(request, email: str) -> bool:
    return any((cache.get(key) or 0) >= limit for key, limit, _w in _contact_keys(request, email))


def _contact_count(request, email: str) -> None:
    for key, _limit, window in _contact_keys(request, email):
        if not cache.add(key, 1, timeout=window):
            try:
                cache.incr(key)
            except ValueError:  # expired between add and incr
                cache.set(key, 1, timeout=window)


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
        if form.is_valid() and _contact_held(request, form.cleaned_data["email"]):
            limit = CONTACT_LIMIT[0]
            messages.error(
                request,
                ngettext(
                    "Vous avez déjà envoyé %(count)s message depuis cette adresse e-mail dans "
                    "l'heure : la limite est de %(count)s message par heure. Réessayez dans une "
                    "heure, ou complétez votre message précédent quand on vous répond.",
                    "Vous avez déjà envoyé %(count)s messages depuis cette adresse e-mail dans "
                    "l'heure : la limite est de %(count)s messages par heure. Réessayez dans une "
                    "heure, ou complétez votre message précédent quand on vous répond.",
                    limit,
                )
                % {"count": limit},
            )
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
                _contact_count(request, data["email"])
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
