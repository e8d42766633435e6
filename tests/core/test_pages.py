"""Home page, languages, and the design-system bundle."""

from __future__ import annotations

import posixpath
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.test import Client

from sejour.core import assets


@pytest.mark.parametrize(
    ("prefix", "lang", "direction"), [("", "fr", "ltr"), ("/en", "en", "ltr"), ("/ar", "ar", "rtl")]
)
def test_home_in_each_language(prefix: str, lang: str, direction: str) -> None:
    html = Client().get(f"{prefix}/").content.decode()
    assert f'<html lang="{lang}" dir="{direction}"' in html
    for code in ("fr", "en", "ar"):
        assert f'hreflang="{code}"' in html
    assert html.count('class="fr-tile ') == 4


def test_language_links_keep_the_answers() -> None:
    client = Client()
    html = client.get("/simulateur/personne/?demarche=renewal").content.decode()
    for code in ("ar", "en"):
        link = f"/langue/{code}/?next=/{code}/simulateur/personne/%3Fdemarche%3Drenewal"
        assert f'href="{link}"' in html
        assert client.get(link)["Location"] == f"/{code}/simulateur/personne/?demarche=renewal"


def test_the_bundle_holds_the_components_and_one_small_font(tmp_path: Path) -> None:
    written = assets.build(tmp_path)
    css = written[0].read_text(encoding="utf-8")
    assert ".fr-btn" in css and ".fr-stepper" in css and ".fr-header" in css
    # One face: bold is synthesised from it (issue 19: the fonts were 46 % of a first visit).
    assert css.count("@font-face") == 1 and "font-weight:400" in css.split("}")[0]
    assert "Marianne-Medium" not in css and "Marianne-Bold" not in css and "Spectral-" not in css
    assert len(written) == 2
    assert written[1].read_bytes()[:4] == b"wOF2"
    assert written[1].stat().st_size < 14_000


@pytest.mark.django_db
def test_the_page_preloads_the_font_the_stylesheet_uses() -> None:
    html = Client().get("/").content.decode()
    preload = re.search(
        r'<link rel="preload" href="([^"]+)" as="font" type="font/woff2" crossorigin>', html
    )
    assert preload and preload.group(1).endswith("fonts/Marianne-Regular.subset.woff2")
    assert html.index('rel="preload"') < html.index('rel="stylesheet"')


def test_every_url_in_the_bundle_points_to_a_static_file() -> None:
    css = (Path(settings.ASSETS_BUILD_DIR) / assets.BUNDLE).read_text(encoding="utf-8")
    base = Path(assets.BUNDLE).parent
    urls = set(re.findall(r'url\("(?!data:)([^"]+)"\)', css))
    assert urls, "the fonts at least are referenced"
    for url in urls:
        target = posixpath.normpath((base / url).as_posix())
        assert finders.find(target), f"{url} → {target} is not a static file"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("prefix", "title", "direction"),
    [
        ("", "Page introuvable", "ltr"),
        ("/en", "Page not found", "ltr"),
        ("/ar", "الصفحة غير موجودة", "rtl"),
    ],
)
def test_the_404_page_speaks_the_visitors_language(client, prefix, title, direction) -> None:
    response = client.get(f"{prefix}/demarches/D-NOPE/nulle-part/")
    assert response.status_code == 404
    page = response.content.decode()
    assert title in page and f'dir="{direction}"' in page
