"""The agent's actions. Each is a guarded transition (refused with the current state when
the table forbids it) that leaves an event naming the agent."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from sejour.audit.services import audit_record
from sejour.dossiers.models import Dossier
from sejour.dossiers.services import dossier_transition
from sejour.dossiers.states import PENDING, State


@transaction.atomic
def dossier_take(*, dossier: Dossier, agent) -> Dossier:
    """Assign the file to me and start instruction (from a deposited file)."""
    # Only from "deposited": a decided file goes back to instruction by decision_reopen.
    dossier = _locked_from(dossier, State.SUBMITTED, State.IN_INSTRUCTION)
    if dossier.prefecture_id != agent.prefecture_id:  # moved by a correction meanwhile
        from sejour.dossiers.services import TransitionRefused

        raise TransitionRefused(dossier.state, str(State.IN_INSTRUCTION))
    dossier = dossier_transition(
        dossier=dossier, to=State.IN_INSTRUCTION, by=agent, why="taken", assigned_to=agent
    )
    audit_record(
        actor=agent, action="dossier.taken", target=dossier, on_behalf_of=dossier.applicant
    )
    return dossier


def dossier_withdraw(*, dossier: Dossier, agent, why: str) -> Dossier:
    """The applicant asked to withdraw the request."""
    return dossier_transition(dossier=dossier, to=State.WITHDRAWN, by=agent, why=why or "withdrawn")


def dossier_offline(*, dossier: Dossier, agent, why: str) -> Dossier:
    """Handled at the desk from now on."""
    return dossier_transition(dossier=dossier, to=State.OFFLINE, by=agent, why=why or "offline")


@transaction.atomic
def dossier_online(*, dossier: Dossier, agent) -> Dossier:
    """Taken back from the desk into online instruction."""
    dossier = _locked_from(dossier, State.OFFLINE, State.IN_INSTRUCTION)
    return dossier_transition(
        dossier=dossier, to=State.IN_INSTRUCTION, by=agent, why="back online", assigned_to=agent
    )


def civil_status_wait(*, dossier: Dossier, agent) -> Dossier:
    """No decision before OFPRA rebuilds the civil status (000 Q40): the file waits."""
    return dossier_transition(
        dossier=dossier, to=State.AWAITING_OFPRA, by=agent, why="awaiting OFPRA civil status"
    )


@transaction.atomic
def civil_status_record(*, dossier: Dossier, agent, received_on, source: str) -> Dossier:
    """The civil-status certificate arrived (from the OFPRA interface, or entered by hand)."""
    locked = Dossier.objects.select_for_update().get(pk=dossier.pk)
    if locked.state == State.AWAITING_OFPRA:
        locked = dossier_transition(
            dossier=locked,
            to=State.IN_INSTRUCTION,
            by=agent,
            why=f"civil status received ({source})",
            civil_status_received_on=received_on,
        )
    elif locked.state == State.IN_INSTRUCTION:
        locked.civil_status_received_on = received_on
        locked.save(update_fields=["civil_status_received_on", "updated_at"])
    else:
        from sejour.dossiers.services import TransitionRefused

        raise TransitionRefused(locked.state, "civil_status")
    audit_record(
        actor=agent,
        action="dossier.civil_status_recorded",
        target=locked,
        data={"received_on": received_on.isoformat(), "source": source},
    )
    return locked


def civil_status_fetch(*, dossier: Dossier, agent=None):
    """Ask OFPRA's interface for the certificate; record it when it is established.
    Returns OFPRA's answer; raises OfpraUnavailable (nothing recorded) when it is down."""
    from sejour.dossiers.deposit import holder_of
    from sejour.integrations.ofpra import CivilStatus, get_ofpra

    # The person the request is for: a child filed for by a parent has their own number.
    number = holder_of(dossier).get("foreign_number") or ""
    answer = get_ofpra().civil_status(number)
    if answer.status is CivilStatus.ESTABLISHED:
        civil_status_record(
            dossier=dossier,
            agent=agent,
            received_on=answer.established_on,
            source=f"OFPRA {answer.certificate_number}".strip(),
        )
    return answer


