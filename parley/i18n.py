"""Compile the interface translations (.po -> .mo) with polib, so no gettext install is needed."""

from __future__ import annotations

from pathlib import Path

import polib

LOCALE_DIR = Path(__file__).resolve().parent / "locale"
# Parley's corrections to Django's own catalogs (hy is incomplete and in places wrong): a second
# locale path, searched after Parley's strings and before Django's own.
DJANGO_LOCALE_DIR = Path(__file__).resolve().parent / "locale_django"


def po_files() -> list[Path]:
    """Parley's own interface catalogs."""
    return sorted(LOCALE_DIR.glob("*/LC_MESSAGES/*.po"))


def django_override_files() -> list[Path]:
    """Parley's corrections of Django's catalogs."""
    return sorted(DJANGO_LOCALE_DIR.glob("*/LC_MESSAGES/*.po"))


def compile_messages(force: bool = False) -> list[Path]:
    """Write each .mo that is missing or older than its .po; return the ones written."""
    written = []
    for po_path in po_files() + django_override_files():
        mo_path = po_path.with_suffix(".mo")
        if not force and mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
            continue
        polib.pofile(str(po_path)).save_as_mofile(str(mo_path))
        written.append(mo_path)
    return written
