"""Numbers in the product's texts come from the dated parameters (issue 11): change a
parameter in a temporary parameter set and the page, the form and the e-mail follow;
counted words take each language's plural forms (Arabic: singular, dual, plural)."""

from __future__ import annotations

from datetime import date

import pytest
from django.template.loader import render_to_string
from django.test import Client
from django.utils import translation

from sejour.core import legal_texts
from tests.rules.test_legal_dates import law_changes
from tests.simulator.walker import text

SOON = date(2000, 1, 2)  # a change of law already in force whatever today is


@pytest.mark.parametrize(
    ("lang", "n", "expected"),
    [
        ("fr", 1, "1 an"),
        ("fr", 10, "10 ans"),
        ("en", 1, "1 year"),
        ("en", 4, "4 years"),
        ("ar", 1, "سنة واحدة"),
        ("ar", 2, "سنتان"),
        ("ar", 3, "3 سنوات"),
        ("ar", 10, "10 سنوات"),
        ("ar", 11, "11 سنة"),
    ],
)
def test_years_take_the_plural_forms_of_each_language(lang, n, expected) -> None:
    with translation.override(lang):
        assert legal_texts.years(n) == expected


def test_arabic_months_days_and_hours_have_their_dual() -> None:
    with translation.override("ar"):
        assert legal_texts.months(2) == "شهران" and legal_texts.months(6) == "6 أشهر"
        assert legal_texts.days(1) == "يوم واحد" and legal_texts.days(60) == "60 يومًا"
        assert legal_texts.hours(2) == "ساعتان" and legal_texts.hours(48) == "48 ساعة"


def test_the_home_page_window_follows_its_parameters(monkeypatch) -> None:
    page = text(Client().get("/"))
    assert "Entre 120 et 60 jours avant la fin de votre carte." in page
    law_changes(monkeypatch, "deadlines.renewal_opens_days", on=SOON, to=90)
    law_changes(monkeypatch, "deadlines.renewal_closes_days", on=SOON, to=1)
    assert "Entre 90 et 1 jour avant la fin de votre carte." in text(Client().get("/"))
    english = text(Client().get("/en/"))
    assert "Between 90 and 1 day before your card ends." in english


def test_the_simulators_card_labels_follow_the_validity_in_force(monkeypatch) -> None:
    url = (
        "/simulateur/document/?demarche=renewal&role=protected&statut=refugee&naissance=1990-04-02"
    )
    assert "Carte de résident (10 ans)" in text(Client().get(url))
    law_changes(monkeypatch, "cards.carte_resident_years", on=SOON, to=12)
    law_changes(monkeypatch, "cards.carte_sejour_temporaire_years", on=SOON, to=2)
    page = text(Client().get(url))
    assert "Carte de résident (12 ans)" in page and "Carte de séjour temporaire (2 ans)" in page
    arabic = text(Client().get(f"/ar{url}"))
    assert "، سنتان" in arabic and "، 12 سنة" in arabic


def test_the_child_reminder_email_follows_the_age_limit(monkeypatch) -> None:
    context = {"child_name": "Amal", "limit": date(2027, 3, 1), "birthday": date(2027, 3, 2)}
    body = render_to_string("notifications/reminder_child19_body.txt", context)
    assert "Amal aura 19 ans le 02/03/2027" in body and "la veille de ses 19 ans" in body
    law_changes(monkeypatch, "ages.child_limit", on=SOON, to=21)
    body = render_to_string("notifications/reminder_child19_body.txt", context)
    assert "Amal aura 21 ans le 02/03/2027" in body and "la veille de ses 21 ans" in body


@pytest.mark.django_db
def test_the_deposit_texts_follow_the_ephoto_and_address_parameters(monkeypatch) -> None:
    from sejour.dossiers.procedures import KINDS
    from sejour.dossiers.views_deposit import EPHOTO_MESSAGES
    from sejour.integrations.ephoto import EphotoOutcome

    law_changes(monkeypatch, "deadlines.ephoto_activation_hours", on=SOON, to=24)
    law_changes(monkeypatch, "documents.proof_of_address_months", on=SOON, to=3)
    assert "jusqu'à 24 heures" in str(EPHOTO_MESSAGES[EphotoOutcome.NOT_ACTIVE])
    assert "de moins de 3 mois" in str(KINDS["premier-titre"].prepare)
    with translation.override("en"):
        assert "up to 24 hours" in str(EPHOTO_MESSAGES[EphotoOutcome.NOT_ACTIVE])
