"""Right to left done right, on a 390 × 844 phone: no page wider than the screen, the help
phone number read left to right inside Arabic, the progress bar mirrored."""

from __future__ import annotations

import io
import os

import pytest
from PIL import Image
from playwright.sync_api import Browser, Page

from tests.e2e.test_accessibility import FIRST

pytestmark = pytest.mark.django_db(transaction=True)

PAGES = [
    "/",
    "/compte/creer/",
    "/connexion/",
    "/aide/",
    "/aide/contact/",
    "/simulateur/",
    "/simulateur/demarche/",
    f"/simulateur/dates-protection/?{FIRST}",
]
SHOTS = os.environ.get("SEJOUR_SCREENSHOTS")  # a folder to keep the screenshots in


def _shot(page: Page, name: str) -> None:
    if SHOTS:
        page.screenshot(path=os.path.join(SHOTS, name.strip("/").replace("/", "_") + ".png"))


@pytest.mark.parametrize("prefix", ["/ar", "/en"])
def test_no_page_scrolls_sideways_on_a_phone(live_server, page: Page, prefix: str) -> None:
    wide = {}
    for path in PAGES:
        page.goto(live_server.url + prefix + path)
        width = page.evaluate("document.scrollingElement.scrollWidth")
        _shot(page, prefix + path.split("?")[0] + "-" + str(width))
        if width > 390:
            wide[path] = width
    assert wide == {}


def _group_lefts(page: Page, selector: str) -> list[float]:
    """The left edge, on screen, of each group of digits of the phone number."""
    return page.evaluate(
        """(selector) => {
          const node = [...document.querySelectorAll(selector)].find(
            (el) => el.getClientRects().length);
          const text = node.firstChild;
          const lefts = [];
          let at = 0;
          for (const group of text.textContent.split(' ')) {
            const range = document.createRange();
            const start = text.textContent.indexOf(group, at);
            range.setStart(text, start);
            range.setEnd(text, start + group.length);
            lefts.push(range.getBoundingClientRect().left);
            at = start + group.length;
          }
          return lefts;
        }""",
        selector,
    )


@pytest.mark.parametrize("path", ["/ar/", "/ar/aide/", "/ar/aide/contact/"])
def test_the_help_phone_number_reads_left_to_right_in_arabic(
    live_server, page: Page, path: str
) -> None:
    page.goto(live_server.url + path)
    selector = "main a[href='tel:+33806001620'] bdi"
    assert page.locator(selector).filter(visible=True).first.inner_text() == "0 806 001 620"
    lefts = _group_lefts(page, selector)
    assert len(lefts) == 4 and lefts == sorted(lefts), lefts


def test_the_progress_bar_is_mirrored_in_arabic(live_server, browser: Browser) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="ar")
    page = context.new_page()
    page.goto(live_server.url + "/ar/simulateur/demarche/")
    transform = page.evaluate(
        "getComputedStyle(document.querySelector('.fr-stepper__steps')).transform"
    )
    context.close()
    assert transform.startswith("matrix(-1")


def _centre(box: dict) -> tuple[float, float]:
    return box["x"] + box["width"] / 2, box["y"] + box["height"] / 2


@pytest.mark.parametrize(
    ("path", "kind"),
    [("/ar/simulateur/demarche/", "radio"), ("/ar/compte/creer/", "radio")],
)
def test_the_control_and_its_focus_sit_at_the_reading_start(
    live_server, page: Page, path: str, kind: str
) -> None:
    page.goto(live_server.url + path)
    control = page.locator(f"input[type={kind}]").first
    label = page.locator(f"input[type={kind}] + label").first
    input_box, label_box = control.bounding_box(), label.bounding_box()
    assert input_box and label_box
    right = label_box["x"] + label_box["width"]
    # The real input (which takes the focus) is at the label's right edge, in Arabic...
    assert abs((input_box["x"] + input_box["width"]) - right) < 40
    # ... and so is the drawn control: blue pixels in the label's last 32 px (unfocused:
    # the focus ring, drawn around the real input, would be blue too).
    shot = page.screenshot(clip={"x": right - 32, "y": label_box["y"], "width": 32, "height": 28})
    image = Image.open(io.BytesIO(shot)).convert("RGB")
    blue = sum(1 for r, g, b in image.getdata() if b > 120 and b > r + 60)
    assert blue > 20, blue
    _shot(page, path + "-" + kind)
