"""No translation evaluated at import: a module- or class-level `gettext(...)` is frozen
in the language active when the module was first imported (French), so French leaks into
/en/ and /ar/. Such strings use gettext_lazy (or are translated inside the function)."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent / "sejour"
EAGER = {"gettext", "ngettext", "pgettext", "npgettext"}
LAZY = {"gettext_lazy", "ngettext_lazy", "pgettext_lazy", "npgettext_lazy"}


def _names(tree: ast.Module, wanted: set[str]) -> set[str]:
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module == "django.utils.translation":
            names |= {alias.asname or alias.name for alias in node.names if alias.name in wanted}
    return names


def _calls(node: ast.AST, names: set[str]) -> bool:
    return isinstance(node, ast.Call) and (
        (isinstance(node.func, ast.Name) and node.func.id in names)
        or (isinstance(node.func, ast.Attribute) and node.func.attr in names)
    )


def _forces(node: ast.AST, lazy: set[str]) -> bool:
    """A lazy string turned into a plain one on the spot: `%`, `+`, an f-string, str()."""
    if isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Mod, ast.Add)):
        return _calls(node.left, lazy) or _calls(node.right, lazy)
    if isinstance(node, ast.FormattedValue):
        return _calls(node.value, lazy)
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "str":
        return any(_calls(arg, lazy) for arg in node.args)
    return False


def _import_time_nodes(node: ast.AST):
    """Every node evaluated when the module is imported: not function or lambda bodies
    (their decorators and default values are evaluated, so they are kept)."""
    for child in ast.iter_child_nodes(node):
        if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef)):
            yield from (n for d in child.decorator_list for n in ast.walk(d))
            yield from (n for d in (*child.args.defaults, *child.args.kw_defaults) if d
                        for n in ast.walk(d))  # fmt: skip
            continue
        if isinstance(child, ast.Lambda):
            continue
        yield child
        yield from _import_time_nodes(child)


def import_time_calls(source: str) -> list[int]:
    tree = ast.parse(source)
    eager = _names(tree, EAGER) | EAGER
    lazy = _names(tree, LAZY) | LAZY
    return sorted(
        {
            node.lineno
            for node in _import_time_nodes(tree)
            if _calls(node, eager) or _forces(node, lazy)
        }
    )


def test_the_scan_finds_what_it_looks_for() -> None:
    source = (
        "from django.utils.translation import gettext as _, gettext_lazy\n"
        "TITLE = _('Titre')\n"
        "LAZY = gettext_lazy('Paresseux')\n"
        "class Form:\n"
        "    label = _('Nom')\n"
        "    def clean(self, x=_('défaut')):\n"
        "        return _('Au moment voulu')\n"
        "f = lambda: _('plus tard')\n"
        "FORCED = gettext_lazy('%(n)s jours') % {'n': 3}\n"
        "JOINED = f\"{gettext_lazy('Étape')} 1\"\n"
        "KEPT = gettext_lazy('Étape %(n)s')\n"
    )
    assert import_time_calls(source) == [2, 5, 6, 9, 10]


def test_no_gettext_is_evaluated_at_import() -> None:
    found = [
        f"{path.relative_to(ROOT.parent)}:{line}"
        for path in sorted(ROOT.rglob("*.py"))
        if "migrations" not in path.parts
        for line in import_time_calls(path.read_text(encoding="utf-8"))
    ]
    assert found == [], "use gettext_lazy: " + ", ".join(found)
