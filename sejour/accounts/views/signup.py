"""Sign-up in three steps (000 Q10): register check, e-mail verification, password."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from sejour.accounts.forms import EmailForm, IdentityForm, NewPasswordForm
from sejour.accounts.models import PendingSignup, Prefecture, User
from sejour.accounts.services import (
    Refused,
    signup_check_identity,
    signup_complete,
    signup_send_verification,
    signup_verify,
)
from sejour.accounts.views.refusals import REFUSALS
from sejour.integrations.register import RegisterUnavailable

SESSION_KEY = "signup_pending"


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
            )
        except Refused as refused:
            if refused.code == "unknown":
                return redirect("accounts:signup_unknown")
            form.add_error(None, REFUSALS[refused.code])
        except RegisterUnavailable:
            form.add_error(None, REFUSALS["register_unavailable"])
        else:
            request.session[SESSION_KEY] = pending.pk
            return redirect("accounts:signup_email")
    return render(request, "accounts/signup_identity.html", {"form": form, "step": 1})


def unknown(request):
    return render(
        request, "accounts/signup_unknown.html", {"prefectures": Prefecture.objects.all()}
    )


@require_http_methods(["GET", "POST"])
def email(request):
    pending = _pending(request)
    if pending is None:
        return redirect("accounts:signup")
    form = EmailForm(request.POST or None, initial={"email": pending.email})
    if request.method == "POST" and form.is_valid():
        try:
            signup_send_verification(
                pending=pending,
                email=form.cleaned_data["email"],
                link_for=lambda token: (
                    settings.SEJOUR_SITE_URL + reverse("accounts:signup_verify", args=[token])
                ),
            )
        except Refused as refused:
            form.add_error(None, REFUSALS[refused.code])
        else:
            return redirect("accounts:signup_sent")
    return render(
        request, "accounts/signup_email.html", {"form": form, "step": 2, "pending": pending}
    )


def sent(request):
    pending = _pending(request)
    if pending is None or not pending.email:
        return redirect("accounts:signup")
    return render(request, "accounts/signup_sent.html", {"pending": pending, "step": 2})


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
            request.session.pop(SESSION_KEY, None)
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(
                request,
                _("Votre compte est créé. Votre identifiant est votre numéro : %(id)s.")
                % {"id": user.username},
            )
            return redirect("dossiers:home")
    return render(
        request, "accounts/signup_password.html", {"form": form, "step": 3, "pending": pending}
    )
