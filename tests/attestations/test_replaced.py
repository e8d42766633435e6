"""An attestation replaced after a correction stops counting everywhere: it is neither
renewed nor reminded of, nor in the request's calendar; the new one is (issue 12)."""

from __future__ import annotations

from datetime import date

import pytest

from sejour.attestations.models import Attestation
from sejour.attestations.services import attestations_renew_due
from sejour.dossiers.corrections import dossier_correct
from sejour.reminders.ics import dossier_dates
from sejour.reminders.occasions import attestation_occasions
from tests.attestations.test_renewal import deposited
from tests.factories.accounts import PrefectureFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def replaced(django_capture_on_commit_callbacks):
    dossier = deposited(capture=django_capture_on_commit_callbacks)
    PrefectureFactory(department_code="69", name="Préfecture du Rhône")
    old = Attestation.objects.get(dossier=dossier)
    address = {"street": "2 rue de la République", "postal_code": "69002", "city": "Lyon"}
    dossier = dossier_correct(dossier=dossier, by=dossier.applicant, step="address", data=address)
    old.refresh_from_db()
    return dossier, old, old.replaced_by


def test_only_the_new_attestation_is_renewed(replaced) -> None:
    _dossier, old, new = replaced
    assert new is not None and old.superseded_on is not None
    assert attestations_renew_due(today=date(2027, 4, 20)) == 1
    renewed = Attestation.objects.latest("pk")
    assert renewed.renews == new and renewed.prefecture_name == "Préfecture du Rhône"
    assert not Attestation.objects.filter(renews=old).exists()


def test_only_the_new_attestation_is_reminded_of_and_in_the_calendar(replaced) -> None:
    dossier, old, new = replaced
    reminded = {o.key for o in attestation_occasions(date(2027, 4, 20))}
    assert reminded == {new.number}
    codes = {code for code, _day in dossier_dates(dossier, today=date(2026, 11, 10))}
    assert f"attestation_ends:{new.number}" in codes
    assert f"attestation_ends:{old.number}" not in codes
