"""The GUIDE's architecture rules, checked: pure packages stay free of Django, writes go through actions."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PURE = ["parley.engine", "parley.record", "parley.lang"]


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


@pytest.mark.parametrize("package", PURE)
def test_pure_packages_do_not_import_django_in_their_source(package):
    folder = ROOT / package.replace(".", "/")
    offenders = [
        str(path.relative_to(ROOT))
        for path in folder.rglob("*.py")
        if any(name == "django" or name.startswith("django.") for name in imported_modules(path))
    ]
    assert offenders == []


@pytest.mark.parametrize("package", PURE)
def test_importing_a_pure_package_loads_no_django(package):
    code = f"import sys, pkgutil, importlib, {package} as p\n" + (
        "for m in pkgutil.walk_packages(p.__path__, p.__name__ + '.'):\n"
        "    if '.tests' not in m.name: importlib.import_module(m.name)\n"
        "print(any(name == 'django' or name.startswith('django.') for name in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    assert out.stdout.strip() == "False"


def test_a_django_import_would_be_caught(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text("from django.db import models\nimport numpy\n")
    assert "django.db" in imported_modules(sample)


WRITE_CALLS = {"create", "update", "delete", "save", "bulk_create", "update_or_create", "get_or_create"}


def test_views_never_write_models_directly():
    """Every write goes through an action function; views only call them."""
    offenders = []
    for path in (ROOT / "parley").rglob("views/*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr in WRITE_CALLS
                and "objects" in ast.unparse(node.func)
            ):
                offenders.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert offenders == []
