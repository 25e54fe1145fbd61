"""The GUIDE's architecture rules, checked: pure packages stay free of Django, writes go through actions."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PURE = ["parley.engine", "parley.record", "parley.lang", "parley.charts"]


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


# A model is written by saving or deleting an instance (a ModelForm's save too), or through a manager or a
# queryset: `Model.objects.create(...)`, `.filter(...).update(...)`, `statement.votes.all().delete()`.
INSTANCE_WRITES = {"save", "delete"}
MANAGER_WRITES = {"create", "update", "bulk_create", "bulk_update", "update_or_create", "get_or_create"}
QUERYSET_MARKS = ("objects", ".filter(", ".exclude(", ".all(", ".select_for_update(", "_set")


def view_modules() -> list[Path]:
    """Every module that answers requests: views packages and modules, `*_views.py`, api modules, health."""
    found = []
    for path in (ROOT / "parley").rglob("*.py"):
        parts = path.relative_to(ROOT).parts
        if "tests" in parts:
            continue
        stem = path.stem
        if (
            "views" in parts[:-1]
            or "api" in parts[:-1]
            or stem in ("views", "api", "health")
            or stem.endswith(("_views", "_api"))
            or stem.startswith(("views_", "api_"))
        ):
            found.append(path)
    return sorted(found)


def model_writes(path: Path) -> list[str]:
    offenders = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
            continue
        receiver = ast.unparse(node.func.value)
        if receiver in ("request.session", "self.request.session", "response", "cache"):
            continue
        if node.func.attr in INSTANCE_WRITES or (
            node.func.attr in MANAGER_WRITES and any(mark in receiver for mark in QUERYSET_MARKS)
        ):
            offenders.append(f"{path.name}:{node.lineno}: {ast.unparse(node)[:80]}")
    return offenders


def test_every_views_and_api_module_is_scanned():
    names = {str(path.relative_to(ROOT)) for path in view_modules()}
    assert "parley/dialogues/views/public.py" in names and "parley/health.py" in names
    assert any(name.startswith("parley/publicrecord/") and "views" in name for name in names)
    assert any(name.startswith("parley/translations/") and "views" in name for name in names)
    assert len({name.split("/")[1] for name in names}) >= 5, names


def test_a_model_write_in_a_view_would_be_caught(tmp_path):
    sample = tmp_path / "views.py"
    sample.write_text(
        "def view(request, statement, form, context):\n"
        "    statement.save()\n"
        "    statement.delete()\n"
        "    form.save()\n"
        "    Vote.objects.create(value=1)\n"
        "    Vote.objects.filter(pk=1).update(value=0)\n"
        "    statement.translations.all().update(text='')\n"
        "    Vote.objects.bulk_create([])\n"
        "    context.update(title='a dict, not a model')\n"
        "    request.session.save()\n"
    )
    assert [line.split(":")[1] for line in model_writes(sample)] == ["2", "3", "4", "5", "6", "7", "8"]


def test_views_never_write_models_directly():
    """Every write goes through an action function; views and api modules only call them."""
    offenders = [f"{path.relative_to(ROOT)}: {hit}" for path in view_modules() for hit in model_writes(path)]
    assert offenders == []
