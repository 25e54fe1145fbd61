"""Administration: `createadmin`, `dialogues`, `translate`, `manage`."""

from __future__ import annotations

import sys

import click

from parley.cli import setup
from parley.cli.setup import typed
from parley.translations.cli import CHECK_SENTENCES


@click.command()
def dialogues() -> None:
    """List the dialogues: slug, title, sides and counts."""
    setup._setup()
    setup._migrate()
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


@click.command()
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
    setup._setup()
    from parley.translations.cli import check as check_translation

    sys.exit(check_translation(source, target))


@click.command()
@click.option("--username", prompt=True, help="The account's username.")
@click.option("--password", prompt=True, hide_input=True, confirmation_prompt=True, help="At least 10 characters.")
def createadmin(username: str, password: str) -> None:
    """Create the site administrator's account.

    The administrator creates empty dialogues with an invitation for each side's first co-chair,
    and has no power inside any dialogue.
    """
    setup._setup()
    setup._migrate()
    from parley.dialogues.access import ActionError
    from parley.dialogues.actions import do_create_account

    try:
        user = do_create_account(username, password, superuser=True)
    except ActionError as error:
        raise click.ClickException(error.message) from None
    click.echo(f"Created the administrator account {user.username}. Log in at /accounts/login/.")


@click.command(context_settings={"ignore_unknown_options": True, "allow_extra_args": True})
@click.argument("args", nargs=-1, type=click.UNPROCESSED)
def manage(args: tuple[str, ...]) -> None:
    """Run a Django management command, e.g. `parley manage migrate`."""
    setup._setup()
    from django.core.management import execute_from_command_line

    execute_from_command_line(["parley manage", *args])
