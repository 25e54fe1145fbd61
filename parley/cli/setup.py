"""Django set-up shared by the commands: the database, migrations, and how a command is typed."""

from __future__ import annotations

import os
from pathlib import Path

import click


def _setup(database_url: str | None = None) -> None:
    """Configure Django once, optionally for another database, and compile the translations."""
    demo = None if database_url else demo_database()
    if demo is not None:
        database_url = f"sqlite:///{demo}"
        shown = demo.relative_to(Path.cwd()) if demo.is_relative_to(Path.cwd()) else demo
        click.echo(
            f"Using the demo's database, {shown}, as ./dev does while it exists (set DATABASE_URL to use another).",
            err=True,
        )
    if database_url:
        os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "parley.settings")
    import django

    from parley.i18n import compile_messages

    compile_messages()
    django.setup()


def demo_database() -> Path | None:
    """The demo's SQLite file, when PARLEY_USE_DEMO_DATABASE asks for it (./dev does), no DATABASE_URL
    is set and `parley demo` has built it: so that every command after `./dev demo` acts on the
    dialogue the demo serves."""
    if os.environ.get("DATABASE_URL") or os.environ.get("PARLEY_USE_DEMO_DATABASE", "") not in ("1", "true", "yes"):
        return None
    from parley.paths import data_dir

    path = data_dir() / "demo.sqlite3"
    return path if path.is_file() else None


def typed(command: str) -> str:
    """COMMAND as the person reading this types it: `./dev COMMAND` from a clone (./dev says so in
    PARLEY_INVOKED_AS), `parley COMMAND` where Parley is installed."""
    return f"`{os.environ.get('PARLEY_INVOKED_AS') or 'parley'} {command}`"


def _migrate() -> None:
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)
