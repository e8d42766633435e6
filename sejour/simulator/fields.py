"""Form fields of the simulator: dates typed as JJ/MM/AAAA, answers kept in the URL."""

from __future__ import annotations

from datetime import date

from django import forms
from django.utils.translation import gettext_lazy as _

from sejour.core.digits import LatinDigits

DATE_FORMATS = ["%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y"]


class DayField(LatinDigits, forms.DateField):
    """A date typed in one box (JJ/MM/AAAA), never after today, carried in ISO form."""

    default_error_messages = {
        "invalid": _("Saisissez une date réelle au format JJ/MM/AAAA, par exemple 02/04/1990."),
        "required": _("Indiquez cette date, au format JJ/MM/AAAA."),
    }

    def __init__(self, *, not_after_today: bool = True, **kwargs):
        kwargs.setdefault("input_formats", DATE_FORMATS)
        kwargs.setdefault(
            "widget",
            forms.DateInput(
                format="%d/%m/%Y", attrs={"autocomplete": "off", "inputmode": "numeric"}
            ),
        )
        kwargs.setdefault("help_text", _("Format : JJ/MM/AAAA"))
        super().__init__(**kwargs)
        self.not_after_today = not_after_today

    def clean(self, value):
        day = super().clean(value)
        if day is not None and day.year < 1900:
            raise forms.ValidationError(_("Cette date est trop ancienne : vérifiez l'année."))
        if day is not None and self.not_after_today and day > date.today():
            raise forms.ValidationError(_("Cette date est dans le futur : vérifiez-la."))
        return day


def choice(label, choices, **kwargs) -> forms.ChoiceField:
    kwargs.setdefault(
        "error_messages",
        {
            "required": _("Choisissez une réponse."),
            "invalid_choice": _("Choisissez une des réponses proposées."),
        },
    )
    return forms.ChoiceField(label=label, choices=choices, widget=forms.RadioSelect, **kwargs)


def flag(label, **kwargs) -> forms.BooleanField:
    return forms.BooleanField(label=label, required=False, **kwargs)
