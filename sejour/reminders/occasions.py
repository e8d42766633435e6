"""What is due: each reminder is an `Occasion`, worked out afresh on every run from the
data and from the rules engine's dates (`sejour.rules`), never scheduled in advance.

| kind | about | due on | still sent until |
|---|---|---|---|
| renewal_opens | a card: handed over here, or subscribed | the window opens (DL-RENEW) | the eve of renewal_closes |
| renewal_closes | the same card | NOTICE_DAYS before the window closes | the day it closes |
| card_ends | the same card | NOTICE_DAYS before its end of validity | its last day |
| attestation_ends | an attestation de prolongation, file still undecided | SEJOUR_ATTESTATION_RENEW_DAYS before its end | its last day |
| child19 | a child known from a parent's request or a minor's account | CHILD_NOTICE_DAYS before age_limit_date (DL-CHILD19) | age_limit_date |
| ephoto_ends | the e-photo code of a draft | NOTICE_DAYS before its last valid day (DL-EPHOTO) | that day |

Catch-up: a run sends what is due today and what fell due earlier but is still useful
(up to its "until" day). After a worker outage a missed reminder goes out once, late; a
reminder about a date already past, or that a later reminder replaces, never does.

Only the holder's latest card counts (a later card, handed over or subscribed, replaces
it); no card reminder goes to a holder whose renewal request is under way; no child19
reminder for a child with a request under way or a card handed over.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.db.models import CharField, DateField, Q
from django.db.models.fields.json import KT
from django.db.models.functions import Cast
from django.utils import timezone

from sejour.accounts.models import User
from sejour.attestations.models import Attestation
from sejour.dossiers.deposit import minor_of
from sejour.dossiers.models import Dossier
from sejour.dossiers.states import CLOSED, PENDING, State
from sejour.integrations.models import EphotoCode
from sejour.reminders.models import Sent, Subscription
from sejour.rules import age_limit_date, ephoto_valid_until, renewal_window
from sejour.rules import rights_kept_until as grace_until
from sejour.rules.legal_dates import births_reaching_age_limit, ephoto_taken_ending_between
from sejour.rules.vocabulary import CARD_KINDS
from sejour.simulator import labels

# How long before a date its reminder goes out: the product's choice, not the law's.
NOTICE_DAYS = 15
CHILD_NOTICE_DAYS = 60

RESIDENCE_CARDS = tuple(sorted(CARD_KINDS))
GRACE_CARDS = ("carte_resident", "carte_pluriannuelle")  # DL-GRACE
UNDER_WAY = frozenset(State) - CLOSED - {State.DRAFT}  # filed, not refused nor withdrawn
NOT_COUNTING = (State.DRAFT, State.WITHDRAWN, State.REFUSED)  # for a child's request


@dataclass(frozen=True)
class Occasion:
    kind: str
    key: str
    due_on: date
    until: date
    user: User  # who receives it
    dossier: Dossier | None = None
    context: dict[str, Any] = field(default_factory=dict)

    def is_due(self, today: date) -> bool:
        return self.due_on <= today <= self.until


def due_occasions(today: date) -> list[Occasion]:
    """Every reminder due today or still worth sending, each (kind, key) once."""
    found: dict[tuple[str, str], Occasion] = {}
    for occasion in (
        *card_occasions(today),
        *attestation_occasions(today),
        *child_occasions(today),
        *ephoto_occasions(today),
    ):
        if occasion.is_due(today):
            found.setdefault((occasion.kind, occasion.key), occasion)
    return list(found.values())


# --- cards ----------------------------------------------------------------------------------


def _number_key(user: User) -> str:
    return f"fn:{user.foreign_number}" if user.foreign_number else f"user:{user.pk}"


def child_key(parent_id: int, number: str | None, birth: str | None, names: str | None) -> str:
    """A child by foreign number; without one, by parent, birth date and first names."""
    if number:
        return f"fn:{number}"
    digest = hashlib.sha256((names or "").strip().lower().encode()).hexdigest()[:12]
    return f"child:{parent_id}:{birth}:{digest}"


def holder_key(dossier: Dossier) -> str:
    """Who a request's card is for: the child a parent filed for, else the applicant."""
    if dossier.filed_by == Dossier.FiledBy.PARENT:
        minor = minor_of(dossier)
        return child_key(
            dossier.applicant_id,
            minor.get("foreign_number"),
            minor.get("birth_date"),
            minor.get("first_names"),
        )
    return _number_key(dossier.applicant)


@dataclass(frozen=True)
class Card:
    holder: str
    valid_until: date
    kind: str
    user: User
    holder_name: str = ""
    dossier: Dossier | None = None


def _json_date(path: str) -> Cast:
    return Cast(KT(path), DateField())  # the service writes dates in ISO format


