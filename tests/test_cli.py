"""`sejour assess`: JSON in, JSON out; one line on stderr and status 2 on bad input."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

from sejour.cli import main
from tests.rules.builders import situation


def call(args: list[str], stdin: str = "") -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    status = main(args, stdin=io.StringIO(stdin), stdout=out, stderr=err)
    return status, out.getvalue(), err.getvalue()


def test_assess_a_file(tmp_path: Path) -> None:
    path = tmp_path / "s.json"
    path.write_text(json.dumps(situation()), encoding="utf-8")
    status, out, err = call(["assess", str(path)])
    assert (status, err) == (0, "")
    result = json.loads(out)
    assert result["channel"] == "online"
    assert result["reasons"][0]["text"].startswith("Vous pouvez")  # French by default


def test_lang_option_and_situation_lang() -> None:
    _, out, _ = call(["assess", "-", "--lang", "en"], json.dumps(situation()))
    assert json.loads(out)["lang"] == "en"
    _, out, _ = call(["assess", "-", "--lang", "en"], json.dumps(situation(lang="ar")))
    assert json.loads(out)["lang"] == "ar"  # the situation's own word wins


def test_invalid_json_and_missing_file(tmp_path: Path) -> None:
    status, out, err = call(["assess", "-"], "{not json")
    assert (status, out) == (2, "")
    assert err.startswith("-: not valid JSON line 1")
    status, out, err = call(["assess", str(tmp_path / "nope.json")])
    assert status == 2
    assert "cannot read" in err
    assert err.count("\n") == 1


def test_installed_console_script_never_prints_a_traceback(tmp_path: Path) -> None:
    script = Path(sys.executable).with_name("sejour")
    bad = json.dumps(situation(protection__status="x"))
    done = subprocess.run(
        [script, "assess", "-"], input=bad, capture_output=True, text=True, check=False
    )
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr.startswith("protection.status: unknown value 'x'; expected one of")
    assert "Traceback" not in done.stderr
    good = subprocess.run(
        [script, "assess", "-"],
        input=json.dumps(situation()),
        capture_output=True,
        text=True,
        check=False,
    )
    assert good.returncode == 0
    assert json.loads(good.stdout)["card"]["kind"] == "carte_resident"
