"""A deposit step opened out of order (a bookmark, a shared link, a typed address) sends
the applicant to the first step still to fill, with a message; never a 5xx."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.accounts.helpers import page_text
from tests.dossiers.helpers import fill_to_documents, start, step_url
from tests.factories.accounts import PrefectureFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def fresh_draft():
    PrefectureFactory(department_code="75")
    client = Client()
    client.force_login(UserFactory(username="7300000002"))
    return client, start(client)


@pytest.mark.parametrize("step", ["adresse", "situation", "documents", "recapitulatif"])
@pytest.mark.parametrize("method", ["get", "post"])
def test_a_later_step_of_a_fresh_draft_goes_back_to_the_first_step_to_fill(
    fresh_draft, step: str, method: str
) -> None:
    client, reference = fresh_draft
    data = {"action": "next", "sworn": "on"} if method == "post" else {}
    response = getattr(client, method)(step_url(reference, step), data)
    assert response.status_code == 302
    assert response["Location"] == step_url(reference, "identite")
    followed = client.get(response["Location"])
    assert "Commencez par cette étape" in page_text(followed)


def test_the_summary_before_the_situation_is_answered_in_english_too(fresh_draft) -> None:
    client, reference = fresh_draft
    response = client.get(step_url(reference, "recapitulatif", "/en"), follow=True)
    assert response.status_code == 200
    assert "Start with this step" in page_text(response)


def test_an_unknown_step_is_a_404(fresh_draft) -> None:
    client, reference = fresh_draft
    assert client.get(step_url(reference, "nimporte")).status_code == 404


def test_each_later_step_returns_to_the_first_step_still_to_fill() -> None:
    client = Client()
    client.force_login(UserFactory(username="7300000002"))
    PrefectureFactory(department_code="75")
    reference = start(client)
    assert client.post(step_url(reference, "identite"), {"confirm": "on"}).status_code == 302
    for step in ("situation", "documents", "recapitulatif"):
        assert client.get(step_url(reference, step))["Location"] == step_url(reference, "adresse")
    # the steps already done stay open to be corrected
    assert client.get(step_url(reference, "identite")).status_code == 200


def test_the_summary_with_documents_missing_returns_to_the_documents() -> None:
    client = Client()
    client.force_login(UserFactory(username="7300000002"))
    reference = fill_to_documents(client)
    response = client.get(step_url(reference, "recapitulatif"))
    assert response["Location"] == step_url(reference, "documents")
    assert client.get(step_url(reference, "documents")).status_code == 200


def test_dates_come_back_as_the_hint_says() -> None:
    """JJ/MM/AAAA in and out: a saved or pre-filled date is shown as it was typed."""
    client = Client()
    client.force_login(UserFactory(username="7300000002"))
    reference = fill_to_documents(client)
    page = client.get(step_url(reference, "situation")).content.decode()
    assert 'value="01/10/2026"' in page and 'value="15/03/2024"' in page
    assert "2026-10-01" not in page
