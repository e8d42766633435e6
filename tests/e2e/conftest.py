"""Browser tests in the real Chromium (Debian's package), driven by Playwright.

Playwright's own browser download is not used: the system Chromium is launched through
its executable path (CHROMIUM_PATH, /usr/bin/chromium by default).
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

from tests.conftest import Inbox, smtp  # noqa: F401 - the local SMTP server fixture

# Playwright's sync API runs an event loop in this thread; the test database calls that
# live_server needs are still made from plain synchronous code.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not os.path.exists(CHROMIUM):
        pytest.fail(
            f"Chromium not found at {CHROMIUM}: `apt-get install chromium` (make test does)"
        )
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        # Headless Chromium asks for en-US, and unprefixed pages now follow the browser's
        # language: contexts are French unless a test passes its own locale.
        new_context = browser.new_context
        browser.new_context = lambda **kw: new_context(**{"locale": "fr-FR", **kw})  # type: ignore[method-assign]
        yield browser
        browser.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()
