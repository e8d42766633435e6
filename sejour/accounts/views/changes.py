"""Undoing an e-mail change one did not make, from the link sent to the old address."""

from __future__ import annotations

from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from sejour.accounts.changes import email_undo, email_undo_check
from sejour.accounts.services import Refused
from sejour.accounts.views.refusals import REFUSALS


@require_http_methods(["GET", "POST"])
def undo_email(request, token: str):
    """GET asks (a mail client opening links must not undo anything); POST undoes."""
    try:
        if request.method == "POST":
            return redirect(email_undo(token=token))
        old_email = email_undo_check(token=token)
    except Refused as refused:
        return render(
            request,
            "accounts/signup_link_error.html",
            {"message": REFUSALS[refused.code], "code": refused.code},
            status=400,
        )
    return render(request, "accounts/email_undo.html", {"old_email": old_email})
