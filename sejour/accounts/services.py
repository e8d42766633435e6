"""Account decisions: sign-up against the register, minors' accounts, mandates.

Services are keyword-only, atomic, take the acting user, and leave an audit event.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac

from sejour.accounts.guards import mail_wait
from sejour.accounts.models import Mandate, PendingSignup, User
from sejour.audit.services import audit_record
from sejour.integrations.register import Outcome, get_register
from sejour.notifications.messages import MandateCode, MinorCredentials, SignupVerification

SIGNUP_SALT = "sejour.accounts.signup"
MANDATE_CODE_MINUTES = 15
MANDATE_CODE_ATTEMPTS = 5
MANDATE_MAX_DAYS = 366
PROCEDURES = ("first_permit", "renewal", "travel_document", "duplicate", "change_of_situation")


@dataclass(frozen=True)
class Refused(Exception):
    """A service said no; `code` selects the message the view shows."""

    code: str
    detail: str = ""


# --- sign-up (000 Q10) ---------------------------------------------------------------------


def signup_check_identity(
    *, kind: str, number: str, valid_from: date, valid_until: date, lang: str
) -> PendingSignup:
    """Step 1: the number and document dates, checked against the register."""
    taken = (
        User.objects.filter(username=number).exists()
        or User.objects.filter(foreign_number=number).exists()
        or User.objects.filter(visa_number=number).exists()
    )
    if taken:
        raise Refused("account_exists")
    register = get_register()
    if kind == "visa":
        found = register.lookup_visa(number, valid_from=valid_from, valid_until=valid_until)
    else:
        found = register.lookup_number(number, valid_from=valid_from, valid_until=valid_until)
    if found.outcome is not Outcome.FOUND or found.person is None:
        audit_record(actor=None, action="signup.refused", data={"reason": found.outcome.value})
        raise Refused(found.outcome.value)
    person = found.person
    if person.foreign_number and User.objects.filter(foreign_number=person.foreign_number).exists():
        raise Refused("account_exists")
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


def signup_send_verification(*, pending: PendingSignup, email: str, link_for) -> None:
    """Step 2: a signed, single-use, expiring link to the e-mail given. Sending again
    makes the earlier links useless."""
    pending.email = email
    pending.nonce = secrets.token_urlsafe(24)
    pending.verified_at = None
    pending.save(update_fields=["email", "nonce", "verified_at"])
    token = signing.dumps({"p": pending.pk, "n": pending.nonce}, salt=SIGNUP_SALT)
    try:
        SignupVerification(
            to=email,
            lang=pending.language,
            link=link_for(token),
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


# --- minors (000 Q17, Q29) -------------------------------------------------------------------


@transaction.atomic
def minor_account_create(
    *,
    agent: User,
    parent: User,
    foreign_number: str,
    last_name: str,
    first_names: str,
    birth_date: date,
) -> User:
    """An agent creates a minor's account during instruction; the parent receives the
    credentials by e-mail; the minor sets a new password at first login."""
    if not agent.is_agent:
        raise Refused("not_allowed")
    if not parent.email_verified_at:
        raise Refused("parent_without_email")
    if User.objects.filter(username=foreign_number).exists():
        raise Refused("account_exists")
    password = secrets.token_urlsafe(9)
    minor = User.objects.create_user(
        username=foreign_number,
        password=password,
        email=parent.email,
        first_name=first_names,
        last_name=last_name,
        role=User.Role.APPLICANT,
        foreign_number=foreign_number,
        birth_date=birth_date,
        guardian=parent,
        email_verified_at=parent.email_verified_at,
        must_change_password=True,
        language=parent.language,
    )
    audit_record(actor=agent, action="account.minor_created", target=minor, on_behalf_of=parent)
    login_url = settings.SEJOUR_SITE_URL + reverse("accounts:login")
    # Sent now, not through the outbox, so the provisional password is never stored; if it
    # cannot be sent, nothing is created.
    try:
        MinorCredentials(
            to=parent.email,
            lang=parent.language,
            minor_name=minor.get_full_name(),
            username=minor.username,
            password=password,
            login_url=login_url,
        ).send()
    except OSError:
        raise Refused("email_unavailable") from None
    return minor


# --- mandates ---------------------------------------------------------------------------------


def _code_hash(mandate: Mandate, code: str) -> str:
    return salted_hmac("sejour.mandate", f"{mandate.pk}:{code}").hexdigest()


@transaction.atomic
def mandate_request(
    *, helper: User, applicant: User, procedures: list[str], valid_until: date
) -> Mandate:
    if not helper.is_helper:
        raise Refused("not_allowed")
    today = timezone.localdate()
    if not today < valid_until <= today + timedelta(days=MANDATE_MAX_DAYS):
        raise Refused("mandate_dates")
    if not procedures or not set(procedures) <= set(PROCEDURES):
        raise Refused("mandate_procedures")
    mandate = Mandate.objects.create(
        helper=helper, applicant=applicant, procedures=procedures, valid_until=valid_until
    )
    audit_record(actor=helper, action="mandate.requested", target=mandate, on_behalf_of=applicant)
    return mandate


@transaction.atomic
def mandate_send_code(*, helper: User, mandate: Mandate, procedures_text: str, client: str) -> None:
    """A one-time code to the applicant's e-mail; reading it to the helper is consent.
    Sending again replaces the code but not the count of wrong codes (the mandate allows
    MANDATE_CODE_ATTEMPTS in all), and codes to one address are limited (guards)."""
    mandate = Mandate.objects.select_for_update().get(pk=mandate.pk, helper=helper)
    if mandate.consented_at or mandate.revoked_at:
        raise Refused("mandate_closed")
    if mandate.code_attempts >= MANDATE_CODE_ATTEMPTS:
        raise Refused("code_exhausted")
    wait = mail_wait(address=mandate.applicant.email, client=client)
    if wait:
        raise Refused("mail_limited", str(max(1, -(-wait // 60))))
    code = f"{secrets.randbelow(1_000_000):06d}"
    mandate.code_hash = _code_hash(mandate, code)
    mandate.code_expires_at = timezone.now() + timedelta(minutes=MANDATE_CODE_MINUTES)
    mandate.save(update_fields=["code_hash", "code_expires_at"])
    applicant = mandate.applicant
    audit_record(actor=helper, action="mandate.code_sent", target=mandate, on_behalf_of=applicant)
    # Sent now, not through the outbox: the code itself is never stored, only its hash.
    try:
        MandateCode(
            to=applicant.email,
            lang=applicant.language,
            helper_name=helper.get_full_name(),
            organisation=helper.organisation,
            valid_until=mandate.valid_until,
            procedures=procedures_text,
            code=code,
            minutes=MANDATE_CODE_MINUTES,
        ).send()
    except OSError:
        raise Refused("email_unavailable") from None


def mandate_confirm_code(*, helper: User, mandate: Mandate, code: str) -> Mandate:
    """The code the applicant read out. A wrong code is counted (and kept counted: the
    refusal is raised after the attempt is committed) so it cannot be guessed."""
    with transaction.atomic():
        mandate = Mandate.objects.select_for_update().get(pk=mandate.pk, helper=helper)
        refusal = _check_code(helper, mandate, code)
        if refusal is None:
            mandate.consented_at = timezone.now()
            mandate.consent_method = Mandate.Consent.CODE
            mandate.code_hash = ""
            mandate.save(update_fields=["consented_at", "consent_method", "code_hash"])
            audit_record(
                actor=helper,
                action="mandate.consented",
                target=mandate,
                on_behalf_of=mandate.applicant,
                data={"method": "code"},
            )
    if refusal is not None:
        raise refusal
    return mandate


def _check_code(helper: User, mandate: Mandate, code: str) -> Refused | None:
    if mandate.consented_at or mandate.revoked_at:
        return Refused("mandate_closed")
    if mandate.code_attempts >= MANDATE_CODE_ATTEMPTS:
        return Refused("code_exhausted")
    if mandate.code_expires_at is None or mandate.code_expires_at < timezone.now():
        return Refused("code_expired")
    if constant_time_compare(mandate.code_hash, _code_hash(mandate, code.strip())):
        return None
    mandate.code_attempts += 1
    mandate.save(update_fields=["code_attempts"])
    audit_record(
        actor=helper, action="mandate.code_wrong", target=mandate, on_behalf_of=mandate.applicant
    )
    return Refused("code_wrong", str(MANDATE_CODE_ATTEMPTS - mandate.code_attempts))


@transaction.atomic
def mandate_accept(*, applicant: User, mandate_id: int) -> Mandate:
    mandate = Mandate.objects.select_for_update().get(pk=mandate_id, applicant=applicant)
    if mandate.consented_at or mandate.revoked_at:
        raise Refused("mandate_closed")
    mandate.consented_at = timezone.now()
    mandate.consent_method = Mandate.Consent.ACCOUNT
    mandate.save(update_fields=["consented_at", "consent_method"])
    audit_record(
        actor=applicant,
        action="mandate.consented",
        target=mandate,
        data={"method": "account", "helper": mandate.helper.username},
    )
    return mandate


@transaction.atomic
def mandate_revoke(*, applicant: User, mandate_id: int) -> Mandate:
    mandate = Mandate.objects.select_for_update().get(pk=mandate_id, applicant=applicant)
    if mandate.revoked_at is None:
        mandate.revoked_at = timezone.now()
        mandate.save(update_fields=["revoked_at"])
        audit_record(
            actor=applicant,
            action="mandate.revoked",
            target=mandate,
            data={"helper": mandate.helper.username},
        )
    return mandate


def helper_opened_applicant_space(*, helper: User, applicant: User) -> None:
    audit_record(
        actor=helper, action="helper.viewed_applicant", target=applicant, on_behalf_of=applicant
    )
