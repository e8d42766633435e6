"""Sign-up against the register (000 Q10), answering a stranger nothing (issue 13).

Step 1 (number and document dates) always leads to step 2, whatever the register says;
step 2 (an e-mail address) always says a message was sent. Only the message tells: a
verification link when the register confirms the person and no account exists, else
one same message listing what to check, whatever the reason. Failed checks are limited
per number and per client (guards), so the dates cannot be found by trying; the delay
is bounded, so the real person is never locked out for good.
"""

from __future__ import annotations

import secrets
from datetime import date

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import constant_time_compare

from sejour.accounts.guards import mail_wait, signup_failed, signup_wait
from sejour.accounts.models import PendingSignup, User
from sejour.accounts.services import Refused
from sejour.audit.services import audit_record
from sejour.integrations.register import Outcome, get_register
from sejour.notifications.messages import SignupNotConfirmed, SignupVerification

SIGNUP_SALT = "sejour.accounts.signup"


def _taken(*numbers: str) -> bool:
    numbers = tuple(n for n in numbers if n)
    return (
        User.objects.filter(username__in=numbers).exists()
        or User.objects.filter(foreign_number__in=numbers).exists()
        or User.objects.filter(visa_number__in=numbers).exists()
    )


def signup_check_identity(
    *, kind: str, number: str, valid_from: date, valid_until: date, lang: str, client: str
) -> PendingSignup | None:
    """Step 1: the number and document dates, checked against the register. None when
    they do not lead to a new account (unknown, other dates, no protection, an account
    already): the caller must not show which. Refused("too_many") while limited."""
    wait = signup_wait(number=number, client=client)
    if wait:
        audit_record(actor=None, action="signup.delayed", data={"seconds": wait})
        raise Refused("too_many", str(max(1, -(-wait // 60))))
    register = get_register()
    if kind == "visa":
        found = register.lookup_visa(number, valid_from=valid_from, valid_until=valid_until)
    else:
        found = register.lookup_number(number, valid_from=valid_from, valid_until=valid_until)
    person = found.person
    reason = found.outcome.value
    if found.outcome is Outcome.FOUND and person is not None:
        if not _taken(number, person.foreign_number or "", person.visa_number or ""):
            return PendingSignup.objects.create(
                identifier=person.foreign_number or number,
                identifier_kind=kind,
                foreign_number=person.foreign_number or "",
                visa_number=person.visa_number or "",
                last_name=person.last_name,
                first_names=person.first_names,
                birth_date=person.birth_date,
                language=lang,
            )
        reason = "account_exists"
    signup_failed(number=number, client=client)
    audit_record(actor=None, action="signup.refused", data={"reason": reason})
    return None


def signup_send(*, pending: PendingSignup | None, email: str, lang: str, client: str) -> None:
    """Step 2: to the address given, the verification link (a signed, single-use,
    expiring link; sending again makes the earlier ones useless) or, when step 1 did
    not confirm anyone, the one message saying what to check. Both are limited per
    address and client, and look the same to the sender."""
    if mail_wait(address=email, client=client):
        audit_record(actor=None, action="signup.mail_limited")
        return
    try:
        if pending is None:
            SignupNotConfirmed(
                to=email,
                lang=lang,
                signup_url=settings.SEJOUR_SITE_URL + reverse("accounts:signup"),
                reset_url=settings.SEJOUR_SITE_URL + reverse("accounts:reset"),
                prefectures_url=settings.SEJOUR_SITE_URL + reverse("accounts:signup_unknown"),
            ).send()
            return
        pending.email = email
        pending.nonce = secrets.token_urlsafe(24)
        pending.verified_at = None
        pending.save(update_fields=["email", "nonce", "verified_at"])
        token = signing.dumps({"p": pending.pk, "n": pending.nonce}, salt=SIGNUP_SALT)
        SignupVerification(
            to=email,
            lang=pending.language,
            link=settings.SEJOUR_SITE_URL + reverse("accounts:signup_verify", args=[token]),
            hours=settings.SIGNUP_LINK_MAX_AGE // 3600,
        ).send()
    except OSError:  # SMTP down or refusing: say so, keep the sign-up to try again
        raise Refused("email_unavailable") from None


def signup_verify(*, token: str) -> PendingSignup:
    """The link was opened: which sign-up it proves, or why it no longer works."""
    try:
        data = signing.loads(token, salt=SIGNUP_SALT, max_age=settings.SIGNUP_LINK_MAX_AGE)
    except signing.SignatureExpired:
        raise Refused("link_expired") from None
    except signing.BadSignature:
        raise Refused("link_invalid") from None
    pending = PendingSignup.objects.filter(pk=data.get("p")).first()
    if pending is None or not constant_time_compare(pending.nonce, str(data.get("n", ""))):
        raise Refused("link_invalid")
    if pending.used_at is not None:
        raise Refused("link_used")
    if pending.verified_at is None:
        pending.verified_at = timezone.now()
        pending.save(update_fields=["verified_at"])
    return pending


@transaction.atomic
def signup_complete(*, pending_id: int, password: str) -> User:
    """Step 3: the account, once; a second submission of the same sign-up is refused."""
    pending = PendingSignup.objects.select_for_update().get(pk=pending_id)
    if pending.verified_at is None:
        raise Refused("email_not_verified")
    if pending.used_at is not None:
        raise Refused("link_used")
    if User.objects.filter(username=pending.identifier).exists():
        raise Refused("account_exists")
    user = User.objects.create_user(
        username=pending.identifier,
        password=password,
        email=pending.email,
        first_name=pending.first_names,
        last_name=pending.last_name,
        role=User.Role.APPLICANT,
        foreign_number=pending.foreign_number or None,
        visa_number=pending.visa_number or None,
        birth_date=pending.birth_date,
        email_verified_at=pending.verified_at,
        language=pending.language,
    )
    pending.used_at = timezone.now()
    pending.save(update_fields=["used_at"])
    audit_record(actor=user, action="account.created", target=user)
    return user
