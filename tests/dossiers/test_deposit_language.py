"""The deposit's own words (step titles, refusals) follow the user's language: they
were once translated at import, so always in French."""

from __future__ import annotations

import html

import pytest
from django.test import Client

from tests.dossiers.helpers import start, step_url
from tests.factories.accounts import PrefectureFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("prefix", "title"), [("", "Identité"), ("/en", "Identity")])
def test_the_step_titles_are_in_the_users_language(prefix, title) -> None:
    PrefectureFactory(department_code="75")
    client = Client()
    client.force_login(UserFactory())
    reference = start(client, prefix)
    page = html.unescape(client.get(step_url(reference, "identite", prefix)).content.decode())
    assert f"<title>{title}" in page or f"{title} –" in page or f">{title}<" in page
    if prefix:
        assert "Identité" not in page
