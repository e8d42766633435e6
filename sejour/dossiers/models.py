"""A request (dossier), its append-only events, its documents."""

from __future__ import annotations

import re
import unicodedata
import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from sejour.dossiers.states import State


def search_key(text: str) -> str:
    """A name as searched: without accents, lower case, words separated by one space
    (Çelik, CELIK and çelik are the same key; so are Jean-Marc and jean marc)."""
    plain = unicodedata.normalize("NFKD", text)
    plain = "".join(c for c in plain if not unicodedata.combining(c)).casefold()
    return " ".join(re.split(r"[^0-9a-z]+", plain)).strip()


class SearchTextField(models.CharField):
    """The queue's search column, written by the model on every save, bulk insert
    included: the holder's name as `search_key` makes it, then their number (foreign
    or visa), so that names and parts of numbers are found through one trigram index
    (migration 0011_h14_queue_search on PostgreSQL)."""

    def pre_save(self, model_instance, add):
        number = (model_instance.subject or "").removeprefix("visa:")
        if number.startswith("user:"):
            number = ""
        value = f"{search_key(model_instance.holder_name)} {search_key(number)}".strip()
        setattr(model_instance, self.attname, value[: self.max_length])
        return value[: self.max_length]


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
    # Set at deposit, for the prefecture's queue: who the request is for, who instructs it.
    profile = models.CharField(_("profil"), max_length=16, blank=True, db_index=True)
    holder_name = models.CharField(_("titulaire"), max_length=250, blank=True)
    holder_born = models.DateField(_("titulaire né le"), null=True, blank=True)
    search_text = SearchTextField(max_length=300, blank=True, editable=False)
    # One open request per person, procedure and card (sejour.dossiers.subjects): who the
    # request is for, as the register knows them (a foreign number, else the account),
    # and which of their documents it is about ("card", "travel"; empty: no limit).
    subject = models.CharField(_("personne concernée"), max_length=48, blank=True)
    slot = models.CharField(_("document concerné"), max_length=8, blank=True)
    civil_status_received_on = models.DateField(
        _("état civil OFPRA reçu le"), null=True, blank=True
    )
    decision = models.JSONField(_("décision"), null=True, blank=True)
    decided_at = models.DateTimeField(_("décidée le"), null=True, blank=True)
    card_order_id = models.CharField(_("commande de carte"), max_length=40, blank=True)
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="dossiers_assigned",
        verbose_name=_("agent chargé"),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("dossier")
        verbose_name_plural = _("dossiers")
        indexes = [
            models.Index(fields=["prefecture", "state", "legal_deadline"]),
            # The prefecture's queue (sejour.instruction.queue): its order first, then
            # every column its filters and its search read, so that counts, filters and
            # search are answered from the index alone (index-only scans). Key columns
            # rather than INCLUDE, which SQLite lacks; the order's columns end in the
            # unique id, so the trailing ones cost little.
            models.Index(
                fields=[
                    "prefecture",
                    "legal_deadline",
                    "submitted_at",
                    "id",
                    "state",
                    "procedure",
                    "profile",
                    "assigned_to",
                    "applicant",
                    "reference",
                    "holder_name",
                ],
                condition=~models.Q(state="draft"),
                name="dossier_queue_idx",
            ),
            # The queue's search by foreign number (sejour.instruction.search_terms); names
            # go through the trigram index on search_text (migration 0011_h14_queue_search).
            models.Index(fields=["subject"], name="dossier_subject_idx"),
        ]
        constraints = [
            # The database's word on "one open request per person and card": two deposits
            # at the same moment cannot both pass the service's check. The states are
            # those of states.CLOSED and the draft, spelled out as migrations need.
            models.UniqueConstraint(
                fields=["subject", "slot"],
                condition=~models.Q(subject="")
                & ~models.Q(slot="")
                & ~models.Q(state__in=["draft", "refused", "handed_over", "withdrawn", "applied"]),
                name="dossier_one_open_per_subject_slot",
            ),
        ]

    def __str__(self) -> str:
        return self.reference

    def save(self, *args, **kwargs):
        if not self.reference:
            self.reference = "D-" + uuid.uuid4().hex[:10].upper()
        super().save(*args, **kwargs)

    @property
    def holder_number(self) -> str:
        """The foreign or visa number of the person the request is for ("" if none)."""
        subject = self.subject or ""
        return "" if subject.startswith("user:") else subject.removeprefix("visa:")


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

    def get_to_state_label(self) -> str:
        return str(State(self.to_state).label)


class Scan(models.TextChoices):
    CLEAN = "clean", _("vérifié par l'antivirus")
    QUARANTINE = "quarantine", _("en quarantaine : analyse antivirus en attente")
    INFECTED = "infected", _("refusé par l'antivirus")


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
    # The antivirus's word (sejour.dossiers.uploads): an upload made while it could not
    # answer waits in quarantine, shown to nobody, until the scheduled rescan.
    scan = models.CharField(max_length=12, choices=Scan.choices, default=Scan.CLEAN)
    # Set when the retention purge (sejour.dossiers.retention) deleted the stored file:
    # the row stays, naming what was provided, its size and digest, never its content.
    purged_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["code", "-uploaded_at"]

    def __str__(self) -> str:
        return f"{self.dossier} {self.code}"


class DossierVersion(models.Model):
    """The request as it stood before a correction: every version is kept."""

    dossier = models.ForeignKey(Dossier, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField()
    snapshot = models.JSONField()
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["number"]
        unique_together = [("dossier", "number")]

    def __str__(self) -> str:
        return f"{self.dossier} v{self.number}"


class CorrectionRequest(models.Model):
    """Once an agent has opened the file, the applicant asks for a correction: the agent
    sees it beside the original (000 Q26)."""

    dossier = models.ForeignKey(Dossier, on_delete=models.PROTECT, related_name="corrections")
    text = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)

    class State(models.TextChoices):
        PENDING = "pending", _("En attente de la préfecture")
        APPLIED = "applied", _("Appliquée")
        REFUSED = "refused", _("Refusée")
        ANSWERED = "answered", _("Répondue")  # written in words: answered in words

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    handled_at = models.DateTimeField(null=True, blank=True)  # answered in the inbox
    # The step corrected ("address", "situation") and its new answers, as the deposit's
    # form saves them; none for a correction written in words only.
    step = models.CharField(max_length=16, blank=True)
    data = models.JSONField(null=True, blank=True)
    state = models.CharField(
        _("état"), max_length=8, choices=State.choices, default=State.PENDING, db_index=True
    )
    answered_at = models.DateTimeField(null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    refusal_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.dossier} correction {self.created_at:%Y-%m-%d}"


class ComplementRequest(models.Model):
    """Documents the prefecture asks for, each with its reason (000 Q30–Q31)."""

    dossier = models.ForeignKey(Dossier, on_delete=models.PROTECT, related_name="complements")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    items = models.JSONField()  # [{"code": …, "reason": …, "answer": "kept" | "replaced" | None}]
    answer_by = models.DateField()
    created_at = models.DateTimeField(auto_now_add=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.dossier} complement {self.created_at:%Y-%m-%d}"
