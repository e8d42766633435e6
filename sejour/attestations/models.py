"""Attestations issued at deposit (000 Q7, Q17, Q18, Q25, Q28, Q40): the record is the
truth; the PDF is rendered from it, and anyone holding its code can check it."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# Crockford's base 32 without look-alikes: 16 characters, 80 random bits.
_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"


def new_code() -> str:
    raw = "".join(secrets.choice(_ALPHABET) for _ in range(16))
    return "-".join(raw[i : i + 4] for i in range(0, 16, 4))


def normalize_code(code: str) -> str:
    raw = code.upper().replace("-", "").replace(" ", "").replace("O", "0")
    raw = raw.replace("I", "1").replace("L", "1")
    return "-".join(raw[i : i + 4] for i in range(0, len(raw), 4))


class Attestation(models.Model):
    class Kind(models.TextChoices):
        PROLONGATION = (
            "attestation_prolongation_instruction",
            _("Attestation de prolongation d'instruction"),
        )
        CONFIRMATION = "attestation_confirmation_depot", _("Attestation de confirmation de dépôt")

    number = models.CharField(_("numéro"), max_length=24, unique=True, editable=False)
    code = models.CharField(
        _("code de vérification"), max_length=19, unique=True, default=new_code, editable=False
    )
    dossier = models.ForeignKey(
        "dossiers.Dossier", on_delete=models.PROTECT, related_name="attestations"
    )
    holder = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="attestations"
    )
    holder_last_name = models.CharField(max_length=100)
    holder_first_names = models.CharField(max_length=150)
    holder_birth_date = models.DateField(null=True)
    holder_foreign_number = models.CharField(max_length=20, blank=True)
    kind = models.CharField(_("type"), max_length=40, choices=Kind.choices)
    issued_on = models.DateField(_("délivrée le"))
    valid_until = models.DateField(_("valable jusqu'au"), null=True, blank=True)
    renewable = models.BooleanField(default=False)
    allows_work = models.BooleanField(default=False)
    allows_schengen_travel = models.BooleanField(default=False)
    valid_only_with_previous_card = models.BooleanField(default=False)
    keeps_previous_rights = models.BooleanField(default=False)
    prefecture_name = models.CharField(max_length=120, blank=True)
    # The attestation this one renews while the file is pending (none for the first).
    renews = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="renewed_by"
    )
    # ATT-FAMILY: the attestation de prolongation that follows a family member's
    # confirmation de dépôt once the document they hold ends (000 Q28). One-to-one: the
    # scheduled job can never issue two for the same confirmation.
    follows = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="followed_by"
    )
    # On a confirmation de dépôt: the end of the document the family member held when
    # it was issued (from the request, else the register of foreigners).
    document_held_until = models.DateField(null=True, blank=True)
    # A correction changed what the attestation says: from that day it no longer counts,
    # and the one issued in its place (if any) does.
    superseded_on = models.DateField(_("remplacée le"), null=True, blank=True)
    replaced_by = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="replaces"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-issued_on", "-id"]
        verbose_name = _("attestation")
        verbose_name_plural = _("attestations")

    def __str__(self) -> str:
        return self.number

    def save(self, *args, **kwargs):
        if not self.number:
            self.number = f"ATT-{timezone.localdate():%Y}-{secrets.token_hex(4).upper()}"
        super().save(*args, **kwargs)

    def is_valid_on(self, day) -> bool:
        if self.superseded_on is not None and day >= self.superseded_on:
            return False  # a correction replaced it (or withdrew it): it proves nothing now
        if self.kind == self.Kind.CONFIRMATION:
            return True  # a proof of receipt: genuine, with no period of validity
        if self.request_closed:
            return False  # it proved a request under instruction; the request is over
        return self.valid_until is not None and self.issued_on <= day <= self.valid_until

    @property
    def request_closed(self) -> bool:
        """The request was decided (card handed over, refusal), withdrawn or applied."""
        from sejour.dossiers.states import CLOSED

        return self.dossier.state in CLOSED

    @property
    def initials(self) -> str:
        names = f"{self.holder_first_names} {self.holder_last_name}".split()
        return ".".join(n[0].upper() for n in names if n) + "."
