"""A new address in another department moves the open file (000 Q20); the attestation,
which names its prefecture, is replaced like after a correction (issue 12)."""

from __future__ import annotations

import pytest
from django.test import Client

from sejour.attestations.models import Attestation
from sejour.dossiers.models import Dossier
from sejour.dossiers.situation_changes import address_change
from tests.dossiers.helpers import complete_documents, deposit, fill_to_documents
from tests.factories.accounts import PrefectureFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_a_moved_file_gets_an_attestation_naming_its_new_prefecture() -> None:
    user = UserFactory(email="amal@example.org")
    client = Client()
    client.force_login(user)
    reference = fill_to_documents(client)
    complete_documents(client, reference, ["decision_protection", "justificatif_domicile"])
    deposit(client, reference)
    PrefectureFactory(department_code="69", name="Préfecture du Rhône")
    old = Attestation.objects.get()
    address = {"street": "2 rue de la République", "postal_code": "69002", "city": "Lyon"}
    (moved,) = address_change(user=user, by=user, address=address, phone="")
    assert moved == Dossier.objects.get(reference=reference)
    old.refresh_from_db()
    new = old.replaced_by
    assert new is not None and new.prefecture_name == "Préfecture du Rhône"
    assert new.valid_until == old.valid_until and not old.is_valid_on(new.issued_on)
