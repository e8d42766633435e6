"""Sessions (issue 13): idle timeout (staff 30 minutes, others 2 hours), an absolute
lifetime, and personal pages never kept by a browser or a proxy."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from tests.accounts.helpers import login_verified
from tests.factories.accounts import AgentFactory, HelperFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_a_staff_session_ends_after_30_idle_minutes() -> None:
    start = timezone.now()
    with time_machine.travel(start, tick=False) as clock:
        client = Client()
        login_verified(client, AgentFactory())
        assert client.get("/instruction/").status_code == 200
        clock.shift(timedelta(minutes=29))
        assert client.get("/instruction/").status_code == 200  # still there: it was used
        clock.shift(timedelta(minutes=31))
        assert client.get("/instruction/")["Location"].startswith("/connexion/")
        assert client.get("/instruction/")["Location"].startswith("/connexion/")  # for good


def test_a_helper_is_staff_for_the_idle_timeout() -> None:
    with time_machine.travel(timezone.now(), tick=False) as clock:
        client = Client()
        login_verified(client, HelperFactory())
        assert client.get("/aidant/").status_code == 200
        clock.shift(timedelta(minutes=31))
        assert client.get("/aidant/")["Location"].startswith("/connexion/")


def test_an_applicant_session_ends_after_2_idle_hours() -> None:
    with time_machine.travel(timezone.now(), tick=False) as clock:
        client = Client()
        client.force_login(UserFactory())
        assert client.get("/demarches/").status_code == 200
        clock.shift(timedelta(minutes=119))
        assert client.get("/demarches/").status_code == 200
        clock.shift(timedelta(minutes=121))
        assert client.get("/demarches/")["Location"].startswith("/connexion/")


def test_a_session_ends_12_hours_after_login_even_when_used() -> None:
    with time_machine.travel(timezone.now(), tick=False) as clock:
        client = Client()
        client.force_login(UserFactory())
        for _ in range(11):
            clock.shift(timedelta(hours=1))
            assert client.get("/demarches/").status_code == 200
        clock.shift(timedelta(hours=1, minutes=1))
        assert client.get("/demarches/")["Location"].startswith("/connexion/")


def test_personal_pages_are_never_stored() -> None:
    applicant = Client()
    applicant.force_login(UserFactory())
    agent = Client()
    login_verified(agent, AgentFactory())
    for client, path in [
        (applicant, "/demarches/"),
        (applicant, "/compte/mot-de-passe/"),
        (applicant, "/en/demarches/"),
        (agent, "/instruction/"),
        (agent, "/instruction/messages/"),
    ]:
        response = client.get(path)
        assert response.status_code == 200, path
        assert "no-store" in response["Cache-Control"], path
        assert "private" in response["Cache-Control"], path
    anonymous = Client().get("/simulateur/")
    assert "no-store" not in anonymous.get("Cache-Control", "")  # public pages may be kept


def test_the_attestation_check_naming_a_person_is_never_stored() -> None:
    from sejour.attestations.models import Attestation
    from sejour.dossiers.models import Dossier
    from tests.factories.accounts import PrefectureFactory

    applicant = UserFactory()
    dossier = Dossier.objects.create(
        procedure="first_permit",
        applicant=applicant,
        filer=applicant,
        prefecture=PrefectureFactory(department_code="75"),
        state="submitted",
    )
    attestation = Attestation.objects.create(
        dossier=dossier,
        holder=applicant,
        holder_last_name="NOUR",
        holder_first_names="Amal",
        holder_birth_date="1990-04-02",
        kind="attestation_confirmation_depot",
        issued_on="2026-11-22",
    )
    for path in (f"/verifier/{attestation.code}/", f"/api/v1/attestations/{attestation.code}"):
        response = Client().get(path)
        assert "no-store" in response.get("Cache-Control", ""), (path, response.status_code)
