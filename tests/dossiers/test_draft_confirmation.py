"""A draft's confirmation URL never says "déposée": it sends to the first step left to do,
and says the request is not yet deposited."""

# ruff: noqa: F811 - pytest fixtures imported from other test modules
from __future__ import annotations

import pytest

from tests.dossiers.helpers import fill_to_documents, start, step_url
from tests.dossiers.test_deposit import applicant_client  # noqa: F401
from tests.factories.accounts import PrefectureFactory

pytestmark = pytest.mark.django_db


def test_a_fresh_draft_confirmation_sends_to_its_first_step(applicant_client) -> None:
    _user, client = applicant_client
    PrefectureFactory(department_code="75")
    reference = start(client)
    response = client.get(f"/demarches/{reference}/confirmation/", follow=True)
    assert response.redirect_chain[0][0] == step_url(reference, "identite")
    page = response.content.decode()
    assert "déposée le" not in page and "Demande déposée" not in page
    assert "pas encore déposée" in page


def test_a_draft_with_its_situation_sends_to_the_documents(applicant_client) -> None:
    _user, client = applicant_client
    reference = fill_to_documents(client)
    response = client.get(f"/en/demarches/{reference}/confirmation/")
    assert response.status_code == 302
    assert response["Location"].endswith(f"/demarches/{reference}/depot/documents/")
    page = client.get(response["Location"]).content.decode()
    assert "not yet submitted" in page
