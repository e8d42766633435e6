"""Account forms: every error says what to fix, in the page's language."""

from __future__ import annotations

import re

from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import (
    AuthenticationForm,
    PasswordChangeForm,
    PasswordResetForm,
    SetPasswordForm,
)
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django_otp import match_token
from dsfr.forms import DsfrBaseForm

from sejour.accounts.guards import current_password_ok
from sejour.core.digits import DigitsCharField
from sejour.simulator.fields import DayField, choice

KINDS = [
    ("foreign", _("Numéro étranger (10 chiffres)")),
    ("permit", _("Numéro de titre de séjour")),
    ("visa", _("Numéro de visa de long séjour")),
]
FORMATS = {
    "foreign": (r"[0-9]{10}", _("Le numéro étranger compte exactement 10 chiffres, sans lettre.")),
    "permit": (
        r"[A-Z0-9]{8,14}",
        _(
            "Le numéro de titre compte de 8 à 14 chiffres ou lettres : recopiez-le tel qu'il figure sur la carte."
        ),
    ),
    "visa": (
        r"[A-Z]{0,3}[0-9]{6,12}",
        _(
            "Recopiez le numéro tel qu'il figure sur le visa : parfois 3 lettres, puis des chiffres."
        ),
    ),
}
PROCEDURE_LABELS = [
    ("first_permit", _("Première carte de séjour")),
    ("renewal", _("Renouvellement")),
    ("travel_document", _("Titre de voyage")),
    ("duplicate", _("Duplicata")),
    ("change_of_situation", _("Changement de situation")),
]


def six_digits(label, autocomplete: str = "off") -> forms.CharField:
    """A one-time code of 6 digits, typed on a numeric keypad."""
    return DigitsCharField(
        label=label,
        max_length=6,
        min_length=6,
        widget=forms.TextInput(attrs={"autocomplete": autocomplete, "inputmode": "numeric"}),
        error_messages={
            "required": _("Saisissez le code à 6 chiffres."),
            "min_length": _("Le code compte 6 chiffres."),
            "max_length": _("Le code compte 6 chiffres."),
        },
    )


class IdentityForm(DsfrBaseForm):
    kind = choice(_("Avec quel numéro créez-vous votre compte ?"), KINDS, initial="foreign")
    number = DigitsCharField(
        label=_("Numéro"),
        max_length=40,
        help_text=_(
            "Le numéro étranger figure sur votre attestation de demande d'asile (ATDA) ou sur "
            "votre titre de séjour, au-dessus de la signature ou sur le côté droit. Pour un "
            "mineur, sur son attestation de demande d'asile ou son document de circulation (DCEM)."
        ),
        error_messages={"required": _("Indiquez votre numéro.")},
    )
    valid_from = DayField(label=_("Date de début de validité de votre document actuel"))
    valid_until = DayField(
        label=_("Date de fin de validité de votre document actuel"),
        not_after_today=False,
        help_text=_(
            "Titre de séjour, récépissé, attestation de demande d'asile ou visa. Format : JJ/MM/AAAA"
        ),
    )

    def clean(self):
        data = super().clean()
        kind, number = data.get("kind"), data.get("number")
        if kind and number:
            number = re.sub(r"[\s.-]", "", number).upper()
            pattern, message = FORMATS[kind]
            if not re.fullmatch(pattern, number):
                self.add_error("number", message)
            data["number"] = number
        start, end = data.get("valid_from"), data.get("valid_until")
        if start and end and start > end:
            self.add_error(
                "valid_until",
                _("La fin de validité doit venir après le début : vérifiez les deux dates."),
            )
        return data


class EmailForm(DsfrBaseForm):
    email = forms.EmailField(
        label=_("Votre adresse e-mail"),
        error_messages={
            "required": _("Indiquez votre adresse e-mail."),
            "invalid": _("Saisissez une adresse e-mail complète, par exemple nom@exemple.fr."),
        },
    )
    email_confirm = forms.EmailField(
        label=_("Saisissez-la une seconde fois"),
        error_messages={
            "required": _("Saisissez l'adresse une seconde fois."),
            "invalid": _("Saisissez une adresse e-mail complète, par exemple nom@exemple.fr."),
        },
    )

    def clean(self):
        data = super().clean()
        first, second = data.get("email"), data.get("email_confirm")
        if first and second and first.lower() != second.lower():
            self.add_error(
                "email_confirm", _("Les deux adresses ne sont pas identiques : vérifiez-les.")
            )
        return data


