"""The `parley` command."""

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

from parley.engine.cli import analyze
from parley.record.cli import verify
from parley.record.tools_cli import keys_group, sign, witness
from parley.translations.cli import CHECK_SENTENCES

DEFAULT_PORT = 8000


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


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
def main() -> None:
    """Parley: direct dialogue between two communities.

    Data lives in DATABASE_URL (sqlite:///... or postgres://...) or, without it,
    in a SQLite file under PARLEY_DATA_DIR (default: ./data).
    """


@main.command()
@_port_option
def serve(port: int, host: str, workers: int) -> None:
    """Apply database migrations, then serve Parley."""
    _setup()
    _migrate()
    _serve(host, port, workers)


@main.command()
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
    _setup(database_url)
    from django.core.management import call_command

    if os.environ.get("DATABASE_URL") and reset_database:
        call_command("flush", interactive=False, verbosity=0)
    _migrate()
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


@main.command()
def dialogues() -> None:
    """List the dialogues: slug, title, sides and counts."""
    _setup()
    _migrate()
    from parley.dialogues.figures import figures_for
    from parley.dialogues.models import Dialogue
    from parley.record.figures import describe

    rows = list(Dialogue.objects.prefetch_related("sides").order_by("slug"))
    if not rows:
        click.echo(f"No dialogues yet. Create one in the web interface, or run {typed('demo')}.")
        return
    figures = figures_for(rows)
    for d in rows:
        sides = " / ".join(f"{s.label} ({s.name_text('en')})" for s in d.ordered_sides())
        click.echo(f"{d.slug}\t{d.status}\t{d.title_text('en')}\t{sides}\t{describe(figures[d.pk])}")
    click.echo("The figures are defined in docs/figures.md.")


@main.command()
@click.option("--batch", is_flag=True, help="Run the queued tasks, then exit.")
def worker(batch: bool) -> None:
    """Run background tasks (analysis runs, translations, checkpoints), and once a minute carry out what
    falls due with time: proposals that expire, holds that return after 48 hours, batches of votes
    that reached their size."""
    _setup()
    _migrate()
    from django.core.management import call_command

    if batch:
        _settle()
    else:
        threading.Thread(target=_settle_every_minute, name="parley-settle", daemon=True).start()
    call_command("db_worker", batch=batch, startup_delay=not batch, verbosity=1)


def _settle() -> None:
    from parley.dialogues.tallies import seal_due_batches
    from parley.governance.actions import settle_everything
    from parley.joint.votes import seal_due_joint_batches

    settle_everything()
    seal_due_batches()
    seal_due_joint_batches()


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


@main.command()
@click.option("--check", is_flag=True, help="Translate a fixed sentence with the configured backend.")
@click.option("--source", type=click.Choice(sorted(CHECK_SENTENCES)), default="az", show_default=True)
@click.option("--target", type=click.Choice(sorted(CHECK_SENTENCES)), default="hy", show_default=True)
def translate(check: bool, source: str, target: str) -> None:
    """Machine translation: --check translates a fixed sentence with the configured backend
    (PARLEY_TRANSLATION_BACKEND) and prints the backend, its model and the result; exit 1 if it fails."""
    if not check:
        raise click.UsageError(f"Say what to do: {typed('translate --check')}.")
    if source == target:
        raise click.UsageError("--source and --target must differ.")
    _setup()
    from parley.translations.cli import check as check_translation

    sys.exit(check_translation(source, target))


@main.command()
@click.option("--username", prompt=True, help="The account's username.")
@click.option("--password", prompt=True, hide_input=True, confirmation_prompt=True, help="At least 10 characters.")
def createadmin(username: str, password: str) -> None:
    """Create the site administrator's account.

    The administrator creates empty dialogues with an invitation for each side's first co-chair,
    and has no power inside any dialogue.
    """
    _setup()
    _migrate()
    from parley.dialogues.access import ActionError
    from parley.dialogues.actions import do_create_account

    try:
        user = do_create_account(username, password, superuser=True)
    except ActionError as error:
        raise click.ClickException(error.message) from None
    click.echo(f"Created the administrator account {user.username}. Log in at /accounts/login/.")


