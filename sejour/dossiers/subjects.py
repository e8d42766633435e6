"""Who a request is for, as the register of foreigners knows them, and whether a new
request for that person may start.

- A parent's request for a child is for the child the register records as theirs: the
  number must be the child's, the birth date the register's, and the child a minor on
  the deposit date (the engine's age of majority). The identity the attestation carries
  is then the register's, not what the form said.
- One open request per person, procedure and card: while a request about a person's
  card (first card, renewal, duplicate) or travel document is open, no other about the
  same document may be deposited; nor a first card for someone who holds one.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from sejour.accounts.models import User
from sejour.audit.services import audit_record
from sejour.dossiers.models import Dossier
from sejour.dossiers.states import CLOSED, State
from sejour.integrations.register import Outcome, RegisterPerson, RegisterUnavailable, get_register
from sejour.rules import age_band, param
from sejour.rules.vocabulary import CARD_KINDS

P = Dossier.Procedure
# A person holds one residence card and one travel document at a time: the procedures
# about the same document share a slot. A change of situation issues nothing and
# several may be declared, so it has none.
SLOTS = {
    P.FIRST_PERMIT: "card",
    P.RENEWAL: "card",
    P.DUPLICATE: "card",
    P.TRAVEL_DOCUMENT: "travel",
}
NOT_OPEN = frozenset({State.DRAFT, *CLOSED})
CARD_PROCEDURES = frozenset(p for p, slot in SLOTS.items() if slot == "card")


@dataclass(eq=False)  # not frozen: raising sets __traceback__ on the exception
class Refused(Exception):
    code: str
    open_reference: str = ""  # the request already open, when the one who asks may see it
    age: int = 0  # the age of majority, for "child_adult"


def slot_of(procedure: str) -> str:
    return SLOTS.get(procedure, "")  # type: ignore[call-overload]


def subject_of_user(user: User) -> str:
    """An account holder as a person: their foreign number (proved at sign-up), else
    their visa number, else the account itself."""
    if user.foreign_number:
        return user.foreign_number
    if user.visa_number:
        return f"visa:{user.visa_number}"
    return f"user:{user.pk}"


def register_person(number: str | None) -> RegisterPerson | None:
    """What the register holds on an account holder's own number (None if unknown)."""
    if not number:
        return None
    try:
        return get_register().person(number)
    except RegisterUnavailable:
        return None  # a pre-fill only: the applicant types what is missing


def is_minor_on(birth_date: date, on: date) -> bool:
    """Not yet of age on `on`, as the engine counts it (its age of majority on that
    day; a 29 February birthday falls on 28 February)."""
    return age_band(birth_date, on=on) != "adult"


def child_verify(*, parent: User, number: str, birth_date: date, on: date) -> RegisterPerson:
    """The child the register records under `number` as the child of `parent`, born on
    `birth_date`, a minor on `on`; otherwise `Refused` saying which of these failed
    (a stranger's number and an unknown one get the same answer)."""
    if not parent.foreign_number:
        raise Refused("child_not_linked")  # a parent unknown to the register has no child in it
    try:
        found = get_register().child_of(number, parent_number=parent.foreign_number)
    except RegisterUnavailable:
        raise Refused("register_unavailable") from None
    if found.outcome is not Outcome.FOUND or found.person is None:
        raise Refused("child_not_linked")
    child = found.person
    if child.birth_date != birth_date:
        raise Refused("child_birth_date")
    if not is_minor_on(child.birth_date, on):
        raise Refused("child_adult", age=param("ages.majority", on))
    return child


def start_check(
    *,
    subject: str,
    procedure: str,
    applicant: User,
    register_number: str | None = None,
    exclude: int | None = None,
) -> None:
    """May a request of `procedure` for `subject` start (or be deposited)? `Refused`
    names the open request (or the card held) otherwise. `register_number` is the
    person's foreign number, to ask the register whether they already hold a card."""
    slot = slot_of(procedure)
    if not slot:
        return
    mine = Q(applicant=applicant) | Q(filer=applicant)
    same = Q(subject=subject, slot=slot)
    if subject == subject_of_user(applicant):
        # Requests deposited before subjects were recorded: the applicant's own.
        same |= Q(
            subject="",
            applicant=applicant,
            filed_by__in=[Dossier.FiledBy.SELF, Dossier.FiledBy.HELPER],
            procedure__in=[p for p, s in SLOTS.items() if s == slot],
        )
    candidates = Dossier.objects.filter(same).exclude(pk=exclude)
    other = candidates.exclude(state__in=NOT_OPEN).order_by("created_at").first()
    if other is not None:
        visible = Dossier.objects.filter(mine, pk=other.pk).exists()
        raise Refused(
            "already_open" if visible else "already_open_elsewhere",
            other.reference if visible else "",
        )
    if procedure != P.FIRST_PERMIT:
        return
    held = candidates.filter(state=State.HANDED_OVER).order_by("-updated_at").first()
    if held is not None:
        visible = Dossier.objects.filter(mine, pk=held.pk).exists()
        raise Refused("card_held", held.reference if visible else "")
    if not register_number:
        return
    try:
        known = get_register().person(register_number)
    except RegisterUnavailable:
        raise Refused("register_unavailable") from None
    if known is not None and known.document_kind in CARD_KINDS:
        raise Refused("card_held")


def minor_of(dossier: Dossier) -> dict[str, Any]:
    """The child a parent files for, as deposited (or as drafted); empty otherwise."""
    data = dossier.snapshot or dossier.draft or {}
    return (data.get("identity") or {}).get("minor") or {}


