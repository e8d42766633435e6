"""Users of sejour, the prefectures agents belong to, pending sign-ups and mandates.

Applicants log in with their foreign number (000 Q10, Q14): it is their username. A
family member known only by a long-stay visa number uses it instead (000 Q16).
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Prefecture(models.Model):
    name = models.CharField(_("nom"), max_length=120)
    department_code = models.CharField(_("code du département"), max_length=3, unique=True)
    address = models.TextField(_("adresse du guichet"))
    opening_hours = models.TextField(_("horaires d'accueil"))

    class Meta:
        ordering = ["department_code"]
        verbose_name = _("préfecture")
        verbose_name_plural = _("préfectures")

    def __str__(self) -> str:
        return f"{self.name} ({self.department_code})"


class User(AbstractUser):
    class Role(models.TextChoices):
        APPLICANT = "applicant", _("Demandeur")
        AGENT = "agent", _("Agent de préfecture")
        HELPER = "helper", _("Aidant")
        ADMIN = "admin", _("Administrateur")

    role = models.CharField(_("rôle"), max_length=16, choices=Role.choices, default=Role.APPLICANT)
    foreign_number = models.CharField(
        _("numéro étranger"), max_length=10, unique=True, null=True, blank=True
    )
    visa_number = models.CharField(
        _("numéro de visa"), max_length=20, unique=True, null=True, blank=True
    )
    birth_date = models.DateField(_("date de naissance"), null=True, blank=True)
    prefecture = models.ForeignKey(
        Prefecture,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="agents",
        verbose_name=_("préfecture"),
    )
    organisation = models.CharField(_("structure"), max_length=150, blank=True)
    guardian = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="wards",
        verbose_name=_("parent"),
    )
    email_verified_at = models.DateTimeField(_("e-mail vérifié le"), null=True, blank=True)
    must_change_password = models.BooleanField(_("doit changer son mot de passe"), default=False)
    language = models.CharField(_("langue"), max_length=5, choices=settings.LANGUAGES, default="fr")
    # The applicant's current address and phone (000 Q20): {"street", "postal_code", "city"}.
    address = models.JSONField(_("adresse"), default=dict, blank=True)
    phone = models.CharField(_("téléphone"), max_length=20, blank=True)

    class Meta:
        verbose_name = _("utilisateur")
        verbose_name_plural = _("utilisateurs")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(role="agent") | models.Q(prefecture__isnull=False),
                name="agent_has_prefecture",
            ),
        ]

    @property
    def is_applicant(self) -> bool:
        return self.role == self.Role.APPLICANT

    @property
    def is_agent(self) -> bool:
        return self.role == self.Role.AGENT

    @property
    def is_helper(self) -> bool:
        return self.role == self.Role.HELPER


class PendingSignup(models.Model):
    """A sign-up between the register check and the password: what was checked, and the
    single-use e-mail verification."""

    identifier = models.CharField(max_length=20)
    identifier_kind = models.CharField(max_length=10)  # foreign, permit, visa
    foreign_number = models.CharField(max_length=10, blank=True)
    visa_number = models.CharField(max_length=20, blank=True)
    last_name = models.CharField(max_length=100)
    first_names = models.CharField(max_length=150)
    birth_date = models.DateField()
    email = models.EmailField(blank=True)
    nonce = models.CharField(max_length=64, blank=True)
    language = models.CharField(max_length=5, default="fr")
    created_at = models.DateTimeField(auto_now_add=True)
    verified_at = models.DateTimeField(null=True, blank=True)
    used_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.identifier} ({self.created_at:%Y-%m-%d})"


class Mandate(models.Model):
    """A helper may act for an applicant, for these procedures, until this date, once
    the applicant has consented; the applicant may revoke it at any time."""

    class Consent(models.TextChoices):
        ACCOUNT = "account", _("depuis le compte du demandeur")
        CODE = "code", _("par un code envoyé au demandeur")

    helper = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="mandates_given",
        verbose_name=_("aidant"),
    )
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="mandates",
        verbose_name=_("demandeur"),
    )
    procedures = models.JSONField(_("démarches"), default=list)
    valid_until = models.DateField(_("valable jusqu'au"))
    created_at = models.DateTimeField(auto_now_add=True)
    consented_at = models.DateTimeField(_("accepté le"), null=True, blank=True)
    consent_method = models.CharField(max_length=10, choices=Consent.choices, blank=True)
    revoked_at = models.DateTimeField(_("révoqué le"), null=True, blank=True)
    code_hash = models.CharField(max_length=128, blank=True)
    code_expires_at = models.DateTimeField(null=True, blank=True)
    code_attempts = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("mandat")
        verbose_name_plural = _("mandats")

    def __str__(self) -> str:
        return f"{self.helper} → {self.applicant} ({self.valid_until})"

    def is_active(self, on=None) -> bool:
        today = on or timezone.localdate()
        return bool(self.consented_at) and self.revoked_at is None and self.valid_until >= today


class EnrolmentCode(models.Model):
    """An administrator's permission for one person to link an authenticator (issue 13):
    without it, whoever knows the password first would link theirs. Single-use,
    expiring; only its hash is kept (the clear code is shown once, to the administrator)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="enrolment_codes"
    )
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    code_hash = models.CharField(max_length=128)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("code d'enrôlement")
        verbose_name_plural = _("codes d'enrôlement")

    def __str__(self) -> str:
        return f"{self.user} ({self.created_at:%Y-%m-%d})"
