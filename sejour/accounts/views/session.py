"""Login, logout, second factor, forgotten and forced password changes."""

from __future__ import annotations

from urllib.parse import urlsplit

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from django_otp import devices_for_user
from django_otp import login as otp_login

from sejour.accounts.changes import password_changed
from sejour.accounts.enrolment import enrolment_check, enrolment_complete, enrolment_device
from sejour.accounts.forms import (
    ChangePasswordForm,
    EnrolmentForm,
    LoginForm,
    NewPasswordForm,
    ResetRequestForm,
    TokenForm,
)
from sejour.accounts.guards import login_succeeded, login_wait, mail_wait
from sejour.accounts.middleware import needs_second_factor
from sejour.accounts.services import Refused
from sejour.accounts.throttle import client_address
from sejour.accounts.views.refusals import REFUSALS
from sejour.audit.services import audit_record


def locked(request, wait: int):
    """Too many failures for this account from this client, or from this client: wait,
    or take the reset link (it signs the real person in, whatever the limits)."""
    minutes = max(1, -(-wait // 60))
    return render(request, "accounts/locked.html", {"minutes": minutes}, status=429)


class LoginView(auth_views.LoginView):
    form_class = LoginForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def post(self, request, *args, **kwargs):
        wait = login_wait(username=request.POST.get("username", ""), client=client_address(request))
        if wait:
            audit_record(actor=None, action="account.login_delayed", data={"seconds": wait})
            return locked(request, wait)
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        response = super().form_valid(form)
        user = form.get_user()
        login_succeeded(username=user.get_username(), client=client_address(self.request))
        audit_record(actor=user, action="account.login")
        return response


@login_required
def home(request):
    """Where each kind of user starts."""
    user = request.user
    if needs_second_factor(user) and not user.is_verified():
        return redirect("accounts:second_factor")
    destination = {
        "applicant": "dossiers:home",
        "helper": "accounts:helper_home",
        "agent": "instruction:home",
        "admin": "pilotage:home",
    }[user.role]
    return redirect(destination)


@login_required
@require_http_methods(["GET", "POST"])
def second_factor(request):
    user = request.user
    if not any(devices_for_user(user, confirmed=True)):
        return redirect("accounts:second_factor_setup")
    form = TokenForm(request.POST or None, user=user)
    if request.method == "POST" and form.is_valid():
        otp_login(request, form.matched)
        audit_record(actor=user, action="account.second_factor")
        return redirect("accounts:home")
    return render(request, "accounts/second_factor.html", {"form": form})


ENROLMENT_SESSION_KEY = "enrolment_code"


@login_required
@require_http_methods(["GET", "POST"])
def second_factor_setup(request):
    """Link an authenticator application (TOTP): first the enrolment code an administrator
    issued, then the QR code and the first code the application shows."""
    user = request.user
    if any(devices_for_user(user, confirmed=True)):
        return redirect("accounts:second_factor")
    enrolment_id = request.session.get(ENROLMENT_SESSION_KEY)
    if enrolment_id is None:
        form = EnrolmentForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                enrolment = enrolment_check(user=user, code=form.cleaned_data["code"])
            except Refused as refused:
                form.add_error("code", REFUSALS[refused.code])
            else:
                request.session[ENROLMENT_SESSION_KEY] = enrolment.pk
                return redirect("accounts:second_factor_setup")
        return render(request, "accounts/enrolment.html", {"form": form})
    device = enrolment_device(user=user)
    form = TokenForm(request.POST or None, user=user, device=device)
    if request.method == "POST" and form.is_valid():
        try:
            enrolment_complete(user=user, enrolment_id=enrolment_id, device=device)
        except Refused as refused:
            request.session.pop(ENROLMENT_SESSION_KEY, None)
            messages.error(request, REFUSALS[refused.code])
            return redirect("accounts:second_factor_setup")
        request.session.pop(ENROLMENT_SESSION_KEY, None)
        otp_login(request, device)
        return redirect("accounts:home")
    qr = segno.make(device.config_url, error="m").svg_inline(scale=4, title=_("Code QR à scanner"))
    secret = device.config_url.split("secret=")[1].split("&")[0]
    return render(
        request, "accounts/second_factor_setup.html", {"form": form, "qr": qr, "secret": secret}
    )


class ResetView(auth_views.PasswordResetView):
    """The link is built from SEJOUR_SITE_URL, never from the Host header (a forged Host
    would send the person's token to another site). Requests are limited per address
    and per client; a limited request answers exactly like the others."""

    form_class = ResetRequestForm
    template_name = "accounts/reset_request.html"
    email_template_name = "notifications/password_reset_body.txt"
    subject_template_name = "notifications/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:reset_sent")

    def form_valid(self, form):
        address = form.cleaned_data["email"]
        if mail_wait(address=address, client=client_address(self.request)):
            audit_record(actor=None, action="account.reset_limited")
        else:
            site = urlsplit(settings.SEJOUR_SITE_URL)
            form.save(
                domain_override=site.netloc,
                use_https=site.scheme == "https",
                token_generator=self.token_generator,
                from_email=self.from_email,
                email_template_name=self.email_template_name,
                subject_template_name=self.subject_template_name,
                request=self.request,
            )
        return HttpResponseRedirect(self.get_success_url())


class ResetConfirmView(auth_views.PasswordResetConfirmView):
    """The link signs the person in at once: whatever an attacker did to the login
    limits, the real person gets in (and staff still pass their second factor)."""

    form_class = NewPasswordForm
    template_name = "accounts/reset_confirm.html"
    success_url = reverse_lazy("accounts:reset_done")
    post_reset_login = True
    post_reset_login_backend = "sejour.accounts.backends.ThrottledModelBackend"

    def form_valid(self, form):
        response = super().form_valid(form)
        login_succeeded(username=form.user.get_username(), client=client_address(self.request))
        audit_record(actor=form.user, action="account.password_reset")
        return response


class ChangeView(auth_views.PasswordChangeView):
    """Asks the current password; the new one closes every other session (their hash no
    longer matches) and the address on file is told, with the way back."""

    form_class = ChangePasswordForm
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:home")

    def form_valid(self, form):
        try:
            with transaction.atomic():
                response = super().form_valid(form)
                user = form.user
                if user.must_change_password:
                    user.must_change_password = False
                    user.save(update_fields=["must_change_password"])
                audit_record(actor=user, action="account.password_changed")
                password_changed(user=user)
        except OSError:  # the message could not leave: nothing changed
            form.user.refresh_from_db()
            update_session_auth_hash(self.request, form.user)  # still signed in, as before
            form.add_error(None, REFUSALS["email_unavailable"])
            return self.form_invalid(form)
        messages.success(self.request, _("Votre mot de passe est changé."))
        return response
