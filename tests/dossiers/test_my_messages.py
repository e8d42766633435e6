"""Every message in "Mes messages" opens: its whole text, to its addressee only, once
read marked read and the reading recorded (issue 15)."""

from __future__ import annotations

import html

import pytest
from django.test import Client

from sejour.audit.models import AuditEvent
from sejour.notifications.models import OutboxMessage
from tests.factories.accounts import UserFactory

pytestmark = pytest.mark.django_db

BODY = "Votre carte est disponible.\nPrésentez-vous avec votre ancienne carte."


def text(response) -> str:
    return html.unescape(response.content.decode())


def test_each_message_opens_for_its_addressee_only() -> None:
    owner, other = UserFactory(username="7300000011"), UserFactory(username="7300000012")
    message = OutboxMessage.objects.create(
        user=owner, to=owner.email, subject="Votre carte est prête", body=BODY
    )
    client = Client()
    client.force_login(owner)
    home = text(client.get("/demarches/"))
    link = f"/demarches/messages/{message.pk}/"
    assert f'href="{link}"' in home
    page = client.get(link)
    assert page.status_code == 200
    assert "Votre carte est prête" in text(page)
    assert "Présentez-vous avec votre ancienne carte." in text(page)
    message.refresh_from_db()
    assert message.read_at is not None
    assert AuditEvent.objects.filter(action="message.read", actor=owner).count() == 1

    stranger = Client()
    stranger.force_login(other)
    assert stranger.get(link).status_code == 404
    assert client.get("/demarches/messages/999999/").status_code == 404
