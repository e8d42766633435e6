"""The forms of the deposit (000 Q17): what to fix is said next to each field."""

from __future__ import annotations

import re

from django import forms
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from dsfr.forms import DsfrBaseForm

from sejour.core.digits import DigitsCharField
from sejour.core.legal_texts import card_with_validity, law, with_law, work_ages, years
from sejour.simulator.fields import DayField, choice, flag
from sejour.simulator.steps import MARITAL, RELATIONS, STATUSES, YES_NO


class IdentityStepForm(DsfrBaseForm):
    confirm = flag(_("Ces informations sont exactes"))

    def __init__(self, *args, for_child: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.for_child = for_child
        if for_child:
            del self.fields["confirm"]
            self.fields["last_name"] = forms.CharField(label=_("Nom de l'enfant"), max_length=100)
            self.fields["first_names"] = forms.CharField(
                label=_("Prénoms de l'enfant"), max_length=150
            )
            self.fields["birth_date"] = DayField(label=_("Date de naissance de l'enfant"))
            self.fields["foreign_number"] = DigitsCharField(
                label=_("Numéro étranger de l'enfant"),
                max_length=10,
                help_text=_(
                    "Sur son attestation de demande d'asile ou son document de circulation (DCEM)."
                ),
                # The register confirms the child by this number (000 Q21): no number,
                # nothing to check, nothing deposited online.
                error_messages={
                    "required": _(
                        "Indiquez le numéro étranger de l'enfant : il figure sur son attestation de demande d'asile ou son document de circulation (DCEM). Sans ce numéro, la demande se fait à la préfecture."
                    )
                },
            )
            self.fields["parent2_unknown"] = flag(_("Second parent inconnu (par exemple décédé)"))
            self.fields["observations"] = forms.CharField(
                label=_("Observations"),
                required=False,
                max_length=1000,
                widget=forms.Textarea(attrs={"rows": 3}),
            )
        else:
            self.fields["confirm"].required = True
            self.fields["confirm"].error_messages["required"] = _(
                "Cochez la case pour confirmer ces informations, ou corrigez-les d'abord par un changement de situation."
            )

    def clean_foreign_number(self):
        number = re.sub(r"\s", "", self.cleaned_data.get("foreign_number", ""))
        if number and not re.fullmatch(r"[0-9]{10}", number):
            raise forms.ValidationError(
                _("Le numéro étranger compte exactement 10 chiffres, sans lettre.")
            )
        return number


class AddressStepForm(DsfrBaseForm):
    street = forms.CharField(
        label=_("Adresse (numéro et rue, ou domiciliation)"),
        max_length=200,
        error_messages={"required": _("Indiquez votre adresse.")},
    )
    postal_code = DigitsCharField(
        label=_("Code postal"),
        max_length=5,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "postal-code"}),
        error_messages={"required": _("Indiquez le code postal.")},
    )
    city = forms.CharField(
        label=_("Commune"), max_length=100, error_messages={"required": _("Indiquez la commune.")}
    )
    phone = DigitsCharField(
        label=_("Téléphone (facultatif)"),
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )

    def clean_postal_code(self):
        from sejour.accounts.models import Prefecture
        from sejour.dossiers.deposit import department_for

        code = self.cleaned_data["postal_code"].strip()
        if not re.fullmatch(r"[0-9]{5}", code):
            raise forms.ValidationError(_("Le code postal compte 5 chiffres."))
        if not Prefecture.objects.filter(department_code=department_for(code)).exists():
            raise forms.ValidationError(
                _(
                    "La démarche en ligne n'est pas encore ouverte dans ce département : rendez-vous à la préfecture de votre domicile."
                )
            )
        return code

    def clean_phone(self):
        phone = re.sub(r"[\s.-]", "", self.cleaned_data.get("phone", ""))
        if phone and not re.fullmatch(r"\+?[0-9]{9,15}", phone):
            raise forms.ValidationError(
                _("Saisissez un numéro de téléphone, par exemple 06 12 34 56 78.")
            )
        return phone


