from __future__ import annotations

import re

from django import forms
from django.utils.translation import gettext_lazy as _
from dsfr.forms import DsfrBaseForm

from sejour.accounts.models import Prefecture
from sejour.dossiers.deposit import department_for
from sejour.inbox.services import MAX_SCREENSHOTS


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class ScreenshotsField(forms.FileField):
    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else [data] if data else []
        if len(files) > MAX_SCREENSHOTS:
            raise forms.ValidationError(
                _("Trois captures d'écran au plus : choisissez les plus utiles.")
            )
        return [super(ScreenshotsField, self).clean(f, initial) for f in files]


class ContactForm(DsfrBaseForm):
    """000 Q32: describe the problem, join screenshots; routed to a prefecture by the
    request it concerns, or by the postal code."""

    email = forms.EmailField(label=_("Votre adresse e-mail (pour la réponse)"))
    name = forms.CharField(label=_("Votre nom (facultatif)"), required=False, max_length=150)
    dossier = forms.ChoiceField(label=_("La demande concernée"), required=False)
    postal_code = forms.CharField(
        label=_("Votre code postal"),
        help_text=_("Il désigne la préfecture qui vous répondra. Exemple : 75002"),
        required=False,
        max_length=5,
    )
    text = forms.CharField(
        label=_("Votre message"),
        help_text=_(
            "Dites ce que vous faisiez, ce qui s'est passé et le message d'erreur affiché."
        ),
        widget=forms.Textarea(attrs={"rows": 6}),
        min_length=10,
        max_length=4000,
    )
    screenshots = ScreenshotsField(
        label=_("Captures d'écran (facultatif, 3 au plus)"),
        help_text=_("Images JPEG ou PNG, avec l'adresse de la page, la date et l'heure visibles."),
        required=False,
        widget=MultipleFileInput(attrs={"accept": "image/jpeg,image/png"}),
    )

    def __init__(self, *args, dossiers=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.dossiers = {d.reference: d for d in dossiers}
        if self.dossiers:
            self.fields["dossier"].choices = [("", _("Aucune en particulier"))] + [
                (d.reference, f"{d.reference} — {d.get_procedure_display()}") for d in dossiers
            ]
        else:
            del self.fields["dossier"]

    def clean(self):
        data = super().clean()
        dossier = self.dossiers.get(data.get("dossier") or "")
        data["dossier"] = dossier
        if dossier is not None and dossier.prefecture is not None:
            data["prefecture"] = dossier.prefecture
            return data
        code = (data.get("postal_code") or "").strip()
        if not re.fullmatch(r"[0-9]{5}", code):
            self.add_error(
                "postal_code", _("Indiquez votre code postal : 5 chiffres, par exemple 75002.")
            )
            return data
        prefecture = Prefecture.objects.filter(department_code=department_for(code)).first()
        if prefecture is None:
            self.add_error(
                "postal_code",
                _("Aucune préfecture de ce département n'est encore raccordée au service."),
            )
        data["prefecture"] = prefecture
        return data


class AnswerForm(DsfrBaseForm):
    answer = forms.CharField(
        label=_("Votre réponse (envoyée par e-mail)"),
        widget=forms.Textarea(attrs={"rows": 6}),
        min_length=10,
        max_length=4000,
    )