def holder_of(dossier: Dossier) -> dict[str, Any]:
    """Who the request is for: the account holder, or the child a parent files for."""
    minor = minor_of(dossier)
    if minor:
        return minor
    user = dossier.applicant
    return {
        "last_name": user.last_name,
        "first_names": user.first_name,
        "birth_date": user.birth_date.isoformat() if user.birth_date else None,
        "foreign_number": user.foreign_number or "",
    }


def register_entry(dossier: Dossier):
    """What the register of foreigners knows of the person the request is for (through
    its interface: the number is the account holder's, or a child's it confirmed)."""
    return register_person(holder_of(dossier).get("foreign_number"))


def register_prefill(dossier: Dossier) -> dict[str, Any]:
    entry = register_entry(dossier)
    if entry is None:
        return {}
    out: dict[str, Any] = {"status": entry.protection_status or None, "role": "protected"}
    if entry.document_kind in CARD_KINDS and entry.valid_from and entry.valid_until:
        out |= {
            "card_kind": entry.document_kind,
            "card_valid_from": entry.valid_from.isoformat(),
            "card_valid_until": entry.valid_until.isoformat(),
        }
    return out


def subject_verify(dossier: Dossier, *, today: date) -> str:
    """Just before anything is issued: who the request is for, checked again against
    the register (a child's link and age on the deposit date), and no other open
    request about the same document. Returns the person's key; `Refused`."""
    minor = minor_of(dossier)
    if dossier.filed_by == Dossier.FiledBy.PARENT:
        if not minor.get("register_checked_on") or not minor.get("foreign_number"):
            raise Refused("child_not_linked")
        child_verify(
            parent=dossier.applicant,
            number=minor["foreign_number"],
            birth_date=date.fromisoformat(minor["birth_date"]),
            on=today,
        )
        subject, number = minor["foreign_number"], minor["foreign_number"]
    else:
        subject = subject_of_user(dossier.applicant)
        number = dossier.applicant.foreign_number
    start_check(
        subject=subject,
        procedure=dossier.procedure,
        applicant=dossier.applicant,
        register_number=number,
        exclude=dossier.pk,
    )
    return subject


def child_identity_save(*, dossier: Dossier, by: User, data: dict[str, Any]) -> Dossier:
    """The identity step of a parent's request: the child must be the one the register
    records as the applicant's, a minor on the deposit date, with no other open
    request about the same document. The draft then holds the register's identity.
    `Refused` says what failed; nothing is saved then, and the refusal is in
    the audit trail (its reason only: a stranger's number is not recorded)."""
    today = timezone.localdate()
    try:
        child = child_verify(
            parent=dossier.applicant,
            number=data["foreign_number"],
            birth_date=data["birth_date"],
            on=today,
        )
        number = child.foreign_number or ""
        start_check(
            subject=number,
            procedure=dossier.procedure,
            applicant=dossier.applicant,
            register_number=number,
            exclude=dossier.pk,
        )
    except Refused as refused:
        audit_record(
            actor=by,
            action="dossier.child_refused",
            target=dossier,
            on_behalf_of=dossier.applicant if by != dossier.applicant else None,
            data={"reason": refused.code},
        )
        raise
    minor = {
        "last_name": child.last_name,
        "first_names": child.first_names,
        "birth_date": child.birth_date.isoformat(),
        "foreign_number": number,
        "parent2_unknown": bool(data.get("parent2_unknown")),
        "observations": data.get("observations", ""),
        "register_checked_on": today.isoformat(),
    }
    from sejour.dossiers.deposit import draft_save  # the draft's one writer, which needs us

    with transaction.atomic():
        saved = draft_save(dossier=dossier, by=by, step="identity", data={"minor": minor})
        Dossier.objects.filter(pk=saved.pk).update(subject=number)
        saved.subject = number
    return saved


def card_recorded(dossier: Dossier) -> dict[str, str] | None:
    """The card the person the request is for holds, as recorded: the last one handed
    over here, else the one the register holds (None when neither knows a card). Its
    kind and dates decide the card, the fee and the renewal window, so a renewal, a
    duplicate or a travel document is filed on it, not on what the form says."""
    minor = minor_of(dossier)
    number = minor.get("foreign_number") if minor else dossier.applicant.foreign_number
    subject = number if minor else subject_of_user(dossier.applicant)
    own = Q(subject=subject)
    if not minor:  # requests deposited before subjects were recorded
        own |= Q(
            subject="",
            applicant=dossier.applicant,
            filed_by__in=[Dossier.FiledBy.SELF, Dossier.FiledBy.HELPER],
        )
    last = (
        Dossier.objects.filter(own, state=State.HANDED_OVER, procedure__in=list(CARD_PROCEDURES))
        .exclude(pk=dossier.pk)
        .order_by("-updated_at")
        .first()
    )
    held = ((last.decision or {}).get("card") or {}) if last is not None else {}
    if held.get("kind") and held.get("valid_from") and held.get("valid_until"):
        return {k: held[k] for k in ("kind", "valid_from", "valid_until")}
    known = register_person(number)
    if known is None or known.document_kind not in CARD_KINDS:
        return None
    if known.valid_from is None or known.valid_until is None:
        return None
    return {
        "kind": known.document_kind,
        "valid_from": known.valid_from.isoformat(),
        "valid_until": known.valid_until.isoformat(),
    }


def card_mismatch(dossier: Dossier, *, kind: str, valid_from, valid_until) -> dict[str, str]:
    """The recorded card when the form names another one (empty when they agree or
    nothing is recorded)."""
    recorded = card_recorded(dossier)
    if recorded is None:
        return {}
    typed = {
        "kind": kind or "",
        "valid_from": valid_from.isoformat() if valid_from else "",
        "valid_until": valid_until.isoformat() if valid_until else "",
    }
    return recorded if typed != recorded else {}
