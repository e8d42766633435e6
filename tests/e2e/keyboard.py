"""Moving through a page with the keyboard alone, as a person without a mouse does."""

from __future__ import annotations

from playwright.sync_api import Page

MAX_TABS = 80


def focused_matches(page: Page, selector: str) -> bool:
    return bool(
        page.evaluate(
            "s => !!document.activeElement && document.activeElement.matches(s)", selector
        )
    )


def tab_to(page: Page, selector: str) -> None:
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        if focused_matches(page, selector):
            return
    raise AssertionError(f"Tab never reached {selector}")


def choose(page: Page, name: str, value: str) -> None:
    """Reach a radio group with Tab, then move to the answer with the arrow keys."""
    tab_to(page, f"input[name='{name}']")
    for _ in range(12):
        if focused_matches(page, f"input[name='{name}'][value='{value}']"):
            page.keyboard.press("Space")
            return
        page.keyboard.press("ArrowDown")
    raise AssertionError(f"arrow keys never reached {name}={value}")


def type_in(page: Page, name: str, text: str) -> None:
    tab_to(page, f"input[name='{name}']")
    page.keyboard.type(text)


def tick(page: Page, name: str) -> None:
    tab_to(page, f"input[name='{name}']")
    page.keyboard.press("Space")


def submit(page: Page) -> None:
    tab_to(page, "button[type='submit']")
    with page.expect_navigation():
        page.keyboard.press("Enter")


def follow(page: Page, selector: str) -> None:
    tab_to(page, selector)
    with page.expect_navigation():
        page.keyboard.press("Enter")
