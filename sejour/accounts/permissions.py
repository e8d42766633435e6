"""Who may open which page. Anonymous visitors go to the login page; a signed-in user
without the role gets a 403; an agent, administrator or helper without the second
factor goes to the second-factor page first (and SecondFactorMiddleware already sends
them there from every other URL)."""

from __future__ import annotations

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect


def _needs(role: str, *, second_factor: bool = False):
    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            user = request.user
            if not user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if user.role != role:
                raise PermissionDenied
            if second_factor and not user.is_verified():
                return redirect("accounts:second_factor")
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


applicant_required = _needs("applicant")
helper_required = _needs("helper", second_factor=True)
agent_required = _needs("agent", second_factor=True)
admin_required = _needs("admin", second_factor=True)
