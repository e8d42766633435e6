from django.db import models
from django.utils.translation import gettext_lazy as _


class RegisterEntry(models.Model):
    """A person as the local register of foreigners knows them (demo and test data)."""

    class Status(models.TextChoices):
        REFUGEE = "refugee", _("Réfugié")
        SUBSIDIARY = "subsidiary", _("Protection subsidiaire")
        STATELESS = "stateless", _("Apatride")

    foreign_number = models.CharField(
        _("numéro étranger"), max_length=10, unique=True, null=True, blank=True
    )
    permit_number = models.CharField(
        _("numéro de titre"), max_length=20, unique=True, null=True, blank=True
    )
    visa_number = models.CharField(
        _("numéro de visa"), max_length=20, unique=True, null=True, blank=True
    )
    last_name = models.CharField(_("nom"), max_length=100)
    first_names = models.CharField(_("prénoms"), max_length=150)
    birth_date = models.DateField(_("date de naissance"))
    nationality = models.CharField(_("nationalité"), max_length=60, blank=True)
    protection_status = models.CharField(
        _("protection"), max_length=12, choices=Status.choices, blank=True
    )
    document_kind = models.CharField(_("document"), max_length=40)
    valid_from = models.DateField(_("début de validité"))
    valid_until = models.DateField(_("fin de validité"))
    # The filiation the register records (a minor's parents, from the asylum file or
    # the DCEM): what a parent filing for a child is checked against.
    parents = models.ManyToManyField(
        "self",
        symmetrical=False,
        related_name="children",
        blank=True,
        verbose_name=_("parents"),
    )
    unavailable = models.BooleanField(_("registre indisponible (simulation)"), default=False)

    class Meta:
        verbose_name = _("personne du registre")
        verbose_name_plural = _("registre des étrangers (local)")

    def __str__(self) -> str:
        return f"{self.last_name} {self.first_names}"


class EphotoCode(models.Model):
    """An e-photo code as the local e-photo service knows it (demo and test data)."""

    code = models.CharField(_("code"), max_length=22, unique=True)
    taken_at = models.DateTimeField(_("photo prise le"))
    active_from = models.DateTimeField(_("actif à partir du"))
    used_by = models.CharField(_("utilisé par la démarche"), max_length=40, blank=True)

    class Meta:
        verbose_name = _("code e-photo")
        verbose_name_plural = _("codes e-photo (local)")

    def __str__(self) -> str:
        return self.code


class CardOrder(models.Model):
    """A card as the local production service (ANTS) knows it (demo and test data)."""

    reference = models.CharField(_("dossier"), max_length=20, db_index=True)
    ordered_at = models.DateTimeField(auto_now_add=True)
    ready_at = models.DateTimeField(_("prête le"))
    fails = models.BooleanField(_("échoue"), default=False)

    class Meta:
        verbose_name = _("commande de carte (locale)")
        verbose_name_plural = _("commandes de cartes (locales)")

    def __str__(self) -> str:
        return f"{self.reference} ({self.pk})"


class TaxStamp(models.Model):
    """An electronic tax stamp as the local tax service knows it (demo and test data)."""

    number = models.CharField(_("numéro"), max_length=16, unique=True)
    amount_eur = models.PositiveIntegerField(_("montant"))
    used_by = models.CharField(_("utilisé pour"), max_length=20, blank=True)

    class Meta:
        verbose_name = _("timbre fiscal (local)")
        verbose_name_plural = _("timbres fiscaux (locaux)")

    def __str__(self) -> str:
        return self.number


class OfpraCivilStatus(models.Model):
    """The local OFPRA: the civil-status certificates it has drawn up (000 Q40). A
    foreign number missing here is unknown to OFPRA; `established_on` empty means the
    civil status is still being rebuilt; `unavailable` makes the service fail."""

    foreign_number = models.CharField(_("numéro étranger"), max_length=10, unique=True)
    established_on = models.DateField(_("certificat établi le"), null=True, blank=True)
    certificate_number = models.CharField(_("numéro du certificat"), max_length=30, blank=True)
    unavailable = models.BooleanField(_("service indisponible (simulation)"), default=False)

    class Meta:
        verbose_name = _("état civil OFPRA (local)")
        verbose_name_plural = _("états civils OFPRA (locaux)")

    def __str__(self) -> str:
        return self.foreign_number


class OfpraDecision(models.Model):
    """The local OFPRA: the protection decisions it has recorded (demo and test data). A
    foreign number missing here is a decision not yet known to the service;
    `unavailable` makes the service fail."""

    foreign_number = models.CharField(_("numéro étranger"), max_length=10, unique=True)
    status = models.CharField(_("protection"), max_length=12, choices=RegisterEntry.Status.choices)
    decided_by = models.CharField(
        _("accordée par"), max_length=5, choices=[("OFPRA", "OFPRA"), ("CNDA", "CNDA")]
    )
    decision_date = models.DateField(_("date de la décision"))
    unavailable = models.BooleanField(_("service indisponible (simulation)"), default=False)

    class Meta:
        verbose_name = _("décision de protection OFPRA (locale)")
        verbose_name_plural = _("décisions de protection OFPRA (locales)")

    def __str__(self) -> str:
        return self.foreign_number
