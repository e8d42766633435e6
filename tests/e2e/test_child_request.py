"""A parent's request for a child, in the real Chromium (issue 12): a stranger's number
with an adult's birth date is refused at the identity step, nothing is deposited and no
attestation can be verified; with their own child's number, the attestation is the
child's, as the register knows him."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.test import Client
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect

from sejour.attestations.models import Attestation
from sejour.dossiers.models import Dossier
from sejour.rules.dates import add_years
from tests.dossiers.helpers import pdf
from tests.factories.accounts import (
    EphotoFactory,
    PrefectureFactory,
    RegisterEntryFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db(transaction=True)


def signed_in(browser: Browser, live_server, user) -> Page:
    client = Client()
    client.force_login(user)
    context = browser.new_context(viewport={"width": 390, "height": 844})
    context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    return page


def submit(page: Page) -> None:
    with page.expect_navigation():
        page.click("main form button[type='submit']:visible >> nth=0")


def identity(page: Page, last: str, first: str, born: date, number: str) -> None:
    page.fill("input[name='last_name']", last)
    page.fill("input[name='first_names']", first)
    page.fill("input[name='birth_date']", born.strftime("%d/%m/%Y"))
    page.fill("input[name='foreign_number']", number)
    submit(page)


def test_a_strangers_number_is_refused_at_its_step_and_nothing_is_verifiable(
    live_server, browser: Browser, tmp_path
) -> None:
    PrefectureFactory(department_code="75")
    parent_entry = RegisterEntryFactory(last_name="NOUR", first_names="Amal")
    today = timezone.localdate()
    born = add_years(today, -17) + timedelta(days=30)  # 16, soon 17, on any day
    son = RegisterEntryFactory(last_name="NOUR", first_names="Sami", birth_date=born)
    son.parents.add(parent_entry)
    stranger = RegisterEntryFactory(
        last_name="KARIMI", first_names="Omid", birth_date=add_years(today, -26)
    )
    parent = UserFactory(username=parent_entry.foreign_number)
    page = signed_in(browser, live_server, parent)

    page.goto(f"{live_server.url}/demarches/nouvelle/premier-titre/")
    page.check("#for-child", force=True)
    submit(page)
    identity(page, "KARIMI", "Omid", stranger.birth_date, stranger.foreign_number)
    assert "/depot/identite/" in page.url  # still at the step where it was typed
    alert = page.locator("#erreurs")
    expect(alert).to_contain_text("ne rattache pas ce numéro à un enfant dont vous êtes le parent")
    expect(alert).to_contain_text("présentez-vous à la préfecture")
    # the message leads to the field to correct
    alert.get_by_role("link").first.click()
    expect(page.locator("input[name='foreign_number']")).to_be_focused()
    dossier = Dossier.objects.get(applicant=parent)
    assert dossier.state == "draft" and "identity" not in dossier.draft
    assert not Attestation.objects.exists()
    page.goto(f"{live_server.url}/verifier/")
    expect(page.locator("main")).not_to_contain_text("authentique")

    # With the parent's own son, the request goes through, under the register's identity.
    page.goto(f"{live_server.url}/demarches/{dossier.reference}/depot/identite/")
    identity(page, "Nour", "Sami", son.birth_date, son.foreign_number)
    page.fill("input[name='street']", "3 rue de la Paix")
    page.fill("input[name='postal_code']", "75002")
    page.fill("input[name='city']", "Paris")
    submit(page)
    page.check("input[name='status'][value='refugee']", force=True)
    page.check("input[name='decided_by'][value='OFPRA']", force=True)
    page.fill("input[name='decision_date']", "01/10/2026")
    page.fill("input[name='asylum_date']", "15/03/2024")
    page.check("input[name='role'][value='protected']", force=True)
    page.check("input[name='marital_status'][value='single']", force=True)
    page.check("input[name='wants_to_work'][value='oui']", force=True)
    submit(page)
    assert "/depot/documents/" in page.url, page.inner_text("main")[:800]
    sample = tmp_path / "document.pdf"
    sample.write_bytes(pdf())
    for code in ("decision_protection", "justificatif_domicile"):
        page.set_input_files(f"#file-{code}", str(sample))
        with page.expect_navigation():
            page.click(f"#doc-{code} button[type='submit']")
    page.fill("input[name='ephoto']", EphotoFactory().code)
    with page.expect_navigation():
        page.click("#ephoto button[type='submit']")
    with page.expect_navigation():
        page.click("main form:has(input[value='next']) button")
    page.check("input[name='sworn']", force=True)
    submit(page)
    assert "/confirmation/" in page.url, page.inner_text("main")[:800]
    code = page.inner_text("main strong[dir='ltr']")
    page.goto(f"{live_server.url}/verifier/{code}/")
    expect(page.locator("#resultat")).to_contain_text("authentique")
    expect(page.locator("main")).to_contain_text(f"né(e) en {born.year}")
    attestation = Attestation.objects.get()
    assert (attestation.holder_first_names, attestation.holder_foreign_number) == (
        "Sami",
        son.foreign_number,
    )
