"""French source strings, English and Arabic shipped: a missing translation fails here."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from django.conf import settings

ROOT = Path(__file__).resolve().parents[1]
LOCALE = ROOT / "sejour" / "locale"
SHIPPED = [code for code, _ in settings.LANGUAGES if code != settings.LANGUAGE_CODE]


def test_shipped_languages() -> None:
    assert settings.LANGUAGE_CODE == "fr"
    assert SHIPPED == ["en", "ar"]


@pytest.mark.parametrize("lang", SHIPPED)
def test_every_message_is_translated_and_compiled(lang: str) -> None:
    po = polib.pofile(str(LOCALE / lang / "LC_MESSAGES" / "django.po"))
    assert po.untranslated_entries() == []
    assert po.fuzzy_entries() == []
    assert po.obsolete_entries() == []
    mo = polib.mofile(str(LOCALE / lang / "LC_MESSAGES" / "django.mo"))
    compiled = {e.msgid: e.msgstr for e in mo if e.msgid}
    assert compiled == {e.msgid: e.msgstr for e in po.translated_entries()}, (
        "django.mo is stale: run `make messages`"
    )


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="GNU gettext is not installed")
def test_every_string_in_the_code_is_in_the_catalogues(tmp_path: Path) -> None:
    copy = tmp_path / "sejour"
    shutil.copytree(ROOT / "sejour", copy, ignore=shutil.ignore_patterns("__pycache__"))
    subprocess.run(
        [
            sys.executable,
            "-m",
            "django",
            "makemessages",
            "--locale",
            "en",
            "--locale",
            "ar",
            "--no-obsolete",
            "--no-location",
        ],
        cwd=copy,
        check=True,
        capture_output=True,
    )
    for lang in SHIPPED:
        fresh = {
            e.msgid for e in polib.pofile(str(copy / "locale" / lang / "LC_MESSAGES" / "django.po"))
        }
        shipped = {e.msgid for e in polib.pofile(str(LOCALE / lang / "LC_MESSAGES" / "django.po"))}
        assert fresh - shipped == set(), f"{lang}: not in the catalogue, run `make messages`"
