"""DL-ISSUE, DL-GRACE, CARD-CR-4Y before the window and the temporary card renewed at
16-17, as rules.md "Corrections from the CESEDA" says."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from sejour.rules import Assessment
from tests.rules.builders import family, renewal, run, situation


def reasons_of(result: Assessment, rule: str) -> list[Any]:
    return [r for r in result.reasons if r.rule == rule]


def cited(sources: tuple[str, ...]) -> list[str]:
    """The documents cited, without their section: `001 "…"` is 001."""
    return [
        source.rsplit(" ", 1)[-1] if source.startswith("CESEDA") else source.split()[0]
        for source in sources
    ]


# --- DL-ISSUE ------------------------------------------------------------------------------


def test_a_refugees_issue_deadline_cites_r424_1() -> None:
    (reason,) = reasons_of(run(situation()), "DL-ISSUE")
    assert cited(reason.sources) == ["001", "R424-1"]


@pytest.mark.parametrize("status", ["subsidiary", "stateless"])
def test_a_bps_or_stateless_issue_deadline_cites_001_only(status: str) -> None:
    (reason,) = reasons_of(run(situation(protection__status=status)), "DL-ISSUE")
    assert cited(reason.sources) == ["001"]


def test_a_family_members_issue_deadline_is_the_services_target_with_r424_1_as_caveat() -> None:
    data = family(union_date="2025-01-10")
    result = run(data)
    assert result.deadlines.card_issue_by == date(2027, 3, 22)
    (reason,) = reasons_of(result, "DL-ISSUE")
    assert cited(reason.sources) == ["001"]
    assert "objectif" in reason.text
    (caveat,) = [c for c in result.caveats if c.rule == "DL-ISSUE"]
    assert "CESEDA R424-1" in caveat.sources
    assert "3 mois" in caveat.text  # R424-1's months, from the parameter


# --- DL-GRACE ------------------------------------------------------------------------------


def grace(on: str, kind: str = "carte_pluriannuelle") -> Assessment:
    data = renewal(kind, "2022-09-01", "2026-08-31", on=on)
    data["protection"]["status"] = "subsidiary"
    return run(data)


@pytest.mark.parametrize("kind", ["carte_pluriannuelle", "carte_resident"])
def test_rights_kept_until_is_stated_up_to_its_day(kind: str) -> None:
    result = grace("2026-11-30", kind)  # 31 August + 3 months, clipped: 30 November
    assert result.deadlines.rights_kept_until == date(2026, 11, 30)
    (reason,) = reasons_of(result, "DL-GRACE")
    assert reason.met and "30/11/2026" in reason.text
    assert not [c for c in result.caveats if c.rule == "DL-GRACE"]  # L433-3 names both cards


def test_the_day_after_rights_kept_until_the_key_is_absent_and_the_period_is_over() -> None:
    result = grace("2026-12-01")
    assert "rights_kept_until" not in result.to_dict()["deadlines"]
    (reason,) = reasons_of(result, "DL-GRACE")
    assert not reason.met
    assert "terminée" in reason.text and "produire" not in reason.text
    english = grace("2026-12-01")
    assert english.channel == "online"  # late, still online until 6 months


# --- CARD-CR-4Y ----------------------------------------------------------------------------


def four_years(on: str, *, role: str = "protected", relation: str | None = None) -> Assessment:
    # Regular residence since 2022-01-01: 4 years on 2026-01-01. The window of a card
    # ending 2027-12-31 runs from 2027-09-02 to 2027-11-01.
    data = renewal("carte_pluriannuelle", "2022-01-01", "2027-12-31", on=on)
    data["protection"]["status"] = "subsidiary"
    if role == "family_member":
        data["person"]["role"] = "family_member"
        data["family_link"] = family(relation=relation, union_date="2019-05-04")["family_link"]
    return run(data)


def test_cr_4y_asked_before_the_window_is_not_too_early_and_gets_a_confirmation() -> None:
    result = four_years("2026-11-22")
    assert result.channel == "online"
    assert result.card is not None and result.card.kind == "carte_resident"
    assert "DL-RENEW" not in result.rules
    assert not [c for c in result.caveats if c.rule == "DL-RENEW"]
    assert "renewal_window_opens" not in result.to_dict()["deadlines"]
    assert result.deposit_attestation is not None
    assert result.deposit_attestation.kind == "attestation_confirmation_depot"
    assert result.deposit_attestation.validity_months is None
    assert result.fees_total_eur == 225
    (reason,) = reasons_of(result, "CARD-CR-4Y")
    assert reason.met and "peut" in reason.text


def test_cr_4y_inside_the_window_is_as_att_renewal() -> None:
    result = four_years("2027-09-02")  # the window's first day
    assert "DL-RENEW" in result.rules
    assert result.deposit_attestation is not None
    assert result.deposit_attestation.kind == "attestation_prolongation_instruction"
    assert result.deposit_attestation.validity_months == 3


def test_cr_4y_after_the_window_is_as_a_late_renewal() -> None:
    result = four_years("2027-11-02")  # the day after the window closes
    assert result.deposit_attestation is not None
    assert result.deposit_attestation.kind == "attestation_confirmation_depot"
    assert "FEE-LATE" in result.rules


@pytest.mark.parametrize("relation", ["spouse", "civil_partner", "cohabitant", "child"])
def test_cr_4y_is_open_to_the_bps_family(relation: str) -> None:
    result = four_years("2026-11-22", role="family_member", relation=relation)
    assert result.card is not None and result.card.kind == "carte_resident"


@pytest.mark.parametrize("relation", ["parent", "minor_sibling"])
def test_cr_4y_is_not_open_to_parents(relation: str) -> None:
    result = four_years("2026-11-22", role="family_member", relation=relation)
    assert result.card is not None and result.card.kind == "carte_pluriannuelle"
    (reason,) = reasons_of(result, "CARD-CR-4Y")
    assert not reason.met
    assert result.channel == "too_early"  # no resident card: the window applies again


# --- a temporary card renewed at 16-17 -----------------------------------------------------


def temporary(*, wants_to_work: bool, on: str = "2026-09-15") -> Assessment:
    # Born 2009-06-01: 17 on the deposit day; the card ends 2026-11-30, its window runs
    # from 2026-08-02 to 2026-10-01.
    data = renewal("carte_sejour_temporaire", "2025-12-01", "2026-11-30", on=on)
    data["protection"].update(status="subsidiary", decision_date="2025-11-01")
    data["person"].update(birth_date="2009-06-01", wants_to_work=wants_to_work)
    return run(data)


def test_a_temporary_card_renewed_at_17_without_work_is_not_eligible() -> None:
    result = temporary(wants_to_work=False)
    assert result.channel == "not_eligible"
    assert "CH-MINOR" in result.rules
    assert result.card is None and result.fees == () and result.deposit_attestation is None


def test_a_temporary_card_renewed_at_17_to_work_keeps_the_renewal_fees_and_attestation() -> None:
    result = temporary(wants_to_work=True)
    assert result.channel == "online"
    assert result.card is not None and result.card.kind == "carte_sejour_temporaire"
    assert result.fees_total_eur == 225
    assert result.deposit_attestation is not None
    assert result.deposit_attestation.kind == "attestation_prolongation_instruction"
    assert result.deposit_attestation.valid_only_with_previous_card


def test_a_temporary_card_renewed_at_18_gets_the_four_year_card() -> None:
    data = renewal("carte_sejour_temporaire", "2025-12-01", "2026-11-30", on="2026-09-15")
    data["protection"].update(status="subsidiary", decision_date="2025-11-01")
    data["person"].update(birth_date="2008-09-15", wants_to_work=False)
    result = run(data)
    assert result.channel == "online"
    assert result.card is not None and result.card.kind == "carte_pluriannuelle"
    assert "CH-MINOR" not in result.rules
