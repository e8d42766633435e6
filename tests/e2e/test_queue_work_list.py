"""The agent's queue in the real Chromium (issue 16): the search box is visible, styled
as the design system's and labelled; a name typed without accents, first name first,
finds the file; a column header sorts; the page jump goes to the page asked."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, expect

from sejour.audit.models import AuditEvent
from tests.e2e.test_accessibility_signed_in import session_of
from tests.factories.accounts import AgentFactory, PrefectureFactory
from tests.instruction.test_queue_and_file import make_dossier

pytestmark = pytest.mark.django_db(transaction=True)
LABEL = "Rechercher : nom, numéro étranger, numéro de dossier ou de titre"


def test_search_sort_and_page_jump_in_the_browser(live_server, browser: Browser) -> None:
    paris = PrefectureFactory(department_code="75", name="Préfecture de police de Paris")
    agent = AgentFactory(prefecture=paris)
    celik = make_dossier(paris, name="ÇELİK Zeynep", deadline_in=90, subject="1234567890")
    abbas = make_dossier(paris, name="ABBAS Adam", deadline_in=80)
    for n in range(55):
        make_dossier(paris, name=f"NOUR Amal{n:02d}", deadline_in=n)
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.add_cookies(session_of(agent, live_server))
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.goto(f"{live_server.url}/instruction/")

    box = page.get_by_label(LABEL)
    expect(box).to_be_visible()
    style = box.evaluate(
        "e => { const s = getComputedStyle(e); return [s.backgroundColor, s.boxShadow, "
        "e.getBoundingClientRect().width, e.getBoundingClientRect().height]; }"
    )
    background, shadow, width, height = style
    # The design system's input: a grey field with its bottom line, not a bare box.
    assert background not in ("rgba(0, 0, 0, 0)", "transparent") and shadow != "none", style
    assert width > 300 and height > 30, style
    expect(page.locator("#vues [aria-current='page']")).to_contain_text("À instruire : 57")

    box.fill("zeynep celik")
    with page.expect_navigation():
        page.get_by_role("button", name="Rechercher et filtrer").click()
    rows = page.locator("#file-attente tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text(celik.reference)
    expect(rows.first).to_contain_text("n° 1234567890")
    assert "zeynep" not in page.url  # the term travels in the form's body only
    assert AuditEvent.objects.filter(action="queue.searched", actor=agent).count() == 1

    page.goto(f"{live_server.url}/instruction/")
    with page.expect_navigation():
        page.locator("#file-attente thead").get_by_role("link", name="Titulaire").click()
    expect(page.locator("#file-attente tbody tr").first).to_contain_text(abbas.reference)
    # Accents do not move a name: Çelik comes right after Abbas, before Nour.
    expect(page.locator("#file-attente tbody tr").nth(1)).to_contain_text(celik.reference)
    expect(page.locator("#file-attente th[aria-sort='ascending']")).to_have_text("Titulaire")

    page.get_by_label("Aller à la page").fill("2")
    with page.expect_navigation():
        page.get_by_role("button", name="Aller", exact=True).click()
    expect(page.locator(".fr-pagination [aria-current='page']")).to_have_text("2 / 2")
    assert "sort=nom" in page.url  # the sort is kept across the jump
    expect(page.locator("#file-attente tbody tr")).to_have_count(7)
    expect(page.locator("#file-attente tbody tr").last).to_contain_text("NOUR Amal54")
    context.close()
