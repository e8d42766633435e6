"""Django's own messages, as the applicant reads them, are in the page's language: none
falls back to French because Django's catalogue lacks it."""

from __future__ import annotations

import pytest
from django import forms
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.validators import DomainNameValidator, StepValueValidator
from django.utils import translation

FRENCH = ("Ce mot de passe", "Assurez-vous", "Veuillez", "Saisissez")


def _messages(lang: str) -> list[str]:
    found = []
    with translation.override(lang):
        for password in ("court", "a" * 11):
            try:
                validate_password(password)
            except ValidationError as error:
                found += error.messages
        for validator, value in (
            (StepValueValidator(5), 7),
            (StepValueValidator(5, offset=1), 7),
            (DomainNameValidator(), "pas un domaine"),
        ):
            try:
                validator(value)
            except ValidationError as error:
                found += error.messages
        formset = forms.formset_factory(forms.Form, max_num=1, validate_max=True)
        data = {"form-TOTAL_FORMS": "2", "form-INITIAL_FORMS": "0"}
        found += formset(data).non_form_errors()
    return found


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_djangos_messages_never_fall_back_to_french(lang: str) -> None:
    messages = _messages(lang)
    assert len(messages) >= 6
    leaks = [m for m in messages if any(word in m for word in FRENCH)]
    assert leaks == []


def test_the_arabic_password_length_error_is_arabic_with_its_number() -> None:
    with translation.override("ar"), pytest.raises(ValidationError) as error:
        validate_password("court")
    assert any("12" in m and "كلمة المرور" in m for m in error.value.messages)