class SituationStepForm(DsfrBaseForm):
    status = choice(
        _("Votre protection (ou celle de la personne protégée de votre famille)"), STATUSES
    )
    decided_by = choice(_("Accordée par"), [("OFPRA", "OFPRA"), ("CNDA", "CNDA")])
    decision_date = DayField(label=_("Date de la décision de protection"))
    asylum_date = DayField(
        label=_("Date de la demande d'asile"),
        required=False,
        help_text=_("Nécessaire pour un conjoint ou un concubin. Format : JJ/MM/AAAA"),
    )
    role = choice(
        _("Vous déposez la demande"),
        [
            ("protected", _("comme personne protégée")),
            ("family_member", _("comme membre de la famille d'une personne protégée")),
        ],
    )
    relation = forms.ChoiceField(
        label=_("Lien avec la personne protégée (membre de la famille)"),
        choices=[("", "—"), *RELATIONS],
        required=False,
    )
    union_date = DayField(
        label=_("Date du mariage ou de l'union (conjoint, partenaire)"), required=False
    )
    common_life_since = DayField(label=_("Début de la vie commune (concubin)"), required=False)
    sponsor_birth_date = DayField(
        label=_("Date de naissance de l'enfant protégé (parent, frère ou sœur)"), required=False
    )
    sponsor_marital_status = forms.ChoiceField(
        label=_("Situation de l'enfant protégé"), choices=[("", "—"), *MARITAL], required=False
    )
    community_of_life = flag(_("Nous vivons ensemble (communauté de vie)"))
    married = flag(_("L'enfant qui demande est marié"))
    reunified = flag(_("Entré en France par la réunification familiale"))
    marital_status = choice(_("Votre situation de famille"), MARITAL)
    polygamy = flag(_("Je suis marié et la loi de mon pays autorise la polygamie"))
    children = forms.IntegerField(
        label=_("Nombre d'enfants"),
        min_value=0,
        max_value=30,
        initial=0,
        error_messages={"invalid": _("Indiquez un nombre, par exemple 0 ou 2.")},
    )
    wants_to_work = choice(
        _("Voulez-vous travailler ?"),
        YES_NO,
        help_text=with_law(
            lambda: (
                ngettext(
                    "À %(youngest)s ou %(oldest)s an, la carte n'est délivrée que pour travailler.",
                    "À %(youngest)s ou %(oldest)s ans, la carte n'est délivrée que pour travailler.",
                    work_ages()["oldest"],
                )
                % work_ages()
            )
        ),
    )

    def clean(self):
        data = super().clean()
        if data.get("role") == "family_member" and not data.get("relation"):
            self.add_error("relation", _("Indiquez votre lien avec la personne protégée."))
        return data

    def as_draft(self) -> dict:
        out = {}
        for name, value in self.cleaned_data.items():
            if hasattr(value, "isoformat"):
                value = value.isoformat()
            elif name == "wants_to_work":
                value = value == "oui"
            out[name] = value if value != "" else None
        return out


class EphotoForm(DsfrBaseForm):
    ephoto = forms.CharField(
        label=_("Code e-photo"),
        max_length=22,
        help_text=_(
            "Le code imprimé sur la planche photo d'un photographe ou d'une cabine agréés."
        ),
        error_messages={"required": _("Saisissez le code e-photo.")},
    )

    def clean_ephoto(self):
        return re.sub(r"\s", "", self.cleaned_data["ephoto"]).upper()


class UploadForm(forms.Form):
    code = forms.CharField(max_length=40)
    file = forms.FileField(
        label=_("Fichier (PDF, JPEG ou PNG)"),
        error_messages={
            "required": _("Choisissez un fichier."),
            "empty": _("Le fichier est vide : choisissez le bon fichier."),
        },
    )


