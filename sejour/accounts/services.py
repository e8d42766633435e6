"""Account decisions: sign-up against the register, minors' accounts, mandates.

Services are keyword-only, atomic, take the acting user, and leave an audit event.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac

from sejour.accounts.guards import mail_wait
from sejour.accounts.models import Mandate, User
from sejour.audit.services import audit_record
from sejour.notifications.messages import MandateCode, MinorCredentials

SIGNUP_SALT = "sejour.accounts.signup"
MANDATE_CODE_MINUTES = 15
MANDATE_CODE_ATTEMPTS = 5
MANDATE_MAX_DAYS = 366
PROCEDURES = ("first_permit", "renewal", "travel_document", "duplicate", "change_of_situation")


@dataclass(eq=False)  # not frozen: raising through a context manager sets __traceback__
class Refused(Exception):
    """A service said no; `code` selects the message the view shows."""

    code: str
    detail: str = ""


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
