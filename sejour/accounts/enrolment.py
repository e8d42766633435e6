"""Linking an authenticator (TOTP) needs a code an administrator issued (issue 13).

The code is single-use, expires after settings.SEJOUR_ENROLMENT_HOURS, is kept as a
keyed hash only, and stops working after ENROLMENT_ATTEMPTS wrong entries. Issuing a new
code removes the person's current second factor (a lost telephone): until they link a
new authenticator with it, they reach nothing but the enrolment page.
"""

from __future__ import annotations

import secrets
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from django_otp import devices_for_user
from django_otp.plugins.otp_totp.models import TOTPDevice

from sejour.accounts.middleware import needs_second_factor
from sejour.accounts.models import EnrolmentCode, User
from sejour.accounts.services import Refused
from sejour.audit.services import audit_record

ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I/L: read out or copied by hand
ENROLMENT_ATTEMPTS = 5


def _normalise(code: str) -> str:
    return "".join(ch for ch in code.upper() if ch.isalnum())


def _hash(user: User, code: str) -> str:
    return salted_hmac("sejour.enrolment", f"{user.pk}:{_normalise(code)}").hexdigest()


@transaction.atomic
def enrolment_issue(*, admin: User, user: User) -> str:
    """A new enrolment code for `user`, returned in clear once; earlier codes and the
    current second factor stop working."""
    if admin.role != User.Role.ADMIN or not needs_second_factor(user):
        raise Refused("not_allowed")
    raw = "".join(secrets.choice(ALPHABET) for _ in range(12))
    code = "-".join(raw[i : i + 4] for i in range(0, 12, 4))
    EnrolmentCode.objects.filter(user=user, used_at__isnull=True).update(used_at=timezone.now())
    for device in devices_for_user(user, confirmed=None):
        device.delete()
    EnrolmentCode.objects.create(
        user=user,
        issued_by=admin,
        code_hash=_hash(user, code),
        expires_at=timezone.now() + timedelta(hours=settings.SEJOUR_ENROLMENT_HOURS),
    )
    audit_record(actor=admin, action="account.enrolment_issued", target=user)
    return code


def enrolment_check(*, user: User, code: str) -> EnrolmentCode:
    """The code typed on the enrolment page. A wrong code is counted (and kept counted:
    the refusal is raised after the attempt is committed)."""
    with transaction.atomic():
        live = (
            EnrolmentCode.objects.select_for_update()
            .filter(user=user, used_at__isnull=True, expires_at__gt=timezone.now())
            .first()
        )
        if live is not None and live.attempts < ENROLMENT_ATTEMPTS:
            if constant_time_compare(live.code_hash, _hash(user, code)):
                return live
            live.attempts += 1
            live.save(update_fields=["attempts"])
        audit_record(actor=user, action="account.enrolment_wrong_code", target=user)
    if live is None or live.attempts >= ENROLMENT_ATTEMPTS:
        raise Refused("enrolment_unusable")
    raise Refused("enrolment_wrong")


def enrolment_device(*, user: User) -> TOTPDevice:
    """The authenticator being linked (created once, confirmed by enrolment_complete)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    return device or TOTPDevice.objects.create(user=user, name="sejour", confirmed=False)


@transaction.atomic
def enrolment_complete(*, user: User, enrolment_id: int, device: TOTPDevice) -> None:
    """The first code shown by the new authenticator was right: the enrolment code is
    spent and the authenticator becomes the person's second factor."""
    enrolment = (
        EnrolmentCode.objects.select_for_update()
        .filter(pk=enrolment_id, user=user, used_at__isnull=True, expires_at__gt=timezone.now())
        .first()
    )
    if enrolment is None:
        raise Refused("enrolment_unusable")
    enrolment.used_at = timezone.now()
    enrolment.save(update_fields=["used_at"])
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    audit_record(actor=user, action="account.second_factor_enrolled", target=user)
