"""Changes of situation that need no prefecture decision (000 Q20): address, phone and
e-mail. An address in another department moves the files still open to that
department's prefecture, with an event on each. (A civil-status change is a request the
prefecture decides: procedure `change_of_situation`.)"""

from __future__ import annotations

from typing import Any

from django.core import signing
from django.db import transaction
from django.utils import timezone

from sejour.accounts import changes as account_changes
from sejour.accounts.guards import current_password_ok
from sejour.accounts.models import Prefecture, User
from sejour.audit.services import audit_record
from sejour.dossiers.deposit import department_for
from sejour.dossiers.models import Dossier, DossierEvent
from sejour.dossiers.states import CLOSED, State

EMAIL_SALT = "sejour.email-change"
EMAIL_MAX_AGE = 24 * 3600


class ChangeRefused(Exception):
    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


def _attestations_follow(dossier: Dossier, by: User) -> None:
    """An attestation names its prefecture: a moved file's is replaced (issue 12)."""
    from sejour.attestations.replacement import attestations_reissue

    assessment = dossier.assessment or {}
    attestations_reissue(
        dossier=dossier, before=assessment, after=assessment, today=timezone.localdate(), by=by
    )


@transaction.atomic
def address_change(*, user: User, by: User, address: dict[str, str], phone: str) -> list[Dossier]:
    """Record the new address and phone; move the open files when the department
    changes. Returns the files moved."""
    new_department = department_for(address["postal_code"])
    prefecture = Prefecture.objects.filter(department_code=new_department).first()
    if prefecture is None:
        raise ChangeRefused("no_prefecture")
    locked = User.objects.select_for_update().get(pk=user.pk)
    before = dict(locked.address)
    locked.address = dict(address)
    locked.phone = phone
    locked.save(update_fields=["address", "phone"])
    moved = []
    for dossier in (
        Dossier.objects.select_for_update(of=("self",))
        .filter(applicant=locked)
        .exclude(state__in=[*CLOSED, State.DRAFT])
        .select_related("prefecture")
    ):
        snapshot = dict(dossier.snapshot or {})
        snapshot["address"] = {**snapshot.get("address", {}), **address, "phone": phone}
        dossier.snapshot = snapshot
        fields: list[str] = ["snapshot", "updated_at"]
        if dossier.prefecture_id != prefecture.pk:
            source = dossier.prefecture.department_code if dossier.prefecture else "?"
            dossier.prefecture = prefecture
            dossier.assigned_to = None  # the new prefecture's agents take it up
            fields += ["prefecture", "assigned_to"]
            DossierEvent.objects.create(
                dossier=dossier,
                actor=by,
                on_behalf_of=locked if by != locked else None,
                from_state=dossier.state,
                to_state=dossier.state,
                why=f"moved: prefecture {source} → {prefecture.department_code} (new address)",
            )
            moved.append(dossier)
        dossier.save(update_fields=fields)
        if moved and moved[-1] is dossier:
            _attestations_follow(dossier, by)
    for draft in Dossier.objects.filter(applicant=locked, state=State.DRAFT):
        if "address" in draft.draft:
            draft.draft = {**draft.draft, "address": {**address, "phone": phone}}
            draft.prefecture = prefecture
            draft.save(update_fields=["draft", "prefecture", "updated_at"])
    account_changes.address_changed(user=locked)  # told by e-mail (issue 13)
    audit_record(
        actor=by,
        action="account.address_changed",
        target=locked,
        on_behalf_of=locked if by != locked else None,
        data={
            "from": before.get("postal_code", ""),
            "to": address["postal_code"],
            "moved": [d.reference for d in moved],
        },
    )
    return moved


def email_change_token(*, user: User, new_email: str) -> str:
    if User.objects.filter(email__iexact=new_email).exclude(pk=user.pk).exists():
        raise ChangeRefused("email_taken")
    return signing.dumps({"user": user.pk, "email": new_email}, salt=EMAIL_SALT)


def email_change_request(*, user: User, new_email: str, current_password: str) -> None:
    """Send a confirmation link to the new address; nothing changes until it is opened.
    The current password is asked first (issue 13)."""
    from django.conf import settings
    from django.urls import reverse

    from sejour.notifications.messages import EmailChange

    if not current_password_ok(user=user, password=current_password):
        audit_record(actor=user, action="account.email_change_wrong_password", target=user)
        raise ChangeRefused("wrong_password")
    token = email_change_token(user=user, new_email=new_email)
    link = settings.SEJOUR_SITE_URL + reverse("dossiers:email_confirm", args=[token])
    try:
        EmailChange(to=new_email, lang=user.language or "fr", link=link).send()
    except OSError:
        raise ChangeRefused("email_unavailable") from None
    audit_record(actor=user, action="account.email_change_requested", target=user)


@transaction.atomic
def email_change_confirm(*, user: User, token: str) -> str:
    try:
        data: dict[str, Any] = signing.loads(token, salt=EMAIL_SALT, max_age=EMAIL_MAX_AGE)
    except signing.SignatureExpired:
        raise ChangeRefused("link_expired") from None
    except signing.BadSignature:
        raise ChangeRefused("link_invalid") from None
    if data.get("user") != user.pk:
        raise ChangeRefused("link_invalid")
    locked = User.objects.select_for_update().get(pk=user.pk)
    if User.objects.filter(email__iexact=data["email"]).exclude(pk=user.pk).exists():
        raise ChangeRefused("email_taken")
    before = locked.email
    locked.email = data["email"]
    locked.email_verified_at = timezone.now()
    locked.save(update_fields=["email", "email_verified_at"])
    audit_record(actor=user, action="account.email_changed", target=locked, data={"from": before})
    try:  # the old address is told, with a link to undo (issue 13); if not, nothing changes
        account_changes.email_changed(user=locked, old_email=before)
    except OSError:
        raise ChangeRefused("email_unavailable") from None
    return locked.email
