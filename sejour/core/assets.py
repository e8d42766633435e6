"""The DSFR parts the pages use, in one stylesheet, with fonts cut to the characters
French and English need.

The design system ships every component and four weights of two typefaces: about
1 MB. A first visit on a slow network must stay under 150 KB, so `build_assets`
concatenates the core and the components listed here (their URLs rewritten to stay
valid from the bundle's folder) and subsets Marianne regular, without hinting and with
only kerning and ligatures. Bold is synthesised by the browser from it: a second face
cost 20 KB, a quarter of a first visit (issue 19). Arabic text uses the system's
Arabic typeface: Marianne has no Arabic glyphs.
"""

from __future__ import annotations

import logging
import posixpath
import re
from pathlib import Path
from typing import Final

from django.conf import settings
from fontTools import subset

COMPONENTS: Final = (
    "skiplink", "logo", "header", "footer", "link", "button", "form", "input", "radio",
    "checkbox", "select", "stepper", "alert", "callout", "notice", "tile", "badge", "search",
    "table", "pagination", "tag",
)  # fmt: skip
FONTS: Final = {"Marianne-Regular": 400}
# Basic Latin, Latin-1, French ligatures and typographic punctuation, the euro sign.
UNICODES: Final = "U+0000-00FF,U+0152-0153,U+0178,U+02C6,U+02DA,U+02DC,U+2000-206F,U+20AC,U+2122"
BUNDLE: Final = "dsfr/dist/bundle/sejour-dsfr.css"

_FONT_FACE = re.compile(r"@font-face\{[^}]*\}")
_URL = re.compile(r"url\((?!['\"]?data:)(['\"]?)([^)'\"]+)\1\)")


def dsfr_dist() -> Path:
    import dsfr

    return Path(dsfr.__file__).parent / "static" / "dsfr" / "dist"


def _rebase(css: str, source: str) -> str:
    """Rewrite relative url()s of a file at static path `source` for the bundle's path."""

    def rewrite(match: re.Match[str]) -> str:
        target = posixpath.normpath(posixpath.join(posixpath.dirname(source), match.group(2)))
        return f'url("{posixpath.relpath(target, posixpath.dirname(BUNDLE))}")'

    return _URL.sub(rewrite, css)


def font_faces() -> str:
    return "".join(
        "@font-face{font-family:Marianne;font-style:normal;font-display:swap;"
        f'font-weight:{weight};src:url("fonts/{name}.subset.woff2") format("woff2")}}'
        for name, weight in FONTS.items()
    )


def bundle_css(dist: Path) -> str:
    parts = [font_faces()]
    core = (dist / "core" / "core.main.min.css").read_text(encoding="utf-8")
    parts.append(_rebase(_FONT_FACE.sub("", core), "dsfr/dist/core/core.main.min.css"))
    for name in COMPONENTS:
        relative = f"component/{name}/{name}.main.min.css"
        css = (dist / relative).read_text(encoding="utf-8")
        parts.append(_rebase(css, f"dsfr/dist/{relative}"))
    return "\n".join(parts)


def subset_font(source: Path, target: Path) -> None:
    logging.getLogger("fontTools").setLevel(logging.WARNING)
    options = subset.Options()
    options.flavor = "woff2"
    # Hinting and the rarely used OpenType features were 40 % of the file; modern
    # browsers rasterise without hints.
    options.hinting = False
    options.layout_features = ["kern", "liga"]
    options.name_IDs = ["*"]
    font = subset.load_font(str(source), options)
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=subset.parse_unicodes(UNICODES))
    subsetter.subset(font)
    subset.save_font(font, str(target), options)


def build(out_dir: Path | None = None) -> list[Path]:
    """Write the bundle and its fonts under `out_dir` (the build static folder)."""
    out = out_dir or Path(settings.ASSETS_BUILD_DIR)
    dist = dsfr_dist()
    bundle = out / BUNDLE
    (bundle.parent / "fonts").mkdir(parents=True, exist_ok=True)
    bundle.write_text(bundle_css(dist), encoding="utf-8")
    written = [bundle]
    for name in FONTS:
        target = bundle.parent / "fonts" / f"{name}.subset.woff2"
        subset_font(dist / "fonts" / f"{name}.woff2", target)
        written.append(target)
    return written
