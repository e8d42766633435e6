"""Sending the reminders due (once each), and subscribing to a card's renewal."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import translation
from django.utils.translation import gettext as _

from sejour.audit.services import audit_record
from sejour.inbox.models import Message
from sejour.notifications.services import notify
from sejour.reminders.models import Sent, Subscription
from sejour.reminders.occasions import RESIDENCE_CARDS, Occasion, due_occasions


@transaction.atomic
def subscribe_renewal(*, user, card_kind: str, valid_until: date) -> Subscription:
    """Remind `user` to renew their card ending `valid_until` (DL-RENEW): the renewal
    wizard offers it when it is too early. Idempotent per user and end of validity: a
    second call returns the same subscription (with the card kind given last)."""
    if card_kind not in RESIDENCE_CARDS:
        raise ValueError(f"not a residence card: {card_kind}")
    subscription, created = Subscription.objects.get_or_create(
        user=user,
        kind=Subscription.Kind.RENEWAL,
        valid_until=valid_until,
        defaults={"card_kind": card_kind},
    )
    if created:
        audit_record(
            actor=user,
            action="reminders.subscribed",
            target=subscription,
            data={"card_kind": card_kind, "valid_until": valid_until.isoformat()},
        )
    elif subscription.card_kind != card_kind:
        subscription.card_kind = card_kind
        subscription.save(update_fields=["card_kind"])
    return subscription


def reminders_send(*, today: date) -> int:
    """The daily job: send every reminder due (sejour.reminders.occasions), each once,
    in its recipient's language. Safe to run again the same day, or by two workers at
    once: the `Sent` log's unique (kind, key) lets one message through."""
    due = due_occasions(today)
    if not due:
        return 0
    done = set(Sent.objects.filter(key__in={o.key for o in due}).values_list("kind", "key"))
    return sum(
        1 for o in due if (o.kind, o.key) not in done and reminder_send(occasion=o, today=today)
    )


def reminder_send(*, occasion: Occasion, today: date) -> bool:
    """One reminder, its log line and (for an attestation) the prefecture's alert, all
    or nothing. False when another run has sent it already."""
    try:
        with transaction.atomic():
            message = notify(
                user=occasion.user,
                template="reminder_" + occasion.kind,
                dossier=occasion.dossier,
                context={**occasion.context, "dossier": occasion.dossier},
            )
            Sent.objects.create(
                kind=occasion.kind,
                key=occasion.key,
                due_on=occasion.due_on,
                user=occasion.user,
                dossier=occasion.dossier,
                message=message,
            )
            if occasion.kind == Sent.Kind.ATTESTATION_ENDS:
                _alert_prefecture(occasion)
    except IntegrityError:
        return False
    return True


def _alert_prefecture(occasion: Occasion) -> None:
    """The prefecture's inbox: the file has outlasted an attestation without decision."""
    dossier, attestation = occasion.dossier, occasion.context["attestation"]
    if dossier is None or dossier.prefecture_id is None:
        return
    with translation.override(settings.LANGUAGE_CODE):  # the back office's language
        text = _(
            "L'attestation de prolongation d'instruction %(number)s de %(holder)s prend fin "
            "le %(until)s et la demande n'a pas encore de décision."
        ) % {
            "number": attestation.number,
            "holder": dossier.holder_name or dossier.applicant.get_full_name(),
            "until": f"{attestation.valid_until:%d/%m/%Y}",
        }
        if dossier.legal_deadline:
            text += " " + _("Délai légal de délivrance de la carte : %(deadline)s.") % {
                "deadline": f"{dossier.legal_deadline:%d/%m/%Y}"
            }
        name = _("Service des rappels")
    Message.objects.create(
        kind=Message.Kind.ALERT,
        prefecture_id=dossier.prefecture_id,
        dossier=dossier,
        name=name,
        email="",
        lang=settings.LANGUAGE_CODE,
        text=text,
    )
