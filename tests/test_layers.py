"""The dialogues app imports no app above it: the higher apps subscribe to its signals instead.

The record's storage (`parley.publicrecord.log`) is below the dialogues, whatever package holds it today.
"""

from __future__ import annotations

import ast
from pathlib import Path

import parley

ROOT = Path(parley.__file__).parent
ABOVE_DIALOGUES = ("parley.analysis", "parley.proposals", "parley.publicrecord", "parley.demo", "parley.cli")
BELOW_DIALOGUES = ("parley.publicrecord.log",)


def _imports(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return found


def _upward(name: str) -> bool:
    if any(name == low or name.startswith(low + ".") for low in BELOW_DIALOGUES):
        return False
    if name in ("parley.publicrecord",):  # `from parley.publicrecord import log`: judged by its names
        return False
    return any(name == high or name.startswith(high + ".") for high in ABOVE_DIALOGUES)


def test_no_module_of_the_dialogues_app_imports_an_app_above_it():
    offenders = sorted(
        f"{path.relative_to(ROOT)}: {name}"
        for path in (ROOT / "dialogues").rglob("*.py")
        if "tests" not in path.parts and "migrations" not in path.parts
        for name in _imports(path)
        if _upward(name)
    )
    assert offenders == []


def test_every_module_of_the_dialogues_app_stays_under_400_lines():
    long = sorted(
        f"{path.relative_to(ROOT)}: {n}"
        for path in (ROOT / "dialogues").rglob("*.py")
        if "migrations" not in path.parts and (n := len(path.read_text(encoding="utf-8").splitlines())) > 400
    )
    assert long == []