def _json_text(path: str) -> Cast:
    return Cast(KT(path), CharField())


def _with_card() -> Any:
    return Dossier.objects.annotate(
        card_until=_json_date("decision__card__valid_until"),
        card_kind=_json_text("decision__card__kind"),
    ).select_related("applicant")


HANDED_OVER_CARD = Q(state=State.HANDED_OVER, card_kind__in=RESIDENCE_CARDS)


def _card_of(dossier: Dossier) -> Card:
    return Card(
        holder=holder_key(dossier),
        valid_until=dossier.card_until,
        kind=dossier.card_kind,
        user=dossier.applicant,
        # Named in the message when the recipient is not the holder: a parent for a child.
        holder_name=dossier.holder_name if dossier.filed_by == Dossier.FiledBy.PARENT else "",
        dossier=dossier,
    )


def _card_of_subscription(subscription: Subscription) -> Card:
    user = subscription.user
    return Card(
        holder=_number_key(user),
        valid_until=subscription.valid_until,
        kind=subscription.card_kind,
        user=user,
    )


def current_cards(today: date) -> list[Card]:
    """The cards some reminder may concern today: ending within a renewal window from
    now, each its holder's latest, its holder not renewing it already."""
    opens, _closes = renewal_window(today, on=today)
    last = today + (today - opens)
    cards = [
        _card_of(d) for d in _with_card().filter(HANDED_OVER_CARD, card_until__range=(today, last))
    ]
    cards += [
        _card_of_subscription(s)
        for s in Subscription.objects.filter(
            kind=Subscription.Kind.RENEWAL, valid_until__range=(today, last)
        ).select_related("user")
    ]
    if not cards:
        return []
    # The same holders' later cards, and their renewal requests under way.
    users = {c.user.pk for c in cards}
    numbers = {c.holder[3:] for c in cards if c.holder.startswith("fn:")}
    later: list[Card] = []
    renewing: set[str] = set()
    for dossier in _with_card().filter(
        Q(applicant_id__in=users) | Q(applicant__foreign_number__in=numbers),
        (HANDED_OVER_CARD & Q(card_until__gt=last))
        | Q(procedure=Dossier.Procedure.RENEWAL, state__in=UNDER_WAY),
    ):
        if dossier.state == State.HANDED_OVER:
            later.append(_card_of(dossier))
        else:
            renewing.add(holder_key(dossier))
    later += [
        _card_of_subscription(s)
        for s in Subscription.objects.filter(
            Q(user_id__in=users) | Q(user__foreign_number__in=numbers),
            kind=Subscription.Kind.RENEWAL,
            valid_until__gt=last,
        ).select_related("user")
    ]
    latest: dict[str, date] = {}
    for card in cards + later:
        latest[card.holder] = max(latest.get(card.holder, card.valid_until), card.valid_until)
    return [c for c in cards if latest[c.holder] <= c.valid_until and c.holder not in renewing]


def card_occasions(today: date) -> list[Occasion]:
    occasions = []
    for card in current_cards(today):
        opens, closes = renewal_window(card.valid_until, on=today)
        closes_due = closes - timedelta(days=NOTICE_DAYS)
        key = f"{card.valid_until.isoformat()}:{card.holder}"
        context = {
            "card_name": labels.CARDS.get(card.kind, card.kind),
            "holder_name": card.holder_name,
            "valid_until": card.valid_until,
            "opens": opens,
            "closes": closes,
            "rights_kept_until": (
                grace_until(card.valid_until, on=today) if card.kind in GRACE_CARDS else None
            ),
        }
        common = {"key": key, "user": card.user, "dossier": card.dossier, "context": context}
        occasions += [
            Occasion(
                Sent.Kind.RENEWAL_OPENS,
                due_on=opens,
                until=max(opens, closes_due - timedelta(days=1)),
                **common,
            ),
            Occasion(Sent.Kind.RENEWAL_CLOSES, due_on=closes_due, until=closes, **common),
            Occasion(
                Sent.Kind.CARD_ENDS,
                due_on=card.valid_until - timedelta(days=NOTICE_DAYS),
                until=card.valid_until,
                **common,
            ),
        ]
    return occasions


# --- attestations ----------------------------------------------------------------------------


