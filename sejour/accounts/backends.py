"""Login limits for every login form, ours and the Django admin's (issue 13)."""

from __future__ import annotations

from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import PermissionDenied

from sejour.accounts.guards import login_failed, login_wait
from sejour.accounts.throttle import client_address


class ThrottledModelBackend(ModelBackend):
    """Refuses to check a password while this (account, client) or this client must
    wait; the login page says so before (views.session.LoginView)."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is not None and login_wait(
            username=username or "", client=client_address(request)
        ):
            raise PermissionDenied
        return super().authenticate(request, username=username, password=password, **kwargs)


def count_failure(sender, credentials, request=None, **kwargs) -> None:
    """Signal user_login_failed: every failed login counts, whichever form."""
    if request is not None:
        login_failed(username=credentials.get("username", ""), client=client_address(request))
