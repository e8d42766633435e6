"""Every form shares one renderer: one template engine, field templates compiled once.

django-dsfr's form returns its renderer *class* unless FORM_RENDERER is set, so each
form instance built a new engine and recompiled every field template (issue 19)."""

from __future__ import annotations

from django import forms
from dsfr.forms import DsfrBaseForm


class _Name(DsfrBaseForm):
    name = forms.CharField(label="Nom")


class _Plain(forms.Form):
    city = forms.CharField(label="Ville")


def test_two_dsfr_forms_share_one_renderer_and_one_engine() -> None:
    first, second = _Name(), _Name(data={"name": "NOUR"})
    assert first.renderer is second.renderer
    assert first.renderer.engine is second.renderer.engine
    assert _Plain().renderer is first.renderer


def test_a_field_template_is_compiled_once_for_all_forms() -> None:
    name = "dsfr/form_field_snippets/input_snippet.html"
    compiled = _Name().renderer.get_template(name).template
    assert _Name().renderer.get_template(name).template is compiled


def test_the_shared_renderer_still_renders_the_design_system_markup() -> None:
    html = str(_Name(data={}))
    assert 'class="fr-input-group fr-input-group--error"' in html
    assert "fr-error-text" in html
