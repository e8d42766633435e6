"""Minors' accounts (000 Q17, Q29) and helpers' mandates."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from sejour.accounts.models import Mandate, User
from sejour.accounts.services import Refused, minor_account_create
from sejour.audit.models import AuditEvent
from tests.accounts.helpers import login_verified, page_text
from tests.factories.accounts import AgentFactory, HelperFactory, MandateFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_an_agent_creates_a_minors_account_and_the_parent_gets_the_credentials(
    django_capture_on_commit_callbacks,
) -> None:
    parent = UserFactory(email="parent@example.org", language="ar")
    with django_capture_on_commit_callbacks(execute=True):
        minor = minor_account_create(
            agent=AgentFactory(),
            parent=parent,
            foreign_number="7200000001",
            last_name="NOUR",
            first_names="Sami",
            birth_date=date(2009, 5, 5),
        )
    assert minor.guardian == parent and minor.must_change_password
    (message,) = mail.outbox
    assert message.to == ["parent@example.org"]
    password = re.search(r": (\S+)\n", message.body.split("7200000001", 1)[1]).group(1)
    client = Client()
    client.post("/connexion/", {"username": "7200000001", "password": password})
    assert client.get("/demarches/")["Location"] == "/compte/mot-de-passe/"
    assert AuditEvent.objects.filter(action="account.minor_created", on_behalf_of=parent).exists()


def test_only_an_agent_creates_a_minors_account() -> None:
    with pytest.raises(Refused):
        minor_account_create(
            agent=UserFactory(),
            parent=UserFactory(),
            foreign_number="7200000002",
            last_name="X",
            first_names="Y",
            birth_date=date(2010, 1, 1),
        )


def test_mandate_accepted_from_the_applicants_account_then_revoked() -> None:
    helper, applicant = HelperFactory(), UserFactory()
    helper_client, applicant_client = Client(), Client()
    login_verified(helper_client, helper)
    applicant_client.force_login(applicant)
    until = (timezone.localdate() + timedelta(days=30)).strftime("%d/%m/%Y")
    response = helper_client.post(
        "/aidant/mandats/nouveau/",
        {
            "applicant_number": applicant.username,
            "procedures": ["first_permit", "renewal"],
            "valid_until": until,
        },
    )
    mandate = Mandate.objects.get()
    assert response["Location"] == f"/aidant/mandats/{mandate.pk}/"
    assert helper_client.get(f"/aidant/personnes/{applicant.pk}/").status_code == 404
    assert "attend votre accord" in page_text(applicant_client.get("/demarches/"))
    applicant_client.post(f"/demarches/mandats/{mandate.pk}/accepter/")
    assert helper_client.get(f"/aidant/personnes/{applicant.pk}/").status_code == 200
    event = AuditEvent.objects.get(action="helper.viewed_applicant")
    assert (event.actor, event.on_behalf_of) == (helper, applicant)
    applicant_client.post(f"/demarches/mandats/{mandate.pk}/revoquer/")
    assert helper_client.get(f"/aidant/personnes/{applicant.pk}/").status_code == 404


def test_mandate_consent_by_a_code_sent_to_the_applicant(
    django_capture_on_commit_callbacks,
) -> None:
    mandate = MandateFactory(consented_at=None, consent_method="")
    client = Client()
    login_verified(client, mandate.helper)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/aidant/mandats/{mandate.pk}/code/")
    (message,) = mail.outbox
    assert message.to == [mandate.applicant.email]
    code = re.search(r"\b(\d{6})\b", message.body).group(1)
    wrong = "000000" if code != "000000" else "111111"
    page = page_text(client.post(f"/aidant/mandats/{mandate.pk}/", {"code": wrong}))
    assert "Code incorrect" in page and "Essais restants : 4" in page
    assert "compte 6 chiffres" in page_text(
        client.post(f"/aidant/mandats/{mandate.pk}/", {"code": "12"})
    )
    assert client.post(f"/aidant/mandats/{mandate.pk}/", {"code": code})["Location"] == "/aidant/"
    mandate.refresh_from_db()
    assert mandate.is_active() and mandate.consent_method == "code"


def test_a_code_expires_and_cannot_be_guessed_forever(django_capture_on_commit_callbacks) -> None:
    mandate = MandateFactory(consented_at=None, consent_method="")
    client = Client()
    login_verified(client, mandate.helper)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/aidant/mandats/{mandate.pk}/code/")
    code = re.search(r"\b(\d{6})\b", mail.outbox[0].body).group(1)
    wrong = "000000" if code != "000000" else "111111"
    for _ in range(5):
        client.post(f"/aidant/mandats/{mandate.pk}/", {"code": wrong})
    page = page_text(client.post(f"/aidant/mandats/{mandate.pk}/", {"code": code}))
    assert "mal saisi trop de fois pour ce mandat" in page
    Mandate.objects.filter(pk=mandate.pk).update(
        code_expires_at=timezone.now() - timedelta(minutes=1)
    )
    mandate.refresh_from_db()
    assert not mandate.is_active()


@pytest.mark.parametrize(
    ("data", "fragment"),
    [
        ({"applicant_number": "7999999999"}, "la personne doit d'abord créer son compte"),
        ({"procedures": []}, "Cochez au moins une démarche"),
        ({"valid_until": "01/01/2020"}, "dans le futur, à un an au plus"),
        ({"valid_until": "01/01/2040"}, "dans le futur, à un an au plus"),
    ],
)
def test_bad_mandate_requests(data, fragment) -> None:
    applicant = UserFactory()
    client = Client()
    login_verified(client, HelperFactory())
    payload = {
        "applicant_number": applicant.username,
        "procedures": ["renewal"],
        "valid_until": (timezone.localdate() + timedelta(days=30)).strftime("%d/%m/%Y"),
        **data,
    }
    assert fragment in page_text(client.post("/aidant/mandats/nouveau/", payload))
    assert not Mandate.objects.exists()


def test_an_applicant_sees_and_revokes_only_their_own_mandates() -> None:
    mine, theirs = MandateFactory(), MandateFactory()
    client = Client()
    client.force_login(mine.applicant)
    page = page_text(client.get("/demarches/mandats/"))
    assert mine.helper.get_full_name() in page
    assert client.post(f"/demarches/mandats/{theirs.pk}/revoquer/").status_code == 404
    theirs.refresh_from_db()
    assert theirs.revoked_at is None


def test_audit_events_cannot_be_edited_or_deleted() -> None:
    MandateFactory()
    from sejour.audit.services import audit_record

    event = audit_record(actor=User.objects.first(), action="test")
    with pytest.raises(PermissionError):
        event.save()
    with pytest.raises(PermissionError):
        event.delete()
    with pytest.raises(PermissionError):
        AuditEvent.objects.all().delete()
    with pytest.raises(PermissionError):
        AuditEvent.objects.update(action="x")


def test_no_minor_account_without_the_email_to_the_parent(settings) -> None:
    from tests.conftest import free_port

    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", free_port(), 2
    with pytest.raises(Refused) as refused:
        minor_account_create(
            agent=AgentFactory(),
            parent=UserFactory(),
            foreign_number="7200000003",
            last_name="NOUR",
            first_names="Sami",
            birth_date=date(2009, 5, 5),
        )
    assert refused.value.code == "email_unavailable"
    assert not User.objects.filter(username="7200000003").exists()


def test_sending_the_code_again_does_not_give_more_guesses(
    django_capture_on_commit_callbacks,
) -> None:
    mandate = MandateFactory(consented_at=None, consent_method="")
    client = Client()
    login_verified(client, mandate.helper)
    for _ in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            client.post(f"/aidant/mandats/{mandate.pk}/code/")
        code = re.search(r"\b(\d{6})\b", mail.outbox[-1].body).group(1)
        wrong = "000000" if code != "000000" else "111111"
        for _ in range(3):
            client.post(f"/aidant/mandats/{mandate.pk}/", {"code": wrong})
    page = page_text(client.post(f"/aidant/mandats/{mandate.pk}/", {"code": code}))
    assert "mal saisi trop de fois pour ce mandat" in page
    mandate.refresh_from_db()
    assert not mandate.is_active() and mandate.code_attempts == 5


def test_codes_to_one_address_are_limited(django_capture_on_commit_callbacks) -> None:
    mandate = MandateFactory(consented_at=None, consent_method="")
    client = Client()
    login_verified(client, mandate.helper)
    for _ in range(3):
        with django_capture_on_commit_callbacks(execute=True):
            client.post(f"/aidant/mandats/{mandate.pk}/code/")
    with django_capture_on_commit_callbacks(execute=True):
        page = page_text(client.post(f"/aidant/mandats/{mandate.pk}/code/", follow=True))
    assert len(mail.outbox) == 3
    assert "Plusieurs codes ont déjà été envoyés à cette personne" in page
