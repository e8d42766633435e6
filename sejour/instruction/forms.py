from __future__ import annotations

import re

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from dsfr.forms import DsfrBaseForm

from sejour.dossiers.models import Dossier
from sejour.dossiers.states import State
from sejour.instruction.queue import PAGE_SIZES, VIEWS
from sejour.simulator.fields import DayField

PROFILES = [
    ("", _("Tous")),
    ("refugee", _("Réfugié")),
    ("subsidiary", _("Protection subsidiaire")),
    ("stateless", _("Apatride")),
    ("family", _("Membre de famille")),
    ("minor", _("Mineur")),
]


SORT_CHOICES = [
    ("delai", _("Délai légal")),
    ("-delai", _("Délai légal, le plus lointain d'abord")),
    ("depot", _("Date de dépôt, la plus ancienne d'abord")),
    ("-depot", _("Date de dépôt, la plus récente d'abord")),
    ("nom", _("Nom")),
    ("-nom", _("Nom, de Z à A")),
    ("profil", _("Profil")),
    ("etat", _("État")),
    ("agent", _("Agent chargé")),
]


def _input(**attrs) -> forms.TextInput:
    return forms.TextInput(attrs={"class": "fr-input", **attrs})


def _select() -> forms.Select:
    return forms.Select(attrs={"class": "fr-select"})


class QueueForm(forms.Form):
    """The queue's filters, in the design system's fields (its inputs are invisible
    without their classes). The saved view is chosen by its tab, not in this form."""

    q = forms.CharField(
        label=_("Rechercher : nom, numéro étranger, numéro de dossier ou de titre"),
        required=False,
        max_length=100,
        widget=_input(type="search", autocomplete="off"),
    )
    state = forms.ChoiceField(
        label=_("État"),
        required=False,
        choices=[("", _("Tous (selon la vue)"))] + [c for c in State.choices if c[0] != "draft"],
        widget=_select(),
    )
    procedure = forms.ChoiceField(
        label=_("Démarche"),
        required=False,
        choices=[("", _("Toutes")), *Dossier.Procedure.choices],
        widget=_select(),
    )
    profile = forms.ChoiceField(
        label=_("Profil"), required=False, choices=PROFILES, widget=_select()
    )
    sort = forms.ChoiceField(
        label=_("Trier par"), required=False, choices=SORT_CHOICES, widget=_select()
    )
    per_page = forms.TypedChoiceField(
        label=_("Dossiers par page"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[(n, str(n)) for n in PAGE_SIZES],
        widget=_select(),
    )
    overdue = forms.BooleanField(label=_("En retard seulement"), required=False)
    mine = forms.BooleanField(label=_("Mes dossiers"), required=False)
    view = forms.ChoiceField(
        required=False, choices=[(v.slug, v.label) for v in VIEWS], widget=forms.HiddenInput
    )


class ComplementForm(DsfrBaseForm):
    answer_by = DayField(label=_("Réponse attendue avant le"), not_after_today=False)

    def __init__(self, *args, codes: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        for code, label in codes:
            self.fields[f"reason_{code}"] = forms.CharField(
                label=_("%(document)s : motif (laisser vide si rien à demander)")
                % {"document": label},
                required=False,
                max_length=500,
            )

    def clean_answer_by(self):
        day = self.cleaned_data["answer_by"]
        if day <= timezone.localdate():
            raise forms.ValidationError(
                _(
                    "La date de réponse doit être après aujourd'hui : laissez au demandeur le temps de répondre."
                )
            )
        return day

    def clean(self):
        data = super().clean()
        items = [
            {"code": name.removeprefix("reason_"), "reason": value.strip()}
            for name, value in data.items()
            if name.startswith("reason_") and value and value.strip()
        ]
        if not items:
            raise forms.ValidationError(
                _("Indiquez au moins un document, avec le motif de la demande.")
            )
        data["items"] = items
        return data


class CivilStatusForm(DsfrBaseForm):
    received_on = DayField(label=_("Certificat d'état civil de l'OFPRA reçu le"))


STAMP_NUMBER = re.compile(r"[0-9]{16}")


class HandoverForm(forms.Form):
    """The stamps typed at the desk (one per line, or separated by spaces or commas),
    the old card returned, and the sum the agent confirmed after seeing an overpayment."""

    stamps = forms.CharField(required=False, max_length=2000)
    old_card = forms.BooleanField(required=False)
    confirm_paid = forms.IntegerField(required=False, min_value=1)

    def clean_stamps(self) -> list[str]:
        numbers = [n for n in re.split(r"[\s,;]+", self.cleaned_data["stamps"]) if n]
        if not numbers or any(not STAMP_NUMBER.fullmatch(n) for n in numbers):
            raise forms.ValidationError(
                _(
                    "Chaque timbre électronique compte 16 chiffres ; les timbres papier sont "
                    "refusés. Corrigez le numéro, ou demandez un timbre électronique."
                )
            )
        return numbers
