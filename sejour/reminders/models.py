"""Reminders: the cards an applicant asked to be reminded of, and the log that makes
every reminder go out once (sejour.reminders.occasions says which, and when)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Subscription(models.Model):
    """ "Remind me when I can renew": a card the service did not issue, or does not know
    yet, given by its holder (the renewal wizard offers it when it is too early)."""

    class Kind(models.TextChoices):
        RENEWAL = "renewal", _("Renouvellement de la carte")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="reminder_subscriptions",
        verbose_name=_("demandeur"),
    )
    kind = models.CharField(_("type"), max_length=16, choices=Kind.choices, default=Kind.RENEWAL)
    card_kind = models.CharField(_("carte"), max_length=40)
    valid_until = models.DateField(_("valable jusqu'au"), db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["valid_until", "pk"]
        verbose_name = _("abonnement aux rappels")
        verbose_name_plural = _("abonnements aux rappels")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "kind", "valid_until"], name="reminder_subscription_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} {self.kind} {self.valid_until}"


class Sent(models.Model):
    """One line per reminder sent, written in the same transaction as its message: the
    unique (kind, key) is what makes a reminder go out once, whoever runs the job."""

    class Kind(models.TextChoices):
        RENEWAL_OPENS = "renewal_opens", _("Ouverture du renouvellement")
        RENEWAL_CLOSES = "renewal_closes", _("Fin prochaine de la période de renouvellement")
        CARD_ENDS = "card_ends", _("Fin de validité de la carte")
        ATTESTATION_ENDS = "attestation_ends", _("Attestation bientôt expirée sans décision")
        CHILD19 = "child19", _("Demande d'un enfant avant sa limite d'âge")
        EPHOTO_ENDS = "ephoto_ends", _("Code e-photo bientôt expiré")

    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices)
    # What the reminder is about, e.g. "2027-06-30:fn:7300000001" (a card's end and its
    # holder): the same occasion found twice, or by two workers, has the same key.
    key = models.CharField(_("occasion"), max_length=160)
    due_on = models.DateField(_("prévu le"))
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    dossier = models.ForeignKey(
        "dossiers.Dossier", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    message = models.ForeignKey(
        "notifications.OutboxMessage",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    sent_at = models.DateTimeField(_("envoyé le"), default=timezone.now)

    class Meta:
        ordering = ["-sent_at", "-pk"]
        verbose_name = _("rappel envoyé")
        verbose_name_plural = _("rappels envoyés")
        constraints = [models.UniqueConstraint(fields=["kind", "key"], name="reminder_sent_once")]

    def __str__(self) -> str:
        return f"{self.kind} {self.key}"
