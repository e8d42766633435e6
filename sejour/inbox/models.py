"""The prefecture's inbox: messages from the help contact form (000 Q32: text and
screenshots) and the applicants' correction requests (000 Q26), each answered by an
agent; the answer reaches the writer by e-mail."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from sejour.dossiers.models import Scan


class Message(models.Model):
    class Kind(models.TextChoices):
        CONTACT = "contact", _("Formulaire de contact")
        CORRECTION = "correction", _("Demande de correction")
        ALERT = "alert", _("Alerte du service")

    kind = models.CharField(_("type"), max_length=12, choices=Kind.choices)
    prefecture = models.ForeignKey(
        "accounts.Prefecture", on_delete=models.PROTECT, related_name="messages"
    )
    dossier = models.ForeignKey(
        "dossiers.Dossier",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="inbox_messages",
    )
    correction = models.OneToOneField(
        "dossiers.CorrectionRequest",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="inbox_message",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="inbox_messages",
    )
    name = models.CharField(_("nom"), max_length=150, blank=True)
    email = models.EmailField(_("adresse e-mail"), blank=True)  # blank: the service's alerts
    lang = models.CharField(max_length=5, default="fr")
    text = models.TextField(_("message"))
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    answer = models.TextField(_("réponse"), blank=True)
    answered_at = models.DateTimeField(_("répondu le"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("message d'usager")
        verbose_name_plural = _("messages d'usagers")
        indexes = [models.Index(fields=["prefecture", "answered_at", "created_at"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.created_at:%Y-%m-%d}"

    @property
    def sender_verified(self) -> bool | None:
        """True when sent from a signed-in account (its identity was checked at sign-up);
        False for an anonymous message, whose name and address are only what was typed;
        None for the service's own alerts."""
        if self.kind == self.Kind.ALERT:
            return None
        return self.author_id is not None


def _screenshot_path(screenshot: Screenshot, filename: str) -> str:
    return f"inbox/{uuid.uuid4().hex}"


class Screenshot(models.Model):
    """A screen capture joined to a contact message, checked by its content."""

    message = models.ForeignKey(Message, on_delete=models.PROTECT, related_name="screenshots")
    file = models.FileField(upload_to=_screenshot_path, max_length=200)
    content_type = models.CharField(max_length=40)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    scan = models.CharField(max_length=12, choices=Scan.choices, default=Scan.CLEAN)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{self.message} #{self.pk}"
