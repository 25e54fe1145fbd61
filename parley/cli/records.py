"""A dialogue's record in and out of the database: `export`, `import-polis`."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from parley.cli import setup
from parley.cli.setup import typed


@click.command()
@click.argument("dialogue")
@click.argument("out", type=click.Path(dir_okay=False, path_type=Path))
def export(dialogue: str, out: Path) -> None:
    """Write DIALOGUE's open-data bundle (a .zip): record, checkpoints, analysis, Pol.is CSVs, README."""
    setup._setup()
    setup._migrate()
    from parley.checkpoints.actions import do_checkpoint_if_needed
    from parley.dialogues.models import Dialogue
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


@click.command("import-polis")
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
    setup._setup()
    setup._migrate()
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
