"""The simulator's result and the home page lead on to the procedure just simulated:
create an account, or (signed in) start that request (issue 15)."""

from __future__ import annotations

import html

import pytest
from django.test import Client

from tests.factories.accounts import UserFactory
from tests.simulator.test_flows import REFUGEE, renewal
from tests.simulator.walker import walk

pytestmark = pytest.mark.django_db


def test_the_result_offers_to_create_an_account_then_to_start_that_request() -> None:
    page = html.unescape(walk(Client(), REFUGEE).content.decode())
    assert 'href="/compte/creer/"' in page and "Créer mon compte" in page
    assert 'href="/demarches/nouvelle/premier-titre/"' in page

    client = Client()
    client.force_login(UserFactory(username="7300000021"))
    signed_in = html.unescape(walk(client, renewal("31/01/2027")).content.decode())
    assert 'href="/demarches/nouvelle/renouvellement/"' in signed_in
    assert "Commencer ma demande" in signed_in and "Créer mon compte" not in signed_in


def test_the_home_page_offers_to_create_an_account_and_to_start() -> None:
    page = html.unescape(Client().get("/").content.decode())
    assert 'href="/compte/creer/"' in page and "Créer mon compte" in page
