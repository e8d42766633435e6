"""What the person is told when their account's e-mail, password or postal address
changes (issue 13), and how they undo a change they did not make.

- The password changed: the address on file gets a message with a fresh link to choose
  another password (a password change already closes every other session).
- The e-mail changed: the old address gets a message with a link that puts it back,
  closes every session (the password becomes unusable) and leads to choosing a new
  password, so someone who took the session cannot keep the account.
- The postal address changed: the e-mail address gets a message (through the outbox,
  in the same transaction as the change).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core import signing
from django.db import transaction
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from sejour.accounts.models import User
from sejour.accounts.services import Refused
from sejour.audit.services import audit_record
from sejour.notifications.messages import EmailChanged, PasswordChanged

UNDO_SALT = "sejour.accounts.email-undo"
UNDO_MAX_AGE = 14 * 24 * 3600


def reset_path(user: User) -> str:
    """A link to choose a new password, valid as a reset e-mail's link is."""
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    return reverse("accounts:reset_confirm", args=[uid, token])


def password_changed(*, user: User) -> None:
    """Tell the address on file, with the way back. Raises OSError if it cannot be sent
    (the caller's transaction then keeps the old password)."""
    if not user.email:
        return
    PasswordChanged(
        to=user.email,
        lang=user.language or "fr",
        reset_link=settings.SEJOUR_SITE_URL + reset_path(user),
    ).send()


def email_changed(*, user: User, old_email: str) -> None:
    """Tell the old address, with a link that puts it back. Raises OSError if it cannot
    be sent (the caller's transaction then keeps the old address)."""
    if not old_email:
        return
    token = signing.dumps({"u": user.pk, "from": old_email, "to": user.email}, salt=UNDO_SALT)
    EmailChanged(
        to=old_email,
        lang=user.language or "fr",
        new_email=user.email,
        undo_link=settings.SEJOUR_SITE_URL + reverse("accounts:email_undo", args=[token]),
        days=UNDO_MAX_AGE // 86400,
    ).send()


def _undo_data(token: str) -> dict[str, Any]:
    try:
        return signing.loads(token, salt=UNDO_SALT, max_age=UNDO_MAX_AGE)
    except signing.BadSignature:  # expired, too
        raise Refused("undo_stale") from None


def email_undo_check(*, token: str) -> str:
    """The address the link would put back (to show before asking to confirm)."""
    return str(_undo_data(token)["from"])


@transaction.atomic
def email_undo(*, token: str) -> str:
    """Put the old address back, close every session, and return the link to choose a
    new password. Refused if the address has changed again since."""
    data = _undo_data(token)
    user = User.objects.select_for_update().filter(pk=data.get("u")).first()
    if user is None or user.email.lower() != str(data.get("to", "")).lower():
        raise Refused("undo_stale")
    if User.objects.filter(email__iexact=data["from"]).exclude(pk=user.pk).exists():
        raise Refused("undo_stale")
    user.email = data["from"]
    user.set_unusable_password()  # every session ends: their hash no longer matches
    user.save(update_fields=["email", "password"])
    audit_record(actor=None, action="account.email_change_undone", target=user)
    return reset_path(user)


def address_changed(*, user: User) -> None:
    """Within the change's transaction: the message waits in the outbox until commit."""
    from sejour.notifications.services import notify

    if user.email:
        notify(
            user=user,
            template="address_changed",
            context={
                "postal_code": user.address.get("postal_code", ""),
                "city": user.address.get("city", ""),
                "reset_link": settings.SEJOUR_SITE_URL + reverse("accounts:reset"),
            },
        )