def minor_account_for(*, dossier: Dossier, agent):
    """Create the account of the child this request is for and send its credentials to
    the parent (000 Q17, Q29). Refused (accounts.services.Refused) when the request is
    not for a child, or the child has no foreign number or already has an account."""
    from datetime import date

    from sejour.accounts.services import Refused, minor_account_create
    from sejour.dossiers.deposit import minor_of

    minor = minor_of(dossier)
    if not minor.get("foreign_number") or dossier.state not in PENDING:
        raise Refused("not_allowed")
    return minor_account_create(
        agent=agent,
        parent=dossier.applicant,
        foreign_number=minor["foreign_number"],
        last_name=minor["last_name"],
        first_names=minor["first_names"],
        birth_date=date.fromisoformat(minor["birth_date"]),
    )


def civil_status_poll() -> int:
    """The scheduled job: ask OFPRA for every file awaiting its civil status; a file
    whose certificate is established goes back to instruction. Returns how many."""
    from sejour.dossiers.services import TransitionRefused
    from sejour.integrations.ofpra import CivilStatus, OfpraUnavailable

    recorded = 0
    for dossier in Dossier.objects.filter(state=State.AWAITING_OFPRA).order_by("pk").iterator():
        try:
            answer = civil_status_fetch(dossier=dossier)
        except OfpraUnavailable:
            return recorded  # the service is down: the next run tries again
        except TransitionRefused:
            continue  # an agent moved the file meanwhile (withdrawn, at the desk)
        recorded += answer.status is CivilStatus.ESTABLISHED
    return recorded


def grant_offer(dossier: Dossier) -> dict | None:
    """What a grant gives, as the engine named it at deposit: the card (first permit,
    renewal), the travel document (TIV-VALID), the replaced card with its validity
    carried over (CARD-DUP); for a civil-status change, the change itself."""
    a = dossier.assessment or {}
    if dossier.procedure == Dossier.Procedure.CHANGE:
        return {"change": (dossier.snapshot or {}).get("situation") or {}}
    if dossier.procedure == Dossier.Procedure.TRAVEL_DOCUMENT and a.get("travel_document"):
        return {"kind": "titre_voyage", **a["travel_document"]}
    return dict(a["card"]) if a.get("card") else None


@transaction.atomic
def decide_grant(*, dossier: Dossier, agent, override_reason: str = "") -> Dossier:
    """Grant what the engine named at deposit. A civil-status change, once accepted,
    changes the profile (000 Q20) and closes the file: nothing is produced.
    Refused (GrantBlocked) while the engine's list is not met, unless `override_reason`
    says why: the exception is then kept with the decision and in the audit trail."""
    from sejour.dossiers.services import TransitionRefused
    from sejour.instruction.decisions import grant_guard
    from sejour.notifications.services import notify

    offer = grant_offer(dossier)
    if not offer:
        raise TransitionRefused(dossier.state, "granted")
    dossier = _locked_in(dossier, State.APPLIED if "change" in offer else State.GRANTED)
    offer = grant_offer(dossier) or offer
    override = grant_guard(dossier, agent=agent, override_reason=override_reason)
    exception = {"override": override} if override else {}
    audit_record(
        actor=agent,
        action="dossier.granted",
        target=dossier,
        on_behalf_of=dossier.applicant,
        data={"offer": offer, **exception},
    )
    if "change" in offer:
        locked = dossier_transition(
            dossier=dossier,
            to=State.APPLIED,
            by=agent,
            why=_why("change accepted", override),
            decision={"outcome": "accepted", "change": offer["change"], **exception},
            decided_at=timezone.now(),
        )
        _apply_civil_status(locked, agent)
        notify(
            user=locked.applicant,
            template="decision",
            dossier=locked,
            context={"dossier": locked, "accepted": True},
        )
        return locked
    locked = dossier_transition(
        dossier=dossier,
        to=State.GRANTED,
        by=agent,
        why=_why("granted", override),
        decision={"outcome": "granted", "card": offer, **exception},
        decided_at=timezone.now(),
    )
    notify(
        user=locked.applicant,
        template="decision",
        dossier=locked,
        context={"dossier": locked, "granted": True, "card": offer},
    )
    return locked