class SubmitForm(DsfrBaseForm):
    sworn = flag(
        _("Je déclare sur l'honneur que les informations et les documents donnés sont exacts.")
    )
    deposit_key = forms.UUIDField(widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sworn"].required = True
        self.fields["sworn"].error_messages["required"] = _(
            "Cochez la déclaration sur l'honneur pour déposer."
        )


CARD_KINDS = [
    (kind, with_law(lambda label=label, kind=kind: card_with_validity(str(label), kind)))
    for kind, label in (
        ("carte_resident", _("Carte de résident")),
        ("carte_pluriannuelle", _("Carte de séjour pluriannuelle")),
        ("carte_sejour_temporaire", _("Carte de séjour temporaire")),
    )
]
ROLES = [
    ("protected", _("comme personne protégée")),
    ("family_member", _("comme membre de la famille d'une personne protégée")),
]


class _DraftForm(DsfrBaseForm):
    def as_draft(self) -> dict:
        out = {}
        for name, value in self.cleaned_data.items():
            if hasattr(value, "isoformat"):
                value = value.isoformat()
            elif name == "wants_to_work":
                value = value == "oui"
            out[name] = value if value != "" else None
        return out


class CardSituationForm(_DraftForm):
    """After the first card: the protection and the card held now (pre-filled from the
    register of foreigners when it knows them)."""

    status = choice(
        _("Votre protection (ou celle de la personne protégée de votre famille)"), STATUSES
    )
    decided_by = choice(_("Accordée par"), [("OFPRA", "OFPRA"), ("CNDA", "CNDA")])
    decision_date = DayField(label=_("Date de la décision de protection"))
    role = choice(_("Vous avez obtenu votre carte"), ROLES)
    card_kind = choice(_("Votre carte actuelle"), CARD_KINDS)
    card_valid_from = DayField(label=_("Carte valable depuis le"))
    card_valid_until = DayField(label=_("Carte valable jusqu'au"), not_after_today=False)
    regular_residence_since = DayField(
        label=_("En France en séjour régulier depuis le (facultatif)"),
        required=False,
        help_text=with_law(
            lambda: (
                gettext(
                    "Avec %(after)s de séjour régulier, une carte pluriannuelle devient une carte de résident de %(validity)s. Format : JJ/MM/AAAA"
                )
                % {
                    "after": years(law("cards.resident_after_years")),
                    "validity": years(law("cards.carte_resident_years")),
                }
            )
        ),
    )
    marital_status = choice(_("Votre situation de famille"), MARITAL)

    card_optional = False

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.card_optional:
            for name in ("card_kind", "card_valid_from", "card_valid_until"):
                self.fields[name].required = False
            self.fields["card_kind"].choices = [("", _("Aucune carte (enfant)")), *CARD_KINDS]

    def clean(self):
        data = super().clean()
        start, end = data.get("card_valid_from"), data.get("card_valid_until")
        if data.get("card_kind") and not (start and end):
            self.add_error("card_valid_until", _("Indiquez les dates de validité de la carte."))
        if start and end and end <= start:
            self.add_error(
                "card_valid_until", _("La fin de validité doit venir après le début : vérifiez.")
            )
        return data


class RenewalSituationForm(CardSituationForm):
    pass


class TravelSituationForm(CardSituationForm):
    card_optional = True


class DuplicateSituationForm(CardSituationForm):
    loss_kind = choice(
        _("Que s'est-il passé ?"),
        [("perte", _("J'ai perdu ma carte")), ("vol", _("On m'a volé ma carte"))],
    )
    loss_date = DayField(label=_("Date de la perte ou du vol"))
    loss_place = forms.CharField(
        label=_("Lieu et circonstances"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Dites où et comment, en quelques mots.")},
    )


CIVIL_CHANGES = [
    ("mariage", _("Mariage ou PACS")),
    ("divorce", _("Divorce ou séparation")),
    ("naissance", _("Naissance d'un enfant")),
    ("nom", _("Changement de nom ou de prénom")),
    ("deces", _("Décès du conjoint")),
    ("autre", _("Autre changement d'état civil")),
]


class CivilStatusChangeForm(_DraftForm):
    """A civil-status change (000 Q20): the profile changes only once the prefecture has
    accepted it."""

    status = choice(_("Votre protection"), STATUSES)
    change = choice(_("Quel changement ?"), CIVIL_CHANGES)
    change_date = DayField(label=_("Date du changement"))
    new_last_name = forms.CharField(
        label=_("Nouveau nom (si votre nom change)"), max_length=100, required=False
    )
    new_first_names = forms.CharField(
        label=_("Nouveaux prénoms (si vos prénoms changent)"), max_length=150, required=False
    )
    marital_status = choice(_("Votre situation de famille après le changement"), MARITAL)
    details = forms.CharField(
        label=_("Précisions pour la préfecture"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean(self):
        data = super().clean()
        if data.get("change") == "nom" and not (
            data.get("new_last_name") or data.get("new_first_names")
        ):
            self.add_error("new_last_name", _("Indiquez le nouveau nom ou les nouveaux prénoms."))
        return data


class EmailChangeForm(DsfrBaseForm):
    email = forms.EmailField(
        label=_("Nouvelle adresse e-mail"),
        help_text=_("Un lien de confirmation y sera envoyé ; rien ne change avant."),
    )
    # Asked so that a session left open cannot hand the account to someone else (issue 13).
    current_password = forms.CharField(
        label=_("Votre mot de passe actuel"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        error_messages={"required": _("Saisissez votre mot de passe actuel.")},
    )
