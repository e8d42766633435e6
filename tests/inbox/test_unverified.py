"""An anonymous contact message is marked unverified in the prefecture's inbox: its
name and address are only what was typed. A signed-in applicant's names their account."""

# ruff: noqa: F811 - pytest fixtures imported from the queue tests
from __future__ import annotations

import pytest
from django.test import Client

from sejour.audit.models import AuditEvent
from sejour.inbox.models import Message
from tests.accounts.helpers import page_text
from tests.inbox.test_inbox import FORM
from tests.instruction.test_queue_and_file import agent_client, make_dossier, paris  # noqa: F401

pytestmark = pytest.mark.django_db

UNVERIFIED = "Non vérifié"
VERIFIED = "Compte vérifié"


def test_anonymous_and_signed_in_messages_are_told_apart(agent_client, paris) -> None:
    agent, client = agent_client
    Client().post("/aide/contact/", {**FORM, "name": "Amal NOUR", "email": "faux@example.org"})
    dossier = make_dossier(paris, name="NOUR Amal")
    applicant = Client()
    applicant.force_login(dossier.applicant)
    applicant.post(
        "/aide/contact/", {**FORM, "name": "Quelqu'un d'autre", "dossier": dossier.reference}
    )
    anonymous = Message.objects.get(author__isnull=True)
    signed = Message.objects.get(author=dossier.applicant)

    listing = page_text(client.get("/instruction/messages/"))
    assert listing.count(UNVERIFIED) == 1 and listing.count(VERIFIED) == 1

    page = page_text(client.get(f"/instruction/messages/{anonymous.pk}/"))
    assert UNVERIFIED in page and VERIFIED not in page
    assert "tapés dans le formulaire" in page  # what the mark means, said to the agent

    page = page_text(client.get(f"/instruction/messages/{signed.pk}/"))
    assert VERIFIED in page and UNVERIFIED not in page
    # the account's name, not the one typed in the form
    assert dossier.applicant.get_full_name() in page and dossier.applicant.username in page

    reads = AuditEvent.objects.filter(action="inbox.message_viewed", actor=agent)
    assert reads.count() == 2
    assert reads.filter(on_behalf_of=dossier.applicant).count() == 1


def test_the_mark_is_translated(agent_client, paris) -> None:
    _agent, client = agent_client
    Client().post("/aide/contact/", FORM)
    message = Message.objects.get()
    page = page_text(client.get(f"/en/instruction/messages/{message.pk}/"))
    assert "Not verified" in page