def _why(note: str, override: dict | None) -> str:
    """The event's note: an exception reads with its reason in the file's history."""
    return f"{note} by exception: {override['reason']}" if override else note


def _apply_civil_status(dossier: Dossier, agent) -> None:
    """The accepted civil-status change reaches the profile of the person it is for."""
    change = (dossier.decision or {}).get("change") or {}
    if dossier.filed_by == Dossier.FiledBy.PARENT:
        return  # a child's civil status: recorded on the file, the parent's profile stays
    user = type(dossier.applicant).objects.select_for_update().get(pk=dossier.applicant_id)
    before = {"last_name": user.last_name, "first_name": user.first_name}
    if change.get("new_last_name"):
        user.last_name = change["new_last_name"].upper()
    if change.get("new_first_names"):
        user.first_name = change["new_first_names"]
    user.save(update_fields=["last_name", "first_name"])
    audit_record(
        actor=agent,
        action="account.civil_status_changed",
        target=user,
        on_behalf_of=user,
        data={"before": before, "change": change.get("change", "")},
    )


@transaction.atomic
def decide_refuse(*, dossier: Dossier, agent, reasons: str) -> Dossier:
    """Refuse, with the reasons the applicant will read (a decision letter follows)."""
    from sejour.notifications.services import notify

    locked = dossier_transition(
        dossier=dossier,
        to=State.REFUSED,
        by=agent,
        why=reasons,
        decision={
            "outcome": "refused",
            "reasons": reasons,
            "agent_name": agent.get_full_name() or agent.username,
        },
        decided_at=timezone.now(),
    )
    audit_record(
        actor=agent, action="dossier.refused", target=locked, on_behalf_of=locked.applicant
    )
    notify(
        user=locked.applicant,
        template="decision",
        dossier=locked,
        context={"dossier": locked, "granted": False, "reasons": reasons},
    )
    return locked


@dataclass(eq=False)  # not frozen: raising through a context manager sets __traceback__
class HandoverRefused(Exception):
    code: str
    detail: str = ""
    # For an overpayment: each stamp with its amount, the sum, the fee (shown to the agent).
    stamps: tuple = ()
    paid_eur: int = 0
    due_eur: int = 0


def _locked_in(dossier: Dossier, target: State) -> Dossier:
    """The dossier under a row lock, if its state allows `target`; refused otherwise.
    Taken before calling an outside system, so a refused action orders or consumes
    nothing and two agents cannot both act."""
    from sejour.dossiers.services import TransitionRefused
    from sejour.dossiers.states import allowed

    locked = Dossier.objects.select_for_update().get(pk=dossier.pk)
    if not allowed(locked.state, target):
        raise TransitionRefused(locked.state, str(target))
    return locked


def _locked_from(dossier: Dossier, source: State, target: State) -> Dossier:
    """The dossier under a row lock if it is in `source`: the table allows `target` from
    other states too (a decision reopened), which this action must not reach."""
    from sejour.dossiers.services import TransitionRefused

    locked = Dossier.objects.select_for_update().get(pk=dossier.pk)
    if locked.state != source:
        raise TransitionRefused(locked.state, str(target))
    return locked


@transaction.atomic
def card_order(*, dossier: Dossier, agent) -> Dossier:
    from sejour.integrations.production import get_production

    locked = _locked_in(dossier, State.CARD_ORDERED)
    order_id = get_production().order(reference=locked.reference)
    return dossier_transition(
        dossier=locked, to=State.CARD_ORDERED, by=agent, why="card ordered", card_order_id=order_id
    )