def attestation_occasions(today: date) -> list[Occasion]:
    """An attestation de prolongation ending soon while its file has no decision: the
    applicant is told, and the prefecture alerted (sejour.reminders.services). The
    notice is the automatic renewal's, so both happen the same day."""
    notice = timedelta(days=settings.SEJOUR_ATTESTATION_RENEW_DAYS)
    ending = Attestation.objects.filter(
        kind=Attestation.Kind.PROLONGATION,
        superseded_on__isnull=True,  # replaced after a correction: the new one counts
        dossier__state__in=PENDING,
        valid_until__range=(today, today + notice),
    ).select_related("dossier__applicant", "dossier__prefecture")
    return [
        Occasion(
            Sent.Kind.ATTESTATION_ENDS,
            key=attestation.number,
            due_on=attestation.valid_until - notice,
            until=attestation.valid_until,
            user=attestation.dossier.applicant,
            dossier=attestation.dossier,
            context={"attestation": attestation},
        )
        for attestation in ending
    ]


# --- children (DL-CHILD19) ----------------------------------------------------------------


@dataclass(frozen=True)
class Child:
    key: str
    parent: User
    name: str
    birth_date: date
    dossier: Dossier | None = None


def known_children(born_from: date, born_to: date) -> dict[str, Child]:
    """Children born in the range: those a parent filed for, and minors' accounts."""
    children: dict[str, Child] = {}
    filed = (
        Dossier.objects.filter(filed_by=Dossier.FiledBy.PARENT)
        .exclude(state=State.DRAFT)
        .annotate(child_birth=_json_date("snapshot__identity__minor__birth_date"))
        .filter(child_birth__range=(born_from, born_to))
        .select_related("applicant")
    )
    for dossier in filed:
        minor = minor_of(dossier)
        key = holder_key(dossier)
        name = f"{minor.get('first_names', '')} {minor.get('last_name', '')}".strip()
        birth = dossier.child_birth
        children.setdefault(key, Child(key, dossier.applicant, name, birth, dossier))
    for minor in User.objects.filter(
        guardian__isnull=False, birth_date__range=(born_from, born_to)
    ).select_related("guardian"):
        key = child_key(
            minor.guardian_id, minor.foreign_number, minor.birth_date.isoformat(), minor.first_name
        )
        children.setdefault(
            key, Child(key, minor.guardian, minor.get_full_name(), minor.birth_date)
        )
    return children


def child_occasions(today: date) -> list[Occasion]:
    """A child of a protected person may get a card as a family member if the request is
    filed by the eve of their 19th birthday: the parent is reminded, unless a request
    for the child is under way or already gave a card."""
    born_from, born_to = births_reaching_age_limit(
        today, today + timedelta(days=CHILD_NOTICE_DAYS), on=today
    )
    children = known_children(born_from, born_to)
    if not children:
        return []
    parents = {c.parent.pk for c in children.values()}
    numbers = {k[3:] for k in children if k.startswith("fn:")}
    covered = {
        holder_key(d)
        for d in Dossier.objects.filter(
            Q(applicant_id__in=parents, filed_by=Dossier.FiledBy.PARENT)
            | Q(applicant__foreign_number__in=numbers)
        )
        .exclude(state__in=NOT_COUNTING)
        .select_related("applicant")
    }
    occasions = []
    for child in children.values():
        if child.key in covered:
            continue
        limit = age_limit_date(child.birth_date, on=today)
        occasions.append(
            Occasion(
                Sent.Kind.CHILD19,
                key=f"{limit.isoformat()}:{child.key}",
                due_on=limit - timedelta(days=CHILD_NOTICE_DAYS),
                until=limit,
                user=child.parent,
                dossier=child.dossier,
                context={
                    "child_name": child.name,
                    "limit": limit,
                    "birthday": limit + timedelta(days=1),
                },
            )
        )
    return occasions


# --- e-photo codes (DL-EPHOTO) ------------------------------------------------------------


def ephoto_occasions(today: date) -> list[Occasion]:
    """A draft whose e-photo code stops being valid soon: deposit it before, or take a
    new photo."""
    taken_from, taken_to = ephoto_taken_ending_between(
        today, today + timedelta(days=NOTICE_DAYS), on=today
    )
    codes = {
        c.code: c for c in EphotoCode.objects.filter(taken_at__date__range=(taken_from, taken_to))
    }
    if not codes:
        return []
    drafts = (
        Dossier.objects.filter(state=State.DRAFT)
        .annotate(ephoto=_json_text("draft__ephoto__code"))
        .filter(ephoto__in=list(codes))
        .select_related("filer")
    )
    occasions = []
    for dossier in drafts:
        code = codes[dossier.ephoto]
        if code.used_by and code.used_by != dossier.reference:
            continue  # used by another request: the deposit will say so
        until = ephoto_valid_until(timezone.localdate(code.taken_at), on=today)
        occasions.append(
            Occasion(
                Sent.Kind.EPHOTO_ENDS,
                key=f"{code.code}:{dossier.reference}",
                due_on=until - timedelta(days=NOTICE_DAYS),
                until=until,
                user=dossier.filer,
                dossier=dossier,
                context={"until": until},
            )
        )
    return occasions
