"""Paying at hand-over (000 Q33): each stamp counts once per hand-over and once ever; the
stamps pay the fee exactly, or the agent confirms an overpayment; nothing is consumed
by a refused hand-over, and the form keeps what was typed."""

# ruff: noqa: F811 - pytest fixtures imported from the queue tests
from __future__ import annotations

import html
import re
from dataclasses import replace

import pytest

from sejour.audit.models import AuditEvent
from sejour.integrations.models import TaxStamp
from sejour.integrations.stamps import LocalStamps, StampOutcome
from tests.instruction.test_queue_and_file import CARD, agent_client, make_dossier, paris  # noqa: F401

pytestmark = pytest.mark.django_db
STAMP_25, STAMP_225 = "2500000000000001", "2250000000000001"


def text(response) -> str:
    return html.unescape(response.content.decode())


def to_hand_over(paris, agent, *, fee: int, procedure: str = "first_permit"):
    return make_dossier(
        paris,
        state="card_available",
        assigned_to=agent,
        procedure=procedure,
        assessment={"card": CARD, "fees_total_eur": fee},
        decision={"outcome": "granted", "card": CARD},
    )


def hand_over(client, dossier, stamps: str, **extra):
    data = {"stamps": stamps, "old_card": "on", **extra}
    return client.post(f"/instruction/{dossier.reference}/remise/", data)


def typed_stamps(response) -> str:
    return re.search(r'<textarea[^>]*name="stamps"[^>]*>(.*?)</textarea>', text(response), re.S)[1]


def test_the_same_stamp_typed_nine_times_does_not_pay_a_renewal(agent_client, paris) -> None:
    agent, client = agent_client
    dossier = to_hand_over(paris, agent, fee=225, procedure="renewal")
    TaxStamp.objects.create(number=STAMP_25, amount_eur=25)
    typed = "\n".join([STAMP_25] * 9)
    response = hand_over(client, dossier, typed)
    assert response.status_code == 400
    page = text(response)
    assert f"Le timbre {STAMP_25} est saisi plusieurs fois" in page
    assert typed_stamps(response).split() == [STAMP_25] * 9  # what was typed, kept
    assert 'name="old_card" checked' in page
    dossier.refresh_from_db()
    assert dossier.state == "card_available"
    assert TaxStamp.objects.get().used_by == ""


def test_an_overpayment_is_shown_then_confirmed_by_the_agent(agent_client, paris) -> None:
    agent, client = agent_client
    dossier = to_hand_over(paris, agent, fee=25)
    TaxStamp.objects.create(number=STAMP_225, amount_eur=225)
    shown = hand_over(client, dossier, STAMP_225)
    assert shown.status_code == 400
    page = text(shown)
    assert "Les timbres font 225 € pour 25 € dus : 200 € de trop" in page
    assert f"{STAMP_225} — 225 €" in page
    assert typed_stamps(shown).strip() == STAMP_225
    assert TaxStamp.objects.get().used_by == ""
    # A confirmation given for another sum (the stamps changed since) confirms nothing.
    stale = hand_over(client, dossier, STAMP_225, confirm_paid="250")
    assert "200 € de trop" in text(stale) and TaxStamp.objects.get().used_by == ""
    done = hand_over(client, dossier, STAMP_225, confirm_paid="225")
    assert done["Location"] == f"/instruction/{dossier.reference}/recu/"
    dossier.refresh_from_db()
    assert dossier.state == "handed_over"
    assert (dossier.decision["paid_eur"], dossier.decision["overpaid_eur"]) == (225, 200)
    assert TaxStamp.objects.get().used_by == dossier.reference
    event = AuditEvent.objects.get(action="dossier.handed_over")
    assert event.data["overpaid_eur"] == 200 and event.data["stamps"] == [STAMP_225]


def test_removing_the_extra_stamp_pays_exactly(agent_client, paris) -> None:
    agent, client = agent_client
    dossier = to_hand_over(paris, agent, fee=25)
    TaxStamp.objects.create(number=STAMP_25, amount_eur=25)
    TaxStamp.objects.create(number=STAMP_225, amount_eur=225)
    assert "de trop" in text(hand_over(client, dossier, f"{STAMP_25}\n{STAMP_225}"))
    done = hand_over(client, dossier, STAMP_25)
    assert done.status_code == 302
    dossier.refresh_from_db()
    assert dossier.decision["paid_eur"] == 25 and "overpaid_eur" not in dossier.decision
    assert TaxStamp.objects.get(number=STAMP_225).used_by == ""


def test_the_receipt_lists_each_stamp_once_with_its_amount(agent_client, paris) -> None:
    agent, client = agent_client
    dossier = to_hand_over(paris, agent, fee=225, procedure="renewal")
    numbers = [f"20000000000000{i:02d}" for i in range(1, 10)]
    for number in numbers:
        TaxStamp.objects.create(number=number, amount_eur=25)
    done = hand_over(client, dossier, " ".join(numbers))
    receipt = text(client.get(done["Location"]))
    for number in numbers:
        assert receipt.count(number) == 1
        assert f"{number} — 25 €" in receipt
    assert "225 €" in receipt


def test_the_interface_counts_a_repeated_number_once_and_consumes_nothing() -> None:
    TaxStamp.objects.create(number=STAMP_25, amount_eur=25)
    stamps = LocalStamps()
    checks = stamps.consume([STAMP_25, STAMP_25], reference="D-1", amount_eur=50)
    assert [c.outcome for c in checks] == [StampOutcome.OK, StampOutcome.REPEATED]
    assert TaxStamp.objects.get().used_by == ""
    # Nor does a sum that differs from the amount asked consume anything.
    stamps.consume([STAMP_25], reference="D-1", amount_eur=20)
    assert TaxStamp.objects.get().used_by == ""
    stamps.consume([STAMP_25], reference="D-1", amount_eur=25)
    assert TaxStamp.objects.get().used_by == "D-1"
    again = stamps.consume([STAMP_25], reference="D-2", amount_eur=25)
    assert again[0].outcome is StampOutcome.USED
    assert TaxStamp.objects.get().used_by == "D-1"


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_the_repeated_stamp_refusal_is_translated(agent_client, paris, lang) -> None:
    agent, client = agent_client
    dossier = to_hand_over(paris, agent, fee=50)
    TaxStamp.objects.create(number=STAMP_25, amount_eur=25)
    response = client.post(
        f"/{lang}/instruction/{dossier.reference}/remise/",
        {"stamps": f"{STAMP_25}\n{STAMP_25}"},
    )
    page = text(response)
    expected = {"en": "is typed more than once", "ar": "أكثر من مرة"}[lang]
    assert expected in page and STAMP_25 in page


def test_a_stamp_that_changes_between_check_and_charge_hands_nothing_over(
    agent_client, paris, monkeypatch
) -> None:
    """The service is asked to consume exactly what it was shown: when its answer at the
    charge differs, nothing is consumed and the card stays at the desk."""
    agent, client = agent_client
    dossier = to_hand_over(paris, agent, fee=25)
    TaxStamp.objects.create(number=STAMP_25, amount_eur=30)
    shown_at_check = LocalStamps.check

    def check_as_25(self, numbers, *, reference):
        return [
            replace(c, amount_eur=25) for c in shown_at_check(self, numbers, reference=reference)
        ]

    monkeypatch.setattr(LocalStamps, "check", check_as_25)
    response = hand_over(client, dossier, STAMP_25)
    assert "rien n'est encaissé, remettez la carte à nouveau" in text(response)
    dossier.refresh_from_db()
    assert dossier.state == "card_available" and TaxStamp.objects.get().used_by == ""