def card_mark_available(*, dossier: Dossier, agent) -> Dossier:
    """The card is at the prefecture: the applicant is told, with the amount to pay by
    electronic tax stamp (000 Q33). A failed production goes back to ordering (that
    change is kept: the refusal is raised after it is committed)."""
    from sejour.integrations.production import CardStatus, get_production
    from sejour.notifications.services import notify

    status = get_production().status(dossier.card_order_id)
    if status is CardStatus.IN_PRODUCTION:
        raise HandoverRefused("in_production")
    if status is CardStatus.FAILED:
        dossier_transition(
            dossier=dossier, to=State.GRANTED, by=agent, why="card production failed"
        )
        raise HandoverRefused("production_failed")
    with transaction.atomic():
        locked = dossier_transition(
            dossier=dossier, to=State.CARD_AVAILABLE, by=agent, why="card available"
        )
        amount = (locked.assessment or {}).get("fees_total_eur", 0)
        notify(
            user=locked.applicant,
            template="card_available",
            dossier=locked,
            context={"dossier": locked, "amount": amount, "prefecture": locked.prefecture},
        )
    return locked


@transaction.atomic
def card_hand_over(
    *,
    dossier: Dossier,
    agent,
    stamps: list[str],
    old_card_returned: bool,
    confirmed_paid_eur: int | None = None,
) -> Dossier:
    """Hand the card over against electronic stamps: each number once, consumed exactly
    once, all or none, paying the fee exactly, or more when the agent confirmed that
    very sum (`confirmed_paid_eur`) after being shown the overpayment."""
    from sejour.integrations.stamps import get_stamps, total_eur
    from sejour.rules import card_valid_until

    dossier = _locked_in(dossier, State.HANDED_OVER)
    if dossier.procedure == "renewal" and not old_card_returned:
        raise HandoverRefused("old_card")
    repeated = next((n for i, n in enumerate(stamps) if n in stamps[:i]), None)
    if repeated:
        raise HandoverRefused("stamp_repeated", repeated)
    amount = (dossier.assessment or {}).get("fees_total_eur", 0)
    service = get_stamps()
    checks = service.check(stamps, reference=dossier.reference)
    _stamps_refusal(checks)
    paid = total_eur(checks)
    if paid < amount:
        raise HandoverRefused("amount_low", f"{paid}/{amount}")
    if paid > amount and confirmed_paid_eur != paid:  # not confirmed, or for another sum
        raise HandoverRefused(
            "overpaid",
            stamps=tuple((c.number, c.amount_eur) for c in checks),
            paid_eur=paid,
            due_eur=amount,
        )
    # Consumed under the service's lock: a stamp used meanwhile by another hand-over is
    # refused here, and nothing is consumed.
    checks = service.consume(stamps, reference=dossier.reference, amount_eur=paid)
    _stamps_refusal(checks)
    if total_eur(checks) != paid:  # a stamp's amount changed in between: look again
        raise HandoverRefused("amount_changed")
    today = timezone.localdate()
    decision = dict(dossier.decision or {})
    card = dict(decision.get("card") or {})
    years = card.get("validity_years") or 0
    carried = card.get("valid_until") if dossier.procedure == Dossier.Procedure.DUPLICATE else None
    card.update(
        valid_from=today.isoformat(),
        valid_until=carried
        or (card_valid_until(today, years=years).isoformat() if years else None),
    )
    paid_for = {"paid_eur": paid, **({"overpaid_eur": paid - amount} if paid > amount else {})}
    decision.update(
        card=card,
        stamps=stamps,
        stamp_amounts_eur={c.number: c.amount_eur for c in checks},
        old_card_returned=old_card_returned,
        **paid_for,
    )
    locked = dossier_transition(
        dossier=dossier, to=State.HANDED_OVER, by=agent, why="handed over", decision=decision
    )
    audit_record(
        actor=agent,
        action="dossier.handed_over",
        target=locked,
        on_behalf_of=locked.applicant,
        data={"stamps": stamps, "due_eur": amount, **paid_for},
    )
    return locked


def _stamps_refusal(checks) -> None:
    """The first stamp the service would not take, as a refusal naming it."""
    from sejour.integrations.stamps import StampOutcome

    codes = {
        StampOutcome.UNKNOWN: "stamp_unknown",
        StampOutcome.USED: "stamp_used",
        StampOutcome.REPEATED: "stamp_repeated",
    }
    for check in checks:
        if check.outcome in codes:
            raise HandoverRefused(codes[check.outcome], check.number)
