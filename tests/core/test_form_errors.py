"""The error summary never shows an internal field: a hidden field's error (the deposit's
idempotency key) reads as a page to reload, in the page's language."""

from __future__ import annotations

import pytest
from django.template.loader import render_to_string
from django.utils import translation

from sejour.dossiers.forms import SubmitForm


@pytest.mark.parametrize(
    ("lang", "expected"),
    [("fr", "Cette page a expiré"), ("en", "This page has expired"), ("ar", "انتهت صلاحية")],
)
def test_a_hidden_fields_error_is_not_shown_by_its_name(lang: str, expected: str) -> None:
    with translation.override(lang):
        form = SubmitForm(data={"sworn": "on"})
        assert not form.is_valid()
        html = render_to_string("includes/form_errors.html", {"form": form})
    assert "Deposit key" not in html and "deposit_key" not in html
    assert expected in html
