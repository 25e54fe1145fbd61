"""The `parley` command, run as a newcomer would run it: in its own process, on its own data."""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from click.testing import CliRunner

from parley.cli import main

ROOT = Path(__file__).resolve().parents[1]


def run_parley(
    *args: str, data_dir: Path, input: str | None = None, database_url: str | None = None, timeout: int = 240
) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE")}
    env["PARLEY_DATA_DIR"] = str(data_dir)
    if database_url:
        env["DATABASE_URL"] = database_url
    return subprocess.run(
        [sys.executable, "-m", "parley.cli", *args],
        cwd=ROOT,
        env=env,
        input=input,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


@pytest.mark.parametrize("command", sorted(main.commands))
def test_every_command_has_help(command):
    result = CliRunner().invoke(main, [command, "--help"])
    assert result.exit_code == 0, result.output
    assert "Usage:" in result.output and len(result.output.splitlines()) > 3


def test_an_empty_installation_lists_no_dialogues_and_says_what_to_do(tmp_path):
    result = run_parley("dialogues", data_dir=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "No dialogues yet" in result.stdout
    assert (tmp_path / "parley.sqlite3").exists()


def test_createadmin_makes_an_account_and_refuses_a_weak_password(db, monkeypatch):
    """In this process (click's CliRunner), on the test database, which is migrated already."""
    from parley.cli import setup

    monkeypatch.setattr(setup, "_migrate", lambda: None)
    monkeypatch.delenv("PARLEY_USE_DEMO_DATABASE", raising=False)
    weak = CliRunner().invoke(main, ["createadmin", "--username", "admin", "--password", "123"])
    assert weak.exit_code == 1 and "too short" in weak.stderr and "Traceback" not in weak.output
    assert weak.exception is None or isinstance(weak.exception, SystemExit)
    good = CliRunner().invoke(main, ["createadmin", "--username", "admin"], input="a good long passphrase\n" * 2)
    assert good.exit_code == 0, good.output
    assert "Created the administrator account admin" in good.stdout


@pytest.mark.slow
def test_the_demo_builds_a_two_sided_dialogue_that_the_listing_shows(tmp_path):
    """On SQLite by default; on the CI's PostgreSQL server (a database of its own) when DATABASE_URL is set."""
    database_url = os.environ.get("DATABASE_URL")
    if database_url:
        result = run_parley("demo", "--no-serve", "--reset-database", data_dir=tmp_path, database_url=database_url)
    else:
        result = run_parley("demo", "--no-serve", data_dir=tmp_path)
        database_url = f"sqlite:///{tmp_path / 'demo.sqlite3'}"
    assert result.returncode == 0, result.stderr
    assert "300 simulated participants (180 + 120)" in result.stdout
    assert "username aynur" in result.stdout and "username gayane" in result.stdout
    # A newcomer can try voting: an invitation link per side, which nobody simulated has used.
    for side in ("AZ", "AM"):
        assert re.search(rf"side {side}: http://127\.0\.0\.1:\d+/join/\S+/", result.stdout), side
    listing = run_parley("dialogues", data_dir=tmp_path, database_url=database_url)
    # The demo ships a co-signed record whose bundle verifies, and whose Pol.is CSVs give the same
    # analysis in the engine as the one the record published.
    bundle = tmp_path / "demo" / "demo-bundle.zip"
    # `parley verify` needs no database: it runs in this process.
    verified = CliRunner().invoke(main, ["verify", str(bundle)])
    assert verified.exit_code == 0, verified.output
    assert "signed by server, cochair-az, cochair-am" in verified.stdout
    import zipfile

    from parley.engine import analyze, read_folder, read_sides

    with zipfile.ZipFile(bundle) as archive:
        archive.extractall(tmp_path / "open-data")
    data = read_folder(tmp_path / "open-data")
    again = analyze(
        data.votes,
        sides=read_sides(tmp_path / "open-data" / "sides.csv"),
        # The published analysis names statements by id only.
        texts=dict.fromkeys(data.texts, ""),
        moderated_out=data.moderated_out,
        meta=data.meta,
    )
    assert again.to_json(timings=False) == (tmp_path / "open-data" / "analysis.json").read_text(encoding="utf-8")
    # The removed statement's phone number was withdrawn from the record by both sides.
    assert "withdrawn by entry" in verified.stdout
    for name in zipfile.ZipFile(bundle).namelist():
        assert b"+994 50 000 00 00" not in (tmp_path / "open-data" / name).read_bytes(), name
    assert "practical-cooperation\topen" in listing.stdout
    assert "AZ (Azerbaijani civil society) / AM (Armenian civil society)" in listing.stdout
    assert_the_demo_shows_the_translation_path(result.stdout, tmp_path / "open-data")
    assert_one_set_of_figures(result.stdout, listing.stdout, tmp_path, database_url)


def assert_one_set_of_figures(output: str, listing: str, tmp_path: Path, database_url: str) -> None:
    """The demo's own output, `parley dialogues`, every README and summary of its bundle, its pages and
    its API state the same figures (as of its published analysis too, since no vote came after it)."""
    from parley.testing import figures as read

    printed = read.from_description(next(line for line in output.splitlines() if "The demo dialogue now:" in line))
    assert printed == read.from_description(
        next(line for line in listing.splitlines() if "practical-cooperation" in line)
    )
    folder = tmp_path / "open-data"
    readme = read.from_readme((folder / "README.md").read_text(encoding="utf-8"), "en")
    assert read.from_normal(readme) == printed
    assert read.from_normal(read.from_summary((folder / "summary.csv").read_bytes(), 2)) == printed
    for code in ("az", "hy", "ru"):
        assert read.from_readme((folder / f"README.{code}.md").read_text(encoding="utf-8"), code) == readme, code
        assert read.from_summary((folder / f"summary.{code}.csv").read_bytes(), 2) == readme, code
    script = (
        "import json, django; django.setup(); from parley.testing.figures import on_the_pages; "
        "print(json.dumps(on_the_pages('practical-cooperation')))"
    )
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE")}
    env.update(DATABASE_URL=database_url, PARLEY_DATA_DIR=str(tmp_path), DJANGO_SETTINGS_MODULE="parley.settings")
    pages = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120, check=True
    )
    found = json.loads(pages.stdout)
    assert "results page, as of the analysis" in found
    for place, figures in found.items():
        as_tuples = {
            key: tuple(tuple(v) if isinstance(v, list) else v for v in value) for key, value in figures.items()
        }
        assert as_tuples == readme, place


def assert_the_demo_shows_the_translation_path(output: str, folder: Path) -> None:
    """Each side's translator is printed with their return link, and the bundle carries an Armenian
    participant's statement machine-translated (the labelled demo backend), corrected by side AM's
    translator and reviewed by side AZ's, and the machine's renderings of statements nobody translated."""
    import csv

    from parley.demo.translation import ARMENIAN, CORRECTED

    assert re.search(r"side AZ: Lala  http://127\.0\.0\.1:\d+/d/practical-cooperation/r/\S+/", output)
    assert re.search(r"side AM: Anahit  http://127\.0\.0\.1:\d+/d/practical-cooperation/r/\S+/", output)
    with (folder / "translations.csv").open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    with (folder / "comments.csv").open(encoding="utf-8") as f:
        comments = {row["comment-body"]: row["comment-id"] for row in csv.DictReader(f)}
    armenian = {r["language"]: r for r in rows if r["comment-id"] == comments[ARMENIAN]}
    assert (armenian["az"]["provenance"], armenian["az"]["status"], armenian["az"]["side"]) == (
        "human",
        "reviewed",
        "AM",
    )
    assert armenian["az"]["text"] == CORRECTED["az"] and armenian["az"]["version"] == "2"
    assert (armenian["ru"]["status"], armenian["en"]["status"], armenian["en"]["backend"]) == (
        "proposed",
        "machine",
        "demo",
    )
    assert armenian["en"]["text"].startswith("[demo machine translation hy→en] ")
    statuses = {(r["provenance"], r["status"]) for r in rows}
    assert {("machine", "machine"), ("machine", "disputed"), ("author", "proposed")} <= statuses


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_serve_applies_migrations_and_serves_pages(tmp_path):
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE")}
    env.update(PARLEY_DATA_DIR=str(tmp_path), PARLEY_PORT=str(port), PARLEY_WORKERS="1")
    server = subprocess.Popen(
        [sys.executable, "-m", "parley.cli", "serve"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2) as response:
                    body = response.read().decode()
                    break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise
                time.sleep(0.3)
        assert '<html lang="en"' in body and "Parley" in body
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/static/parley/parley.css", timeout=2) as css:
            assert css.status == 200
    finally:
        server.terminate()
        server.wait(timeout=20)
