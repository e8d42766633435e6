"""What every request of a signed-in person passes through, whatever the URL: the second
factor, the forced password change, the session's lifetime and the cache policy.

Each check is a default-deny here rather than a decorator on views, so that a new page
is protected without anyone remembering to protect it (issue 13)."""

from __future__ import annotations

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.urls import Resolver404, resolve
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _

# The pages a session may open before its second factor: nothing else, not even public
# pages, so that no page reached that way can show personal data.
BEFORE_SECOND_FACTOR = {
    "accounts:second_factor",
    "accounts:second_factor_setup",
    "accounts:logout",
}
STARTED, SEEN = "_sejour_started", "_sejour_seen"


def needs_second_factor(user) -> bool:
    """Agents, administrators and helpers (and anyone the Django admin lets in) pass a
    second factor; applicants do not."""
    return bool(
        user.is_authenticated
        and (user.role in settings.SEJOUR_SECOND_FACTOR_ROLES or user.is_staff or user.is_superuser)
    )


def _view_name(request) -> str | None:
    try:
        return resolve(request.path_info).view_name
    except Resolver404:
        return None


class SecondFactorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            user is not None
            and needs_second_factor(user)
            and not user.is_verified()
            and _view_name(request) not in BEFORE_SECOND_FACTOR
        ):
            return redirect("accounts:second_factor")
        return self.get_response(request)


class PasswordChangeRequiredMiddleware:
    """A user given a provisional password (a minor's account, 000 Q29) chooses their own
    before anything else."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.must_change_password:
            allowed = {"accounts:password_change", *BEFORE_SECOND_FACTOR}
            if _view_name(request) not in allowed:
                return redirect("accounts:password_change")
        return self.get_response(request)


class SessionLifetimeMiddleware:
    """A session ends after a while without a request (staff sooner than applicants) and,
    in any case, a fixed time after the login: a forgotten open session on a shared
    computer (an association, a library) does not stay open."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = int(time.time())
            started = request.session.setdefault(STARTED, now)
            seen = request.session.get(SEEN, now)
            idle = (
                settings.SEJOUR_SESSION_IDLE_STAFF
                if needs_second_factor(user)
                else settings.SEJOUR_SESSION_IDLE
            )
            if now - seen > idle or now - started > settings.SEJOUR_SESSION_ABSOLUTE:
                # The request goes on as anonymous: a private page sends to the login
                # page (with this message), a login form being posted just works.
                logout(request)
                messages.info(request, _("Votre session a expiré : reconnectez-vous."))
            elif now - seen >= 60 or SEEN not in request.session:  # a write a minute at most
                request.session[SEEN] = now
        return self.get_response(request)


def stamp_login(sender, request, user, **kwargs) -> None:
    """The absolute lifetime counts from the login (signal user_logged_in)."""
    if request is not None and hasattr(request, "session"):
        now = int(time.time())
        request.session[STARTED] = request.session[SEEN] = now


# Public pages that show a person's data to whoever has the code.
PERSONAL_PUBLIC = {"attestations:verify", "api-v1:attestation_check"}


class NoStoreMiddleware:
    """Pages shown to a signed-in person, during a sign-up, or naming a person (the
    attestation check), are never kept by the browser or a proxy: the back button on a
    shared computer shows nothing."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        personal = (
            (user is not None and user.is_authenticated)
            or bool(getattr(request, "session", None) and not request.session.is_empty())
            or _view_name(request) in PERSONAL_PUBLIC
        )
        if personal:
            response.headers.pop("Cache-Control", None)
            patch_cache_control(response, no_store=True, no_cache=True, private=True)
        return response
