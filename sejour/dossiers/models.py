"""A request (dossier), its append-only events, its documents."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from sejour.dossiers.states import State


class Dossier(models.Model):
    class Procedure(models.TextChoices):
        FIRST_PERMIT = "first_permit", _("Première carte de séjour")
        RENEWAL = "renewal", _("Renouvellement")
        TRAVEL_DOCUMENT = "travel_document", _("Titre de voyage")
        DUPLICATE = "duplicate", _("Duplicata")
        CHANGE = "change_of_situation", _("Changement de situation")

    class FiledBy(models.TextChoices):
        SELF = "self", _("le demandeur")
        PARENT = "parent", _("un parent")
        HELPER = "helper", _("un aidant")

    reference = models.CharField(_("numéro"), max_length=20, unique=True, editable=False)
    procedure = models.CharField(_("démarche"), max_length=24, choices=Procedure.choices)
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="dossiers",
        verbose_name=_("demandeur"),
    )
    filed_by = models.CharField(
        _("déposé par"), max_length=8, choices=FiledBy.choices, default=FiledBy.SELF
    )
    filer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="dossiers_filed",
        verbose_name=_("déposant"),
    )
    prefecture = models.ForeignKey(
        "accounts.Prefecture",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="dossiers",
        verbose_name=_("préfecture"),
    )
    state = models.CharField(
        _("état"), max_length=24, choices=State.choices, default=State.DRAFT, db_index=True
    )
    draft = models.JSONField(_("brouillon"), default=dict, blank=True)
    snapshot = models.JSONField(_("demande déposée"), null=True, blank=True)
    assessment = models.JSONField(_("évaluation des règles"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("déposée le"), null=True, blank=True)
    legal_deadline = models.DateField(_("délai légal"), null=True, blank=True, db_index=True)
    deposit_key = models.UUIDField(default=uuid.uuid4, editable=False, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("dossier")
        verbose_name_plural = _("dossiers")

    def __str__(self) -> str:
        return self.reference

    def save(self, *args, **kwargs):
        if not self.reference:
            self.reference = "D-" + uuid.uuid4().hex[:10].upper()
        super().save(*args, **kwargs)


class DossierEvent(models.Model):
    """Who, when, from, to, why: written once, never edited or deleted."""

    dossier = models.ForeignKey(Dossier, on_delete=models.PROTECT, related_name="events")
    at = models.DateTimeField(auto_now_add=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    on_behalf_of = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    from_state = models.CharField(max_length=24, blank=True)
    to_state = models.CharField(max_length=24)
    why = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.dossier} {self.from_state}→{self.to_state}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionError("dossier events are never edited")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("dossier events are never deleted")


def _upload_path(document: DossierDocument, filename: str) -> str:
    return f"dossiers/{document.dossier.reference}/{uuid.uuid4().hex}"


class DossierDocument(models.Model):
    """A supporting document, as checked and stored (never under a public URL)."""

    dossier = models.ForeignKey(Dossier, on_delete=models.PROTECT, related_name="documents")
    code = models.CharField(max_length=40)
    file = models.FileField(upload_to=_upload_path, max_length=200)
    original_name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=40)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)
    replaced_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["code", "-uploaded_at"]

    def __str__(self) -> str:
        return f"{self.dossier} {self.code}"
