"""Arabic-Indic (٠١٢…) and Persian (۰۱۲…) digits typed in number and date fields are
accepted and stored as Latin digits: sign-up, deposit and simulator."""

from __future__ import annotations

from datetime import date

import pytest

from sejour.accounts.forms import IdentityForm, six_digits
from sejour.core.digits import latin_digits
from sejour.dossiers.forms import AddressStepForm
from sejour.simulator.fields import DayField
from sejour.simulator.steps import ProtectionDatesForm
from tests.factories.accounts import PrefectureFactory


def test_both_digit_sets_become_latin_and_nothing_else_changes() -> None:
    assert latin_digits("٠١٢٣٤٥٦٧٨٩ ۰۱۲۳۴۵۶۷۸۹ abc é ش") == "0123456789 0123456789 abc é ش"


@pytest.mark.parametrize("typed", ["٠٢/٠٤/١٩٩٠", "۰۲/۰۴/۱۹۹۰", "02/04/1990"])
def test_a_date_field_reads_any_digits(typed: str) -> None:
    assert DayField().clean(typed) == date(1990, 4, 2)


def test_the_simulator_accepts_an_arabic_date() -> None:
    form = ProtectionDatesForm(data={"decision": "٠١/١٠/٢٠٢٥"}, answers={})
    assert form.is_valid(), form.errors
    assert form.serialized()["decision"] == "2025-10-01"


def test_sign_up_reads_the_number_and_dates_in_arabic_digits() -> None:
    form = IdentityForm(
        data={
            "kind": "foreign",
            "number": "٧١٠٠٠٠٠٠٤٢",
            "valid_from": "٠١/٠١/٢٠٢٤",
            "valid_until": "٠١/٠١/٢٠٣٤",
        }
    )
    form.is_valid()
    assert form.cleaned_data.get("number") == "7100000042"
    assert form.cleaned_data.get("valid_from") == date(2024, 1, 1)


def test_a_one_time_code_in_persian_digits() -> None:
    assert six_digits("Code").clean("۱۲۳۴۵۶") == "123456"


@pytest.mark.django_db
def test_the_deposit_address_reads_an_arabic_postal_code_and_phone() -> None:
    PrefectureFactory(department_code="75")
    form = AddressStepForm(
        data={
            "street": "3 rue de la Paix",
            "postal_code": "٧٥٠٠٢",
            "city": "Paris",
            "phone": "٠٦ ١٢ ٣٤ ٥٦ ٧٨",
        }
    )
    assert form.is_valid(), form.errors
    assert form.cleaned_data["postal_code"] == "75002"
    assert form.cleaned_data["phone"] == "0612345678"
