"""Serving and background work: `serve`, `demo`, `worker`."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import click

from parley.cli import setup
from parley.cli.setup import typed

DEFAULT_PORT = 8000


def _serve(host: str, port: int, workers: int) -> None:
    from parley.server import serve

    serve(host, port, workers)


def _port_option(function: Any) -> Any:
    function = click.option(
        "--workers",
        type=click.IntRange(1, 64),
        default=lambda: int(os.environ.get("PARLEY_WORKERS", "2")),
        show_default="2 or PARLEY_WORKERS",
        help="Web worker processes.",
    )(function)
    function = click.option(
        "--host",
        default=lambda: os.environ.get("PARLEY_HOST", "127.0.0.1"),
        show_default="127.0.0.1 or PARLEY_HOST",
        help="Address to listen on.",
    )(function)
    return click.option(
        "--port",
        type=click.IntRange(1, 65535),
        default=lambda: int(os.environ.get("PARLEY_PORT", DEFAULT_PORT)),
        show_default=f"{DEFAULT_PORT} or PARLEY_PORT",
        help="Port to listen on.",
    )(function)


@click.command()
@_port_option
def serve(port: int, host: str, workers: int) -> None:
    """Apply database migrations, then serve Parley."""
    setup._setup()
    setup._migrate()
    _serve(host, port, workers)


@click.command()
@_port_option
@click.option("--no-serve", is_flag=True, help="Build the demo database and exit.")
@click.option(
    "--reset-database",
    is_flag=True,
    help="With DATABASE_URL set: empty that database first (without it the demo refuses to touch it).",
)
def demo(port: int, host: str, workers: int, no_serve: bool, reset_database: bool) -> None:
    """Build a fresh demo database with a realistic dialogue, then serve it."""
    database_url = os.environ.get("DATABASE_URL")
    if not database_url:
        from parley.paths import data_dir

        path = data_dir() / "demo.sqlite3"
        path.parent.mkdir(parents=True, exist_ok=True)
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        database_url = f"sqlite:///{path}"
    # With no machine translation configured, the demo labels texts with the demo backend (never a real translation).
    os.environ.setdefault("PARLEY_TRANSLATION_BACKEND", "demo")
    setup._setup(database_url)
    from django.core.management import call_command

    if os.environ.get("DATABASE_URL") and reset_database:
        call_command("flush", interactive=False, verbosity=0)
    setup._migrate()
    from parley.demo.build import build_demo

    started = time.monotonic()
    try:
        summary = build_demo(progress=lambda step: click.echo(f"  demo: {step}...", err=True))
    except RuntimeError as error:
        raise click.ClickException(f"{error} Use --reset-database to empty it first.") from None
    # How it was built, not a count: the figures follow once its governance is added (one line, below).
    click.echo(
        f"Demo dialogue '{summary.slug}' built in {time.monotonic() - started:.1f} s: "
        f"{sum(summary.participants)} simulated participants ({summary.participants[0]} + "
        f"{summary.participants[1]}) voting on {summary.statements} hand-written statements."
    )
    click.echo(
        "Its votes are public one by one, so that the opinion map and the open data show everything; "
        "new dialogues publish only vote totals, in batches, unless their co-chairs choose otherwise."
    )
    click.echo("  demo: analysing the votes...", err=True)
    from parley.analysis.tasks import analyse_now

    analyse_now(summary.dialogue_id)
    click.echo("  demo: joint statement, moderation, co-signing the record and exporting its bundle...", err=True)
    from parley.demo.build import seal_demo
    from parley.paths import data_dir as demo_data_dir

    bundle, _report = seal_demo(summary.dialogue_id, demo_data_dir() / "demo")
    from parley.dialogues.figures import figures_for
    from parley.dialogues.models import Dialogue
    from parley.record.figures import describe

    built = Dialogue.objects.get(pk=summary.dialogue_id)
    # With the co-chairs, translators, moderation and re-votes the demo's governance added, as every
    # page, the API and the bundle count them (docs/figures.md).
    click.echo(f"The demo dialogue now: {describe(figures_for([built])[built.pk])}.")
    click.echo(f"The demo's open-data bundle: {bundle} (verified; check it with {typed(f'verify {bundle}')}).")
    click.echo("Log in as a co-chair:")
    for login in summary.logins:
        click.echo(f"  side {login['side']}: username {login['username']}  password {login['password']}")
    click.echo("The translators' return links (each side's co-chair appointed one; the queue is under Translations):")
    for translator in summary.translators:
        link = f"http://{host}:{port}/d/{summary.slug}/r/{translator['return_token']}/"
        click.echo(f"  side {translator['side']}: {translator['handle']}  {link}")
    click.echo("Try voting as a participant: open your side's invitation link and choose a pseudonym:")
    for invite in summary.participant_invites:
        click.echo(f"  side {invite['side']}: http://{host}:{port}/join/{invite['token']}/")
    if not no_serve:
        # The demo runs its own worker, so that new votes are analysed while you try it.
        worker_process = subprocess.Popen(
            [sys.executable, "-m", "parley.cli", "worker"], env={**os.environ, "DATABASE_URL": database_url}
        )
        try:
            _serve(host, port, workers)
        finally:
            worker_process.terminate()
            worker_process.wait(timeout=30)


@click.command()
@click.option("--batch", is_flag=True, help="Run the queued tasks, then exit.")
def worker(batch: bool) -> None:
    """Run background tasks (analysis runs, translations, checkpoints), and once a minute carry out what
    falls due with time: proposals that expire, holds that return after 48 hours, batches of votes
    that reached their size."""
    setup._setup()
    setup._migrate()
    from django.core.management import call_command

    if batch:
        _settle()
    else:
        threading.Thread(target=_settle_every_minute, name="parley-settle", daemon=True).start()
    call_command("db_worker", batch=batch, startup_delay=not batch, verbosity=1)


def _settle() -> None:
    from parley.dialogues.tallies import seal_due_batches
    from parley.joint.votes import seal_due_joint_batches
    from parley.notifications.delivery import send_due
    from parley.proposals.actions import settle_everything

    settle_everything()
    seal_due_batches()
    seal_due_joint_batches()
    send_due()  # reminders that fell due with time, and webhook deliveries due a retry


def _settle_every_minute() -> None:
    from django.db import connection

    while True:
        try:
            _settle()
        except Exception:
            logging.getLogger("parley.worker").exception("settling due proposals and holds failed")
        finally:
            connection.close()
        time.sleep(60)
