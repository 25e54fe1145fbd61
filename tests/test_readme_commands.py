"""Every command the README shows works as written after the Quick start, on the demo's database.

The command lines are read from the README itself, so that the README and this test move together."""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
from pathlib import Path

import click
import pytest
from click.testing import CliRunner
from django.contrib.auth import get_user_model
from django.db import connections
from django.test import Client

from parley import cli
from parley.testing.personas import build_world

ROOT = Path(__file__).resolve().parents[1]
PASSWORD = "a good long passphrase"
# What ./dev runs itself rather than through `parley`.
DEV_ONLY = {"demo", "test", "lint", "help"}
# They run until stopped (the demo's serving is tested in test_cli): only their --help is run here.
LONG_RUNNING = {"serve", "worker"}
# Documented exits other than 0: `translate --check` says why (exit 1) when no translation backend works.
ALLOWED_EXITS = {"translate": {0, 1}}


def readme_commands() -> list[str]:
    """Every `./dev ...` command line of the README: in code blocks, and in inline code."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    lines = []
    for block in re.findall(r"```\w*\n(.*?)```", readme, re.S):
        lines += [line.strip() for line in block.splitlines() if line.strip().startswith("./dev ")]
    text_only = re.sub(r"```\w*\n.*?```", "", readme, flags=re.S)
    lines += [code.strip() for code in re.findall(r"`([^`\n]*\./dev [^`\n]*)`", text_only)]
    return list(dict.fromkeys(lines))


def is_placeholder(word: str) -> bool:
    return word == "..." or re.fullmatch(r"[A-Z][A-Z_]*(\.[a-z]+)?", word) is not None


def command_path(args: list[str]) -> list[str]:
    """The command (and subcommand) ARGS start with, e.g. ["keys", "new"]."""
    command = cli.main.commands[args[0]]
    if isinstance(command, click.Group) and args[1:]:
        return args[:2]
    return args[:1]


def needs_arguments(path: list[str]) -> bool:
    command: click.Command = cli.main
    for name in path:
        assert isinstance(command, click.Group), path
        command = command.commands[name]
    return any(isinstance(p, click.Argument) and p.required for p in command.params)


def split(line: str) -> tuple[dict[str, str], list[str]]:
    """The environment a line sets, and the arguments after `./dev`."""
    words = shlex.split(line)
    env = {}
    while "=" in words[0]:
        name, _sep, value = words.pop(0).partition("=")
        env[name] = value
    assert words[0] == "./dev", line
    return env, words[1:]


def test_the_readme_shows_the_first_hours_commands():
    lines = readme_commands()
    assert "./dev createadmin --username admin" in lines
    assert "./dev export practical-cooperation data/practical-cooperation.zip" in lines
    assert not any(
        re.search(r"(?<![./\w])parley (serve|createadmin|dialogues|export|verify)\b", line) for line in lines
    )


def test_every_readme_command_runs_as_written_on_the_demos_database(db, tmp_path, monkeypatch):
    """Concrete command lines run as they are (in this process, on a dialogue at the demo's address);
    a line with placeholders (DIR, URL...) or a server checks that its command exists."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("PARLEY_USE_DEMO_DATABASE", raising=False)
    monkeypatch.setenv("PARLEY_INVOKED_AS", "./dev")
    monkeypatch.setattr(cli.setup, "_migrate", lambda: None)  # the test database is migrated
    # `./dev manage ...` ends as Django's commands do, closing the connections: not this test's.
    monkeypatch.setattr(connections, "close_all", lambda: None)
    build_world(slug="practical-cooperation")
    dev_script = (ROOT / "dev").read_text(encoding="utf-8")
    ran = []
    for line in readme_commands():
        env, args = split(line)
        if args[0] == "COMMAND":  # the README's description of ./dev itself
            continue
        if args[0] in DEV_ONLY:
            assert re.search(rf"^\s*(\w+\|)*{args[0]}[|)]", dev_script, re.M), f"./dev has no {args[0]}: {line}"
            continue
        path = command_path(args)
        concrete = not env and args[0] not in LONG_RUNNING and not any(is_placeholder(w) for w in args)
        if not concrete or (args == path and needs_arguments(path)):
            # A placeholder, a server, another database, or the command named in a sentence.
            result = CliRunner().invoke(cli.main, [*path, "--help"])
            assert result.exit_code == 0, f"{line}: {result.output}"
            continue
        stdin = None
        if args[0] == "createadmin":
            stdin = ("" if "--username" in args else "admin2\n") + f"{PASSWORD}\n" * 2
        result = CliRunner().invoke(cli.main, args, input=stdin)
        allowed = ALLOWED_EXITS.get(args[0], {0})
        assert result.exit_code in allowed, f"{line} exited {result.exit_code}: {result.output}"
        assert "Traceback" not in result.output, line
        ran.append((line, result.output))
    outputs = dict(ran)
    assert "practical-cooperation\topen" in outputs["./dev dialogues"]
    assert (
        "Wrote data/practical-cooperation.zip"
        in outputs["./dev export practical-cooperation data/practical-cooperation.zip"]
    )
    assert (tmp_path / "data" / "practical-cooperation.zip").exists()
    assert (
        "`./dev verify data/practical-cooperation.zip`"
        in outputs["./dev export practical-cooperation data/practical-cooperation.zip"]
    )
    # The administrator the README makes logs in where the README says.
    admin = get_user_model().objects.get(username="admin")
    assert admin.is_superuser and Client().login(username="admin", password=PASSWORD)


def test_dev_commands_use_the_demos_database_while_it_exists_and_say_so(tmp_path, monkeypatch):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.setenv("PARLEY_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("PARLEY_USE_DEMO_DATABASE", "1")
    assert cli.demo_database() is None  # no demo built yet: parley.sqlite3, as always
    (tmp_path / "demo.sqlite3").write_bytes(b"")
    assert cli.demo_database() == tmp_path / "demo.sqlite3"
    monkeypatch.setenv("DATABASE_URL", "sqlite:///elsewhere.sqlite3")
    assert cli.demo_database() is None  # an explicit database wins
    monkeypatch.delenv("DATABASE_URL")
    monkeypatch.setenv("PARLEY_USE_DEMO_DATABASE", "0")
    assert cli.demo_database() is None


def test_the_dev_script_runs_commands_on_the_demos_database(tmp_path):
    """./dev itself (in its own process): `./dev manage ...` reports the database it was given."""
    venv = ROOT / ".venv"
    if not (venv / "bin" / "parley").exists() or not shutil.which("bash"):
        pytest.skip("./dev has not installed Parley into .venv here")
    installed = (venv / ".installed").stat().st_mtime if (venv / ".installed").exists() else 0
    if any((ROOT / name).stat().st_mtime > installed for name in ("pyproject.toml", "setup.py")):
        pytest.skip("./dev would reinstall Parley first")
    (tmp_path / "demo.sqlite3").write_bytes(b"")
    unset = ("DATABASE_URL", "PARLEY_USE_DEMO_DATABASE", "PARLEY_INVOKED_AS")
    env = {k: v for k, v in os.environ.items() if k not in unset}
    env["PARLEY_DATA_DIR"] = str(tmp_path)
    show = "from django.conf import settings; print(settings.DATABASES['default']['NAME'])"
    result = subprocess.run(
        ["bash", str(ROOT / "dev"), "manage", "shell", "-c", show],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == str(tmp_path / "demo.sqlite3")
    assert "Using the demo's database" in result.stderr and "DATABASE_URL" in result.stderr


def test_commands_name_the_next_command_as_the_reader_types_it(db, monkeypatch):
    monkeypatch.setattr(cli.setup, "_migrate", lambda: None)
    monkeypatch.setenv("PARLEY_INVOKED_AS", "./dev")
    result = CliRunner().invoke(cli.main, ["export", "no-such-dialogue", "out.zip"])
    assert result.exit_code == 1 and "`./dev dialogues` lists them" in result.output
    monkeypatch.delenv("PARLEY_INVOKED_AS")
    result = CliRunner().invoke(cli.main, ["export", "no-such-dialogue", "out.zip"])
    assert "`parley dialogues` lists them" in result.output