@main.command()
@click.argument("dialogue")
@click.argument("out", type=click.Path(dir_okay=False, path_type=Path))
def export(dialogue: str, out: Path) -> None:
    """Write DIALOGUE's open-data bundle (a .zip): record, checkpoints, analysis, Pol.is CSVs, README."""
    _setup()
    _migrate()
    from parley.dialogues.models import Dialogue
    from parley.publicrecord.actions import do_checkpoint_if_needed
    from parley.publicrecord.export import export_bundle

    found = Dialogue.objects.filter(slug=dialogue).first()
    if found is None:
        raise click.ClickException(f"There is no dialogue '{dialogue}'. {typed('dialogues')} lists them.")
    if found.status == Dialogue.Status.DRAFT:
        raise click.ClickException(f"'{dialogue}' is a draft: only open and closed dialogues are published.")
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_suffix(out.suffix + ".part")
    made = do_checkpoint_if_needed(found.pk)  # export_bundle would make it too; here we can say so
    n = export_bundle(found, tmp)
    tmp.replace(out)  # a reader never sees half a bundle
    if made is not None:
        click.echo(
            f"Made a server-signed checkpoint of {made.tree_size} entries; "
            "the co-chairs co-sign it on the dialogue's Signing page."
        )
    from parley.dialogues.figures import dialogue_figures
    from parley.record.figures import describe

    click.echo(f"Wrote {out}: {n} record entries. Check it anywhere with {typed(f'verify {out}')}.")
    click.echo(f"Its figures (README.md, summary.csv): {describe(dialogue_figures(found))}.")


@main.command("import-polis")
@click.argument("folder", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option(
    "--sides",
    "sides_file",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="CSV participant,side naming each voter's side (two sides); without it, one side holds everyone.",
)
@click.option("--title", help="The dialogue's title (default: the export's topic, or the folder's name).")
@click.option("--slug", default="", help="The dialogue's address (default: from the title).")
@click.option("--language", default="en", show_default=True, help="Language of the statements (az, hy, ru, en).")
def import_polis(folder: Path, sides_file: Path | None, title: str | None, slug: str, language: str) -> None:
    """Load a Pol.is export folder as a new, closed dialogue with its full vote history and record."""
    from parley.engine import EngineInputError, read_folder, read_sides

    # Unusable input exits 2 with `file:line: problem`, as `parley analyze` does, before the
    # database is touched.
    try:
        dataset = read_folder(folder)
        sides = read_sides(sides_file) if sides_file else None
    except EngineInputError as error:
        click.echo(f"error: {error.describe()}", err=True)
        sys.exit(2)
    _setup()
    _migrate()
    from parley.dialogues.access import ActionError
    from parley.publicrecord.importer import do_import_polis

    if not title:
        title = _polis_topic(folder) or folder.name
    try:
        dialogue = do_import_polis(dataset, title=title, slug=slug, sides=sides, language=language)
    except ActionError as error:
        click.echo(f"error: {error.message}", err=True)
        sys.exit(2)
    click.echo(
        f"Imported '{dialogue.slug}': {len(dataset.votes)} votes. It is closed; its results and record are public."
    )


def _polis_topic(folder: Path) -> str:
    summary = folder / "summary.csv"
    if summary.exists():
        for line in summary.read_text(encoding="utf-8", errors="replace").splitlines():
            key, _sep, value = line.partition(",")
            if key == "topic":
                return value.strip().strip('"')
    return ""


@main.command(context_settings={"ignore_unknown_options": True, "allow_extra_args": True})
@click.argument("args", nargs=-1, type=click.UNPROCESSED)
def manage(args: tuple[str, ...]) -> None:
    """Run a Django management command, e.g. `parley manage migrate`."""
    _setup()
    from django.core.management import execute_from_command_line

    execute_from_command_line(["parley manage", *args])


main.add_command(analyze)
main.add_command(keys_group)
main.add_command(sign)
main.add_command(witness)
main.add_command(verify)

if __name__ == "__main__":
    sys.exit(main())
