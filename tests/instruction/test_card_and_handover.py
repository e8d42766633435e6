"""Card production and handover against electronic tax stamps (000 Q33, Q39)."""

from __future__ import annotations

import html
from datetime import date

import pytest
from django.test import Client

from sejour.integrations.models import CardOrder, TaxStamp
from sejour.notifications.models import OutboxMessage
from tests.instruction.test_queue_and_file import CARD, agent_client, make_dossier, paris  # noqa: F401

pytestmark = pytest.mark.django_db


def text(response) -> str:
    return html.unescape(response.content.decode())


@pytest.fixture
def available(agent_client, paris):  # noqa: F811
    agent, client = agent_client
    dossier = make_dossier(
        paris,
        state="granted",
        assigned_to=agent,
        assessment={"card": CARD, "fees_total_eur": 25},
        decision={"card": CARD},
    )
    client.post(f"/instruction/{dossier.reference}/order/")
    client.post(f"/instruction/{dossier.reference}/available/")
    dossier.refresh_from_db()
    assert dossier.state == "card_available"
    return client, dossier


def test_available_notifies_the_amount_then_hand_over_with_a_valid_stamp(available) -> None:
    client, dossier = available
    message = OutboxMessage.objects.get(dossier=dossier)
    assert "25 €" in message.body and "16 chiffres" in message.body
    TaxStamp.objects.create(number="1234567812345678", amount_eur=25)
    response = client.post(
        f"/instruction/{dossier.reference}/remise/", {"stamps": "1234567812345678"}
    )
    assert response["Location"] == f"/instruction/{dossier.reference}/recu/"
    dossier.refresh_from_db()
    assert dossier.state == "handed_over"
    assert dossier.decision["card"]["valid_from"] and dossier.decision["card"]["valid_until"]
    assert TaxStamp.objects.get().used_by == dossier.reference
    until = date.fromisoformat(dossier.decision["card"]["valid_until"])
    receipt = text(client.get(response["Location"]))
    assert f"{until:%d/%m/%Y}" in receipt and "Carte de résident" in receipt


@pytest.mark.parametrize(
    ("stamps", "setup", "message"),
    [
        ("9999999999999999", None, "est inconnu"),
        ("1111222233334444", "used", "déjà été utilisé"),
        ("1111222233334444", "low", "ne suffit pas"),
        ("12345", None, "16 chiffres"),
        ("", None, "16 chiffres"),
    ],
)
def test_stamp_refusals_say_what_is_wrong_and_consume_nothing(
    available, stamps, setup, message
) -> None:
    client, dossier = available
    if setup == "used":
        TaxStamp.objects.create(number="1111222233334444", amount_eur=25, used_by="D-OTHER")
    elif setup == "low":
        TaxStamp.objects.create(number="1111222233334444", amount_eur=10)
    response = client.post(
        f"/instruction/{dossier.reference}/remise/", {"stamps": stamps}, follow=True
    )
    assert message in text(response)
    dossier.refresh_from_db()
    assert dossier.state == "card_available"
    if setup == "low":
        assert TaxStamp.objects.get().used_by == ""


def test_a_stamp_is_consumed_exactly_once(agent_client, paris) -> None:  # noqa: F811
    agent, client = agent_client
    TaxStamp.objects.create(number="5555666677778888", amount_eur=25)
    first, second = (
        make_dossier(
            paris,
            state="card_available",
            assigned_to=agent,
            assessment={"fees_total_eur": 25},
            decision={"card": CARD},
        )
        for _ in range(2)
    )
    client.post(f"/instruction/{first.reference}/remise/", {"stamps": "5555666677778888"})
    refused = client.post(
        f"/instruction/{second.reference}/remise/", {"stamps": "5555666677778888"}, follow=True
    )
    assert "déjà été utilisé" in text(refused)
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.state, second.state) == ("handed_over", "card_available")


def test_a_card_still_in_production_or_failed(agent_client, paris, settings) -> None:  # noqa: F811
    agent, client = agent_client
    settings.SEJOUR_CARD_DELAY_HOURS = 48
    dossier = make_dossier(paris, state="granted", assigned_to=agent, assessment={"card": CARD})
    client.post(f"/instruction/{dossier.reference}/order/")
    waiting = client.post(f"/instruction/{dossier.reference}/available/", follow=True)
    assert "encore en fabrication" in text(waiting)
    CardOrder.objects.update(fails=True)
    failed = client.post(f"/instruction/{dossier.reference}/available/", follow=True)
    assert "La fabrication a échoué" in text(failed)
    dossier.refresh_from_db()
    assert dossier.state == "granted"


def test_a_renewal_needs_the_old_card_back(agent_client, paris) -> None:  # noqa: F811
    agent, client = agent_client
    dossier = make_dossier(
        paris,
        state="card_available",
        assigned_to=agent,
        procedure="renewal",
        assessment={"fees_total_eur": 225},
        decision={"card": CARD},
    )
    TaxStamp.objects.create(number="1212121212121212", amount_eur=225)
    refused = client.post(
        f"/instruction/{dossier.reference}/remise/", {"stamps": "1212121212121212"}, follow=True
    )
    assert "ancienne carte" in text(refused)
    client.post(
        f"/instruction/{dossier.reference}/remise/",
        {"stamps": "1212121212121212", "old_card": "on"},
    )
    dossier.refresh_from_db()
    assert dossier.state == "handed_over" and dossier.decision["old_card_returned"] is True


def test_the_receipt_exists_only_after_handover(available) -> None:
    client, dossier = available
    assert client.get(f"/instruction/{dossier.reference}/recu/").status_code == 404
    assert Client().get(f"/instruction/{dossier.reference}/recu/").status_code == 302


def test_a_refused_order_orders_nothing(agent_client, paris) -> None:  # noqa: F811
    agent, client = agent_client
    dossier = make_dossier(paris, state="in_instruction", assigned_to=agent)
    response = client.post(f"/instruction/{dossier.reference}/order/", follow=True)
    assert "Action impossible" in text(response)
    dossier.refresh_from_db()
    assert dossier.state == "in_instruction" and dossier.card_order_id == ""
    assert CardOrder.objects.count() == 0
