"""Texts in every shipped language, rules documented, the engine pure."""

from __future__ import annotations

import ast
import re
import tomllib
from pathlib import Path

from sejour.rules import parameters, texts

RULES_DIR = Path(texts.__file__).parent
ROOT = RULES_DIR.parents[1]
SPEC_RULE_IDS = {
    "CH-STATELESS",
    "CH-ALREADY",
    "CH-UNKNOWN",
    "CH-MINOR",
    "CH-FAMILY",
    "CH-ONLINE",
    "CARD-REF",
    "CARD-REF-FAM",
    "CARD-BPS",
    "CARD-BPS-MINOR",
    "CARD-BPS-FAM",
    "CARD-APA",
    "CARD-CR-4Y",
    "CARD-RENEW",
    "FAM-SPOUSE",
    "FAM-COHAB",
    "FAM-CHILD",
    "FAM-PARENT",
    "FAM-DECLARED",
    "FAM-LATER",
    "ATT-BPI-FIRST",
    "ATT-FAMILY",
    "ATT-RENEWAL",
    "FEE-FIRST",
    "FEE-RENEW",
    "FEE-LATE",
    "FEE-DUP",
    "FEE-TIV",
    "FEE-STAMP",
    "DL-ISSUE",
    "DL-RENEW",
    "DL-GRACE",
    "DL-CHILD19",
    "DL-ABSENCE",
    "DL-EPHOTO",
    "DL-REUNIF",
    "TIV-VALID",
    "REUNIF",
}


def _source() -> str:
    return "\n".join(p.read_text(encoding="utf-8") for p in RULES_DIR.glob("*.py"))


def test_every_text_exists_in_french_english_and_arabic() -> None:
    for catalogue in (texts.REASONS, texts.ERRORS):
        for key, text in catalogue.items():
            assert set(text.by_lang) == {"fr", "en", "ar"}, key
            placeholders = {lang: text.placeholders(lang) for lang in text.by_lang}
            assert placeholders["en"] == placeholders["fr"] == placeholders["ar"], key
            assert re.search(r"[\u0600-\u06FF]", text.by_lang["ar"]), f"{key}: not Arabic"


def test_every_reason_text_is_used_and_every_used_key_has_a_text() -> None:
    source = _source()
    used = set(re.findall(r'"((?:[A-Z0-9]+-)*[A-Z0-9]+(?:\.[A-Za-z_0-9-]+)?)"', source))
    for key in texts.REASONS:
        assert f'"{key}"' in source, f"{key} is never produced"
    rule_like = {k for k in used if re.fullmatch(r"[A-Z]+(-[A-Z0-9]+)+(\.[a-z_0-9]+)?", k)}
    missing = {k for k in rule_like if k not in texts.REASONS and "." in k}
    assert not missing


def test_every_rule_of_the_spec_is_a_function_citing_its_sources() -> None:
    documented: dict[str, str] = {}
    for path in RULES_DIR.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef):
                doc = ast.get_docstring(node) or ""
                match = re.match(r"([A-Z]+(?:-[A-Z0-9]+)*):", doc)
                if match:
                    documented[match.group(1)] = doc
    assert set(documented) >= SPEC_RULE_IDS, SPEC_RULE_IDS - set(documented)
    for rule, doc in documented.items():
        assert re.search(r"\b00[0-4]\b|CESEDA|service-public", doc), f"{rule} cites no source"


def test_every_parameter_is_dated_and_sourced() -> None:
    assert parameters.PARAMETERS
    for name, param in parameters.PARAMETERS.items():
        assert param.reference, name
        assert param.starts == tuple(sorted(param.starts)), name
        assert param.description, name


def test_the_import_contract_names_every_other_part_of_sejour() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    (contract,) = config["tool"]["importlinter"]["contracts"]
    forbidden = set(contract["forbidden_modules"])
    parts = {
        f"sejour.{p.stem if p.suffix == '.py' else p.name}"
        for p in (ROOT / "sejour").iterdir()
        if (p.is_dir() and (p / "__init__.py").exists())
        or (p.suffix == ".py" and p.stem != "__init__")
    }
    assert parts - {"sejour.rules"} <= forbidden
    assert {"django", "config"} <= forbidden


def test_the_engine_reads_no_clock() -> None:
    for path in RULES_DIR.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Attribute):
                assert node.attr not in {"today", "now", "utcnow", "time"}, path.name
