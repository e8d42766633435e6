"""Login, logout, second factor, forgotten and forced password changes."""

from __future__ import annotations

import segno
from axes.utils import reset as axes_reset
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from django_otp import devices_for_user
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from sejour.accounts.forms import (
    ChangePasswordForm,
    LoginForm,
    NewPasswordForm,
    ResetRequestForm,
    TokenForm,
)
from sejour.audit.services import audit_record

SECOND_FACTOR_ROLES = ("agent", "admin")


class LoginView(auth_views.LoginView):
    form_class = LoginForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def form_valid(self, form):
        response = super().form_valid(form)
        audit_record(actor=form.get_user(), action="account.login")
        return response


@login_required
def home(request):
    """Where each kind of user starts."""
    user = request.user
    if user.role in SECOND_FACTOR_ROLES and not user.is_verified():
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


@login_required
@require_http_methods(["GET", "POST"])
def second_factor_setup(request):
    """First login of an agent: link an authenticator application (TOTP)."""
    user = request.user
    if any(devices_for_user(user, confirmed=True)):
        return redirect("accounts:second_factor")
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="sejour", confirmed=False)
    form = TokenForm(request.POST or None, user=user, device=device)
    if request.method == "POST" and form.is_valid():
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        otp_login(request, device)
        audit_record(actor=user, action="account.second_factor_enrolled")
        return redirect("accounts:home")
    qr = segno.make(device.config_url, error="m").svg_inline(scale=4, title=_("Code QR à scanner"))
    secret = device.config_url.split("secret=")[1].split("&")[0]
    return render(
        request, "accounts/second_factor_setup.html", {"form": form, "qr": qr, "secret": secret}
    )


class ResetView(auth_views.PasswordResetView):
    form_class = ResetRequestForm
    template_name = "accounts/reset_request.html"
    email_template_name = "notifications/password_reset_body.txt"
    subject_template_name = "notifications/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:reset_sent")


class ResetConfirmView(auth_views.PasswordResetConfirmView):
    form_class = NewPasswordForm
    template_name = "accounts/reset_confirm.html"
    success_url = reverse_lazy("accounts:reset_done")

    def form_valid(self, form):
        response = super().form_valid(form)
        axes_reset(username=form.user.get_username())  # a new password unlocks the account
        audit_record(actor=form.user, action="account.password_reset")
        return response


class ChangeView(auth_views.PasswordChangeView):
    form_class = ChangePasswordForm
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:home")

    def form_valid(self, form):
        response = super().form_valid(form)
        user = form.user
        if user.must_change_password:
            user.must_change_password = False
            user.save(update_fields=["must_change_password"])
        audit_record(actor=user, action="account.password_changed")
        messages.success(self.request, _("Votre mot de passe est changé."))
        return response
