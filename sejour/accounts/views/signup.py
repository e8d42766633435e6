"""Sign-up in three steps (000 Q10): register check, e-mail, password. Steps 1 and 2
answer the same whatever the register says (sejour/accounts/signup.py)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from sejour.accounts.forms import EmailForm, IdentityForm, NewPasswordForm
from sejour.accounts.models import PendingSignup, Prefecture, User
from sejour.accounts.services import Refused
from sejour.accounts.signup import (
    signup_check_identity,
    signup_complete,
    signup_send,
    signup_verify,
)
from sejour.accounts.throttle import client_address
from sejour.accounts.views.refusals import REFUSALS
from sejour.integrations.register import RegisterUnavailable

SESSION_KEY = "signup_pending"
CHECKED = "signup_checked"  # step 1 was passed, whatever it found
SENT_TO = "signup_sent_to"


def _pending(request) -> PendingSignup | None:
    pending_id = request.session.get(SESSION_KEY)
    return (
        PendingSignup.objects.filter(pk=pending_id, used_at__isnull=True).first()
        if pending_id
        else None
    )


@require_http_methods(["GET", "POST"])
def identity(request):
    form = IdentityForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            pending = signup_check_identity(
                kind=data["kind"],
                number=data["number"],
                valid_from=data["valid_from"],
                valid_until=data["valid_until"],
                lang=get_language(),
                client=client_address(request),
            )
        except Refused as refused:
            form.add_error(None, REFUSALS[refused.code] % {"minutes": refused.detail})
        except RegisterUnavailable:
            form.add_error(None, REFUSALS["register_unavailable"])
        else:
            request.session.pop(SENT_TO, None)
            request.session[SESSION_KEY] = pending.pk if pending else None
            request.session[CHECKED] = True
            return redirect("accounts:signup_email")
    return render(request, "accounts/signup_identity.html", {"form": form, "step": 1})


def unknown(request):
    return render(
        request, "accounts/signup_unknown.html", {"prefectures": Prefecture.objects.all()}
    )


@require_http_methods(["GET", "POST"])
def email(request):
    if not request.session.get(CHECKED):
        return redirect("accounts:signup")
    form = EmailForm(request.POST or None, initial={"email": request.session.get(SENT_TO, "")})
    if request.method == "POST" and form.is_valid():
        address = form.cleaned_data["email"]
        try:
            signup_send(
                pending=_pending(request),
                email=address,
                lang=get_language(),
                client=client_address(request),
            )
        except Refused as refused:
            form.add_error(None, REFUSALS[refused.code])
        else:
            request.session[SENT_TO] = address
            return redirect("accounts:signup_sent")
    return render(request, "accounts/signup_email.html", {"form": form, "step": 2})


def sent(request):
    if not request.session.get(SENT_TO):
        return redirect("accounts:signup")
    return render(
        request, "accounts/signup_sent.html", {"email": request.session[SENT_TO], "step": 2}
    )


def verify(request, token: str):
    try:
        pending = signup_verify(token=token)
    except Refused as refused:
        return render(
            request,
            "accounts/signup_link_error.html",
            {"message": REFUSALS[refused.code], "code": refused.code},
            status=400,
        )
    request.session[SESSION_KEY] = pending.pk
    return redirect("accounts:signup_password")


@require_http_methods(["GET", "POST"])
def password(request):
    pending = _pending(request)
    if pending is None:
        return redirect("accounts:signup")
    if pending.verified_at is None:
        return redirect("accounts:signup_sent")
    someone = User(
        username=pending.identifier,
        first_name=pending.first_names,
        last_name=pending.last_name,
        email=pending.email,
    )
    form = NewPasswordForm(someone, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = signup_complete(
                pending_id=pending.pk, password=form.cleaned_data["new_password1"]
            )
        except Refused as refused:
            form.add_error(None, REFUSALS[refused.code])
        else:
            for key in (SESSION_KEY, CHECKED, SENT_TO):
                request.session.pop(key, None)
            login(request, user, backend="sejour.accounts.backends.ThrottledModelBackend")
            messages.success(
                request,
                _("Votre compte est créé. Votre identifiant est votre numéro : %(id)s.")
                % {"id": user.username},
            )
            return redirect("dossiers:home")
    return render(
        request, "accounts/signup_password.html", {"form": form, "step": 3, "pending": pending}
    )
