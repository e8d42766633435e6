"""The contact form's limit counts messages sent per sender, never an office's address:
an association's office writes for many people from one connection (issue 15)."""

from __future__ import annotations

import html

import pytest
from django.test import Client

from sejour.inbox.models import Message
from tests.instruction.test_queue_and_file import paris  # noqa: F401

pytestmark = pytest.mark.django_db


def form(email: str, **change) -> dict:
    return {
        "email": email,
        "name": "Permanence d'accueil",
        "postal_code": "75011",
        "text": "La page des documents affiche une erreur quand j'envoie ma photo.",
        **change,
    }


def test_an_office_writes_for_many_people_from_one_address(paris) -> None:  # noqa: F811
    office = Client(REMOTE_ADDR="192.0.2.10")
    for n in range(12):
        response = office.post("/aide/contact/", form(f"personne{n}@example.org"))
        assert response.status_code == 302, n
    assert Message.objects.count() == 12


def test_failed_attempts_do_not_count_and_the_limit_is_stated(paris) -> None:  # noqa: F811
    client = Client(REMOTE_ADDR="192.0.2.11")
    for _n in range(8):  # mistakes: nothing sent, nothing counted
        assert (
            client.post("/aide/contact/", form("moi@example.org", text="aide")).status_code == 400
        )
    for n in range(5):
        assert client.post("/aide/contact/", form("Moi@example.org")).status_code == 302, n
    refused = client.post("/aide/contact/", form("moi@example.org"))
    assert refused.status_code == 429
    page = html.unescape(refused.content.decode())
    assert "5 messages par heure" in page
    assert Message.objects.count() == 5
    # another sender from the same connection is not held back
    assert client.post("/aide/contact/", form("autre@example.org")).status_code == 302


def test_an_address_sending_for_very_many_senders_is_still_held(paris) -> None:  # noqa: F811
    client = Client(REMOTE_ADDR="192.0.2.12")
    from sejour.inbox import views

    limit = views.CONTACT_CLIENT_LIMIT[0]
    for n in range(limit):
        assert client.post("/aide/contact/", form(f"p{n}@example.org")).status_code == 302
    assert client.post("/aide/contact/", form("encore@example.org")).status_code == 429
