"""The `parley` command: `main` here, one module per command group.

- `server`: serve, demo, worker;  `admin`: createadmin, dialogues, translate, manage;
- `records`: export, import-polis;  `verify`: verify;  `record_tools`: keys, sign, witness;
- `analyze`: the engine on a Pol.is export, without a database;  `setup`: Django set-up they share.
"""

from __future__ import annotations

import click

from parley.cli import admin, record_tools, records, server
from parley.cli import analyze as analyze_commands
from parley.cli import verify as verify_commands
from parley.cli.setup import _migrate, _setup, demo_database, typed

__all__ = ["_migrate", "_setup", "demo_database", "main", "typed"]


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
def main() -> None:
    """Parley: direct dialogue between two communities.

    Data lives in DATABASE_URL (sqlite:///... or postgres://...) or, without it,
    in a SQLite file under PARLEY_DATA_DIR (default: ./data).
    """


for command in (
    server.serve,
    server.demo,
    admin.dialogues,
    server.worker,
    admin.translate,
    admin.createadmin,
    records.export,
    records.import_polis,
    admin.manage,
    # The submodules stay reachable as `parley.cli.analyze`, `parley.cli.verify` (tests patch names in them).
    analyze_commands.analyze,
    record_tools.keys_group,
    record_tools.sign,
    record_tools.witness,
    verify_commands.verify,
):
    main.add_command(command)
