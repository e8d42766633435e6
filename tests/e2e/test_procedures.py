"""The procedures after the first card, in the real Chromium: a renewal inside its
window, a late renewal (the fee shown), a minor's travel document, a duplicate, and an
address change that moves a file to another prefecture."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect

from sejour.attestations.models import Attestation
from sejour.dossiers.models import Dossier
from sejour.integrations.models import RegisterEntry
from tests.dossiers.helpers import pdf
from tests.factories.accounts import (
    EphotoFactory,
    PrefectureFactory,
    RegisterEntryFactory,
    UserFactory,
)
from tests.instruction.test_queue_and_file import make_dossier

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


def card_holder(valid_until_in_days: int, kind="carte_resident", status="refugee"):
    today = timezone.localdate()
    entry = RegisterEntryFactory(
        document_kind=kind,
        protection_status=status,
        valid_from=today - timedelta(days=3650 - valid_until_in_days),
        valid_until=today + timedelta(days=valid_until_in_days),
        nationality="afghane",
    )
    return UserFactory(username=entry.foreign_number, foreign_number=entry.foreign_number)


def identity_and_address(page: Page, postal_code="75002") -> None:
    page.check("input[name='confirm']", force=True)
    submit(page)
    page.fill("input[name='street']", "3 rue de la Paix")
    page.fill("input[name='postal_code']", postal_code)
    page.fill("input[name='city']", "Paris")
    submit(page)


def documents(page: Page, tmp_path) -> None:
    sample = tmp_path / "document.pdf"
    sample.write_bytes(pdf())
    codes = page.eval_on_selector_all("input.fr-upload", "els => els.map(e => e.id.slice(5))")
    for code in codes:
        page.set_input_files(f"#file-{code}", str(sample))
        with page.expect_navigation():
            page.click(f"#doc-{code} button[type='submit']")
    if page.locator("input[name='ephoto']").count():
        page.fill("input[name='ephoto']", EphotoFactory().code)
        with page.expect_navigation():
            page.click("#ephoto button[type='submit']")
    with page.expect_navigation():
        page.click("main form:has(input[value='next']) button")
    assert "/recapitulatif/" in page.url, page.inner_text("main")[:800]


def deposit(page: Page) -> str:
    page.check("input[name='sworn']", force=True)
    submit(page)
    assert "/confirmation/" in page.url, page.inner_text("main")[:800]
    return re.search(r"/demarches/([^/]+)/confirmation/", page.url).group(1)


def renewal_until_summary(page: Page, base: str, tmp_path) -> None:
    page.goto(f"{base}/demarches/")
    with page.expect_navigation():
        page.get_by_role("link", name="Renouveler ma carte", exact=True).click()
    submit(page)  # start
    identity_and_address(page)
    # Pre-filled from the register: the protection and the card are already checked.
    expect(page.locator("input[name='card_kind'][value='carte_resident']")).to_be_checked()
    expect(page.locator("input[name='status'][value='refugee']")).to_be_checked()
    page.check("input[name='decided_by'][value='OFPRA']", force=True)
    page.fill("input[name='decision_date']", "01/06/2016")
    page.check("input[name='marital_status'][value='single']", force=True)
    submit(page)
    documents(page, tmp_path)


def test_a_renewal_inside_its_window(live_server, browser: Browser, tmp_path) -> None:
    PrefectureFactory(department_code="75")
    user = card_holder(90)
    page = signed_in(browser, live_server, user)
    renewal_until_summary(page, live_server.url, tmp_path)
    expect(page.locator("#total")).to_have_text("225 €")
    expect(page.locator("#attestation")).to_contain_text("prolongation d'instruction")
    reference = deposit(page)
    dossier = Dossier.objects.get(reference=reference)
    assert dossier.procedure == "renewal" and dossier.state == "submitted"
    attestation = Attestation.objects.get(dossier=dossier)
    assert attestation.valid_only_with_previous_card and attestation.allows_schengen_travel


def test_a_late_renewal_shows_the_late_fee_before_deposit(
    live_server, browser: Browser, tmp_path
) -> None:
    PrefectureFactory(department_code="75")
    user = card_holder(30)
    page = signed_in(browser, live_server, user)
    page.goto(f"{live_server.url}/demarches/")
    expect(page.locator("#renouvellement")).to_contain_text("405 €")
    renewal_until_summary(page, live_server.url, tmp_path)
    expect(page.locator("#couts")).to_contain_text("Droit de visa de régularisation : 180 €")
    expect(page.locator("#total")).to_have_text("405 €")
    reference = deposit(page)
    attestation = Attestation.objects.get(dossier__reference=reference)
    assert attestation.kind == "attestation_confirmation_depot"


def test_a_parent_asks_a_travel_document_for_a_minor(
    live_server, browser: Browser, tmp_path
) -> None:
    PrefectureFactory(department_code="75")
    parent = card_holder(2000, kind="carte_pluriannuelle", status="subsidiary")
    page = signed_in(browser, live_server, parent)
    page.goto(f"{live_server.url}/demarches/nouvelle/titre-de-voyage/")
    page.check("#for-child", force=True)
    submit(page)
    born = timezone.localdate().replace(year=timezone.localdate().year - 12)
    child = RegisterEntryFactory(  # the register knows the child as this parent's
        foreign_number="7000099999",
        first_names="Sami",
        birth_date=born,
        protection_status="subsidiary",
    )
    child.parents.add(RegisterEntry.objects.get(foreign_number=parent.foreign_number))
    page.fill("input[name='last_name']", "NOUR")
    page.fill("input[name='first_names']", "Sami")
    page.fill("input[name='birth_date']", born.strftime("%d/%m/%Y"))
    page.fill("input[name='foreign_number']", "7000099999")
    submit(page)
    page.fill("input[name='street']", "3 rue de la Paix")
    page.fill("input[name='postal_code']", "75002")
    page.fill("input[name='city']", "Paris")
    submit(page)
    page.check("input[name='status'][value='subsidiary']", force=True)
    page.check("input[name='decided_by'][value='OFPRA']", force=True)
    page.fill("input[name='decision_date']", "01/06/2016")
    page.check("input[name='role'][value='protected']", force=True)
    page.check("input[name='card_kind'][value='']", force=True)
    page.check("input[name='marital_status'][value='single']", force=True)
    submit(page)
    assert "/documents/" in page.url, page.inner_text("main")[:800]
    expect(page.locator("main")).to_contain_text("autorité parentale")
    documents(page, tmp_path)
    expect(page.locator("#titre-voyage")).to_have_text("Valable 4 ans")
    expect(page.locator("#total")).to_have_text("40 €")
    reference = deposit(page)
    dossier = Dossier.objects.get(reference=reference)
    assert dossier.procedure == "travel_document" and dossier.filed_by == "parent"
    assert dossier.profile == "minor" and dossier.holder_name == "NOUR Sami"


def test_a_duplicate_after_a_theft(live_server, browser: Browser, tmp_path) -> None:
    PrefectureFactory(department_code="75")
    user = card_holder(1500)
    page = signed_in(browser, live_server, user)
    page.goto(f"{live_server.url}/demarches/")
    with page.expect_navigation():
        page.get_by_role("link", name="Déclarer un changement de situation").click()
    with page.expect_navigation():
        page.get_by_role("link", name=re.compile("demander un duplicata")).click()
    submit(page)
    identity_and_address(page)
    page.check("input[name='decided_by'][value='OFPRA']", force=True)
    page.fill("input[name='decision_date']", "01/06/2016")
    page.check("input[name='marital_status'][value='single']", force=True)
    page.check("input[name='loss_kind'][value='vol']", force=True)
    page.fill("input[name='loss_date']", timezone.localdate().strftime("%d/%m/%Y"))
    page.fill("textarea[name='loss_place']", "Dans le bus 38, sac volé")
    submit(page)
    documents(page, tmp_path)
    until = (timezone.localdate() + timedelta(days=1500)).strftime("%-d")
    expect(page.locator("#validite-reprise")).to_contain_text(until)
    expect(page.locator("#total")).to_have_text("225 €")
    reference = deposit(page)
    dossier = Dossier.objects.get(reference=reference)
    assert dossier.procedure == "duplicate"
    assert dossier.snapshot["situation"]["loss_kind"] == "vol"


def test_an_address_change_moves_the_open_file(live_server, browser: Browser) -> None:
    paris = PrefectureFactory(department_code="75", name="Préfecture de police de Paris")
    lyon = PrefectureFactory(department_code="69", name="Préfecture du Rhône")
    dossier = make_dossier(paris, state="in_instruction")
    page = signed_in(browser, live_server, dossier.applicant)
    page.goto(f"{live_server.url}/demarches/nouvelle/changement-de-situation/")
    page.fill("#adresse input[name='street']", "8 quai Perrache")
    page.fill("#adresse input[name='postal_code']", "690")
    page.fill("#adresse input[name='city']", "Lyon")
    with page.expect_navigation():
        page.click("#adresse button[type='submit']")
    expect(page.locator("#erreurs")).to_contain_text("5 chiffres")
    page.fill("#adresse input[name='postal_code']", "69002")
    with page.expect_navigation():
        page.click("#adresse button[type='submit']")
    expect(page.locator("main")).to_contain_text("Préfecture du Rhône")
    dossier.refresh_from_db()
    assert dossier.prefecture == lyon and dossier.state == "in_instruction"
    page.goto(f"{live_server.url}/demarches/{dossier.reference}/")
    expect(page.locator("main")).to_contain_text(dossier.reference)
