"""The whole sign-up in the real Chromium, with the verification e-mail read from a local
SMTP server (aiosmtpd), then login and logout."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page

from tests.conftest import Inbox
from tests.factories.accounts import RegisterEntryFactory

pytestmark = pytest.mark.django_db(transaction=True)
PASSWORD = "un mot de passe très solide 58"


@pytest.mark.parametrize("lang", ["fr", "ar"])
def test_sign_up_then_log_in_and_out(
    live_server, page: Page, smtp: Inbox, lang: str, settings
) -> None:
    settings.SEJOUR_SITE_URL = live_server.url  # links in e-mails come from it (issue 13)
    RegisterEntryFactory(foreign_number="7600000001", first_names="Amal")
    prefix = "" if lang == "fr" else f"/{lang}"
    page.goto(f"{live_server.url}{prefix}/compte/creer/")
    page.check("input[name='kind'][value='foreign']")
    page.fill("input[name='number']", "7600000001")
    page.fill("input[name='valid_from']", "01/01/2026")
    page.fill("input[name='valid_until']", "30/06/2027")
    with page.expect_navigation():
        page.click("main button[type='submit']")
    assert page.url.endswith(f"{prefix}/compte/creer/email/")
    page.fill("input[name='email']", "amal@example.org")
    page.fill("input[name='email_confirm']", "amal@example.org")
    with page.expect_navigation():
        page.click("main button[type='submit']")

    message = smtp.wait()
    assert message["To"] == "amal@example.org"
    body = message.get_content()
    link = re.search(r"https?://\S+/compte/creer/verifier/\S+", body).group(0)
    if lang == "ar":
        assert re.search("[\u0600-\u06ff]", body), "the e-mail speaks the page's language"
    page.goto(link)
    assert page.url.endswith(f"{prefix}/compte/creer/mot-de-passe/")
    page.fill("input[name='new_password1']", PASSWORD)
    page.fill("input[name='new_password2']", PASSWORD)
    with page.expect_navigation():
        page.click("main button[type='submit']")
    assert page.url.endswith(f"{prefix}/demarches/")
    assert "7600000001" in page.inner_text("main")

    with page.expect_navigation():
        page.click(".sejour-langbar button[type='submit']")  # log out
    page.goto(f"{live_server.url}{prefix}/demarches/")
    assert f"{prefix}/connexion/" in page.url
    page.fill("input[name='username']", "7600000001")
    page.fill("input[name='password']", PASSWORD)
    with page.expect_navigation():
        page.click("main button[type='submit']")
    page.wait_for_url(re.compile(r".*/demarches/$"))
    with page.expect_navigation():
        page.click(".sejour-langbar button[type='submit']")
    page.goto(f"{live_server.url}{prefix}/demarches/")
    assert f"{prefix}/connexion/" in page.url
