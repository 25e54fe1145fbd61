"""Docs that cannot drift: every setting and every command is documented."""

from __future__ import annotations

import re
from pathlib import Path

from parley.cli import main

ROOT = Path(__file__).resolve().parents[1]


def environment_variables() -> set[str]:
    names = set()
    for path in [
        ROOT / "parley" / "settings.py",
        *ROOT.glob("parley/cli/*.py"),
        ROOT / "parley" / "paths.py",
        *ROOT.glob("tests/**/*.py"),
        *ROOT.glob("conftest.py"),
    ]:
        text = path.read_text(encoding="utf-8")
        names.update(re.findall(r'env_(?:str|bool|int|secret)\(\s*"([A-Z_]+)"', text))
        names.update(re.findall(r'environ(?:\.get|\.setdefault)?\(\s*"((?:PARLEY|DATABASE)_[A-Z_]+)"', text))
        names.update(re.findall(r'environ\["((?:PARLEY|DATABASE)_[A-Z_]+)"\]', text))
    return names


def test_the_scan_finds_the_settings():
    assert {"DATABASE_URL", "PARLEY_DATA_DIR", "PARLEY_SECRET_KEY", "PARLEY_PORT"} <= environment_variables()


def test_every_environment_variable_is_documented():
    doc = (ROOT / "docs" / "configuration.md").read_text(encoding="utf-8")
    missing = sorted(name for name in environment_variables() if f"`{name}`" not in doc)
    assert missing == []


def test_every_cli_command_is_documented_in_the_readme():
    """In the command table, as a newcomer types it from a clone (`./dev COMMAND`)."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    missing = sorted(name for name in main.commands if f"| `./dev {name}" not in readme)
    assert missing == []


def test_the_readme_quick_start_has_exactly_two_commands_and_ci_runs_the_second():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"^## Quick start.*?```\w*\n(.*?)```", readme, re.S | re.M)
    assert block, "README has no Quick start block"
    commands = [line for line in block.group(1).splitlines() if line.strip() and not line.startswith("#")]
    assert len(commands) == 2
    assert commands[1].strip() in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def test_the_analysis_docs_state_the_engines_own_rule_and_thresholds():
    from parley.engine.evidence import EvidenceRule

    rule = EvidenceRule()
    doc = (ROOT / "docs" / "analysis.md").read_text(encoding="utf-8")
    quoted = " ".join(line.removeprefix("> ").strip() for line in doc.splitlines() if line.startswith("> "))
    assert quoted == rule.text
    for name, value in rule.to_dict().items():
        if name not in ("prior", "text"):
            assert re.search(rf"\| `{name}`\s*\| {value}\s*\|", doc), name
