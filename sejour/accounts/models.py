"""Users of sejour. The model is ours from the first migration, so that applicants
(who log in with their foreign number), agents, helpers and administrators can grow
on it without a swap of user model later."""

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    class Role(models.TextChoices):
        APPLICANT = "applicant", _("Demandeur")
        AGENT = "agent", _("Agent de préfecture")
        HELPER = "helper", _("Aidant")
        ADMIN = "admin", _("Administrateur")

    role = models.CharField(_("rôle"), max_length=16, choices=Role.choices, default=Role.APPLICANT)

    class Meta:
        verbose_name = _("utilisateur")
        verbose_name_plural = _("utilisateurs")
