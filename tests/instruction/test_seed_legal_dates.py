"""The generated demo data takes its legal dates from the engine (issue 11): each
dossier's assessment is the engine's answer on its own deposit day, so that its
reasons, its deadlines and its legal deadline say the same dates, and the ages of the
people generated are the engine's age bands."""

from __future__ import annotations

from datetime import date

import pytest
from django.utils import timezone

from sejour.dossiers.models import Dossier
from sejour.rules import age_band, card_valid_until, param
from tests.instruction.test_queue_scale import seed

pytestmark = pytest.mark.django_db


def french(day: str) -> str:
    return date.fromisoformat(day).strftime("%d/%m/%Y")


def reason(assessment: dict, rule: str) -> str:
    return " ".join(r["text"] for r in assessment["reasons"] if r["rule"] == rule)


def test_each_seeded_assessment_is_the_engines_on_its_deposit_day() -> None:
    seed(dossiers=250, prefectures=2, seed=17)
    checked = {"first_permit": 0, "renewal": 0}
    for d in Dossier.objects.exclude(state="draft").select_related("applicant"):
        assessment = d.assessment
        assert assessment is not None, d.reference
        on = timezone.localdate(d.submitted_at)
        assert assessment["on"] == on.isoformat()
        deadlines = assessment["deadlines"]
        if d.procedure == "first_permit":
            assert assessment["channel"] == "online"
            by = deadlines["card_issue_by"]
            assert french(by) in reason(assessment, "DL-ISSUE")
            assert d.legal_deadline == date.fromisoformat(by)
            checked["first_permit"] += 1
        if d.procedure == "renewal" and "renewal_window_opens" in deadlines:
            window = (deadlines["renewal_window_opens"], deadlines["renewal_window_closes"])
            assert any(french(day) in reason(assessment, "DL-RENEW") for day in window)
            until = deadlines.get("rights_kept_until")
            assert d.legal_deadline == (date.fromisoformat(until) if until else None)
            checked["renewal"] += 1
        situation = d.snapshot["situation"]
        if situation.get("card_kind"):  # the card held: start + validity − 1 day
            years = param(f"cards.{situation['card_kind']}_years", on)
            start = date.fromisoformat(situation["card_valid_from"])
            assert card_valid_until(start, years=years).isoformat() == situation["card_valid_until"]
        if d.profile == "minor":
            born = date.fromisoformat(d.snapshot["identity"]["minor"]["birth_date"])
            assert age_band(born, on=on) == "may_work"
        else:
            assert age_band(d.applicant.birth_date, on=on) == "adult"
    assert checked["first_permit"] > 50 and checked["renewal"] > 3