class LoginForm(DsfrBaseForm, AuthenticationForm):
    username = forms.CharField(
        label=_("Numéro étranger (ou identifiant)"),
        max_length=150,
        help_text=_("Les 10 chiffres de votre numéro étranger."),
        widget=forms.TextInput(attrs={"autocomplete": "username", "autofocus": True}),
    )
    error_messages = {
        "invalid_login": _(
            "Numéro ou mot de passe incorrect. Vérifiez-les, ou demandez un nouveau mot de passe."
        ),
        "inactive": _("Ce compte est désactivé. Contactez votre préfecture."),
    }

    def clean_username(self):
        return re.sub(r"\s", "", self.cleaned_data["username"])


class TokenForm(DsfrBaseForm):
    token = six_digits(
        _("Code à 6 chiffres de votre application d'authentification"), autocomplete="one-time-code"
    )

    def __init__(self, *args, user, device=None, **kwargs):
        self.user, self.device = user, device
        super().__init__(*args, **kwargs)

    def clean_token(self):
        token = self.cleaned_data["token"].strip()
        if not token.isdigit():
            raise forms.ValidationError(_("Le code ne contient que des chiffres."))
        if self.device is not None:
            matched = self.device if self.device.verify_token(token) else None
        else:
            matched = match_token(self.user, token)
        if matched is None:
            raise forms.ValidationError(
                _(
                    "Code incorrect ou expiré : saisissez le code affiché maintenant par votre application."
                )
            )
        self.matched = matched
        return token


class EnrolmentForm(DsfrBaseForm):
    code = forms.CharField(
        label=_("Code d'enrôlement remis par votre administrateur"),
        max_length=20,
        help_text=_("12 lettres et chiffres, par exemple ABCD-EFGH-JKMN."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
        error_messages={"required": _("Saisissez le code d'enrôlement.")},
    )


class MandateRequestForm(DsfrBaseForm):
    applicant_number = forms.CharField(
        label=_("Numéro étranger de la personne"),
        max_length=20,
        error_messages={"required": _("Indiquez le numéro étranger de la personne.")},
    )
    procedures = forms.MultipleChoiceField(
        label=_("Pour quelles démarches ?"),
        choices=PROCEDURE_LABELS,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Cochez au moins une démarche.")},
    )
    valid_until = DayField(
        label=_("Jusqu'à quelle date ?"),
        not_after_today=False,
        help_text=_("Un an au plus. Format : JJ/MM/AAAA"),
    )

    def clean_applicant_number(self):
        return re.sub(r"[\s.-]", "", self.cleaned_data["applicant_number"]).upper()


class MandateCodeForm(DsfrBaseForm):
    code = six_digits(_("Code reçu par la personne"))


def minimum_length() -> int:
    for validator in password_validation.get_default_password_validators():
        if isinstance(validator, password_validation.MinimumLengthValidator):
            return validator.min_length
    return 0


def password_rules() -> str:
    """What a new password must be, with the minimum length the validators enforce."""
    n = minimum_length()
    return ngettext(
        "Au moins %(n)d caractère. Pas un mot de passe courant, ni seulement des chiffres, ni proche de votre nom ou de votre identifiant. Quelques mots sans lien entre eux font un bon mot de passe.",
        "Au moins %(n)d caractères. Pas un mot de passe courant, ni seulement des chiffres, ni proche de votre nom ou de votre identifiant. Quelques mots sans lien entre eux font un bon mot de passe.",
        n,
    ) % {"n": n}


class ShowsPasswordRules:
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # the bound field (already made by DsfrBaseForm) keeps its own copy of the text
        self.fields["new_password1"].help_text = self["new_password1"].help_text = password_rules()


class NewPasswordForm(ShowsPasswordRules, DsfrBaseForm, SetPasswordForm):
    """A new password, checked by the validators (length, common in French or in
    English, numeric, similarity, keyboard walks), typed twice; the rules are shown."""


class ChangePasswordForm(ShowsPasswordRules, DsfrBaseForm, PasswordChangeForm):
    def clean_old_password(self):
        """Limited like a login (guards.current_password_ok): not an oracle for whoever
        holds the session."""
        old_password = self.cleaned_data["old_password"]
        if not current_password_ok(user=self.user, password=old_password):
            raise forms.ValidationError(
                self.error_messages["password_incorrect"], code="password_incorrect"
            )
        return old_password


class ResetRequestForm(DsfrBaseForm, PasswordResetForm):
    email = forms.EmailField(
        label=_("L'adresse e-mail de votre compte"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages={
            "required": _("Indiquez votre adresse e-mail."),
            "invalid": _("Saisissez une adresse e-mail complète, par exemple nom@exemple.fr."),
        },
    )

    def get_users(self, email):
        """Only accounts whose address was verified receive a link."""
        return (u for u in super().get_users(email) if u.email_verified_at)
