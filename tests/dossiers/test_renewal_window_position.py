"""The account page places today in the renewal window as the engine does
(sejour.rules.renewal_position): before, inside, late, or past 6 months at the
prefecture (000 Q39), where no online renewal is offered."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine

from sejour.dossiers.deposit import renewal_offer
from sejour.integrations.models import RegisterEntry
from tests.dossiers.test_procedures import applicant, text

pytestmark = pytest.mark.django_db


def card_until(valid_until: date) -> None:
    RegisterEntry.objects.create(
        foreign_number="0123456789",
        last_name="NOUR",
        first_names="Amal",
        birth_date=date(1990, 4, 2),
        protection_status="refugee",
        document_kind="carte_resident",
        valid_from=date(2016, 9, 1),
        valid_until=valid_until,
    )


@pytest.mark.parametrize(
    ("today", "position"),
    [
        (date(2027, 5, 2), "before"),
        (date(2027, 5, 3), "inside"),
        (date(2027, 7, 2), "inside"),
        (date(2027, 7, 3), "late"),
        (date(2028, 2, 29), "late"),  # 6 months after 31 August: the last day of February
        (date(2028, 3, 1), "prefecture"),
    ],
)
def test_the_offer_places_today_in_the_window(today, position) -> None:
    user, _client = applicant()
    card_until(date(2027, 8, 31))
    offer = renewal_offer(user=user, today=today)
    assert offer is not None and offer["position"] == position


def test_past_six_months_the_page_sends_to_the_prefecture_not_online() -> None:
    user, client = applicant()
    card_until(date(2027, 8, 31))
    with time_machine.travel("2028-03-01 10:00 +01:00", tick=False):
        client.force_login(user)  # a session opened today would have expired by then
        page = text(client.get("/demarches/"))
    renewal = page.split('id="renouvellement"')[1].split("</div>")[0]
    assert "à la préfecture" in renewal
    assert "Renouveler ma carte" not in renewal
