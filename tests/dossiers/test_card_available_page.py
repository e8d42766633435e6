"""At "carte disponible" the request page says where, when, how much, how to pay and
what to bring (000 Q33, issue 15)."""

from __future__ import annotations

import html

import pytest
from django.test import Client

from tests.instruction.test_queue_and_file import make_dossier, paris  # noqa: F401

pytestmark = pytest.mark.django_db


def test_the_request_page_says_where_and_how_to_collect_the_card(paris) -> None:  # noqa: F811
    paris.address = "5 rue Leblanc\n75015 Paris"
    paris.opening_hours = "Du lundi au vendredi, de 9 h à 16 h"
    paris.save()
    dossier = make_dossier(paris, state="card_available", assessment={"fees_total_eur": 25})
    client = Client()
    client.force_login(dossier.applicant)
    page = html.unescape(client.get(f"/demarches/{dossier.reference}/").content.decode())
    assert "5 rue Leblanc" in page and "de 9 h à 16 h" in page
    assert "Montant à payer à la remise : 25 €" in page
    assert "timbres.impots.gouv.fr" in page and "Les timbres papier sont refusés" in page
    assert "Apportez votre ancienne carte" in page
