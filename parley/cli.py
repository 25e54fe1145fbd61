"""The `parley` command."""

from __future__ import annotations

import click

from parley.engine.cli import analyze


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
def main() -> None:
    """Parley: direct dialogue between two communities."""


main.add_command(analyze)
