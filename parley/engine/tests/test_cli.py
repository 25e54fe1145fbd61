"""`parley analyze` prints a summary, writes JSON and HTML, and fails cleanly on bad input."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from parley.cli import main
from parley.engine.synthetic import two_sided


def write_export(folder: Path) -> Path:
    conversation = two_sided(120, 20, 1500, seed=2)
    votes = conversation.votes
    assert votes.timestamp is not None
    lines = ["timestamp,datetime,comment-id,voter-id,vote"] + [
        f"{t:.0f},,{s},{p},{v}"
        for p, s, v, t in zip(votes.participant, votes.statement, votes.value, votes.timestamp, strict=True)
    ]
    (folder / "votes.csv").write_text("\n".join(lines) + "\n")
    comments = ["comment-id,moderated,comment-body"] + [
        f"{s},{-1 if s == '19' else 1},Statement {s} about {kind}" for s, kind in conversation.kinds.items()
    ]
    (folder / "comments.csv").write_text("\n".join(comments) + "\n")
    sides = ["participant,side"] + [f"{p},{side}" for p, side in conversation.sides.items()]
    (folder / "sides.csv").write_text("\n".join(sides) + "\n")
    return folder


def test_analyze_prints_groups_common_ground_and_divides_with_texts(tmp_path):
    folder = write_export(tmp_path)
    result = CliRunner().invoke(main, ["analyze", str(folder), "--sides", str(folder / "sides.csv")])
    assert result.exit_code == 0, result.output
    assert "Opinion groups:" in result.stdout
    assert "Common ground (every side's 90% lower bound of agreement >= " in result.stdout
    assert "Divides (lower bound of the gap in agreement >= " in result.stdout
    assert "Bridging (a majority of every opinion group within every side agrees):" in result.stdout
    assert re.search(r"\[\d+\] Statement \d+ about", result.stdout)
    assert "[100%] done" in result.stderr


def test_analyze_writes_the_json_shape_and_a_report(tmp_path):
    folder = write_export(tmp_path)
    out, page = tmp_path / "out.json", tmp_path / "out.html"
    args = [
        "analyze",
        str(folder),
        "--sides",
        str(folder / "sides.csv"),
        "--json",
        str(out),
        "--html",
        str(page),
    ]
    assert CliRunner().invoke(main, args).exit_code == 0
    text = out.read_text()
    assert text.count("\n") == 1 and text.endswith("}\n")  # one line, by the compiled encoder
    data = json.loads(text)
    assert list(data) == ["consensus", "evidence", "groups", "meta", "participants", "statements"]
    assert set(data["participants"][0]) == {"id", "side", "group", "x", "y", "bridging_factor"}
    assert set(data["statements"][0]) == {
        "id",
        "text",
        "n_agree",
        "n_disagree",
        "n_pass",
        "per_side",
        "group_informed_consensus",
        "evidence",
        "bridging_intercept",
        "bridging_factor",
        "extremity",
        "x",
        "y",
    }
    assert "19" not in {s["id"] for s in data["statements"]}
    assert set(data["meta"]["seconds"]) >= {"matrix", "opinion_map", "bridging"}
    assert data["meta"]["loops"] in ("compiled", "numpy")
    assert "<svg" in page.read_text()


def test_bad_input_exits_with_code_2_and_one_line(tmp_path):
    (tmp_path / "votes.csv").write_text("timestamp,datetime,comment-id,voter-id,vote\n1,,1,7,9\n")
    result = CliRunner().invoke(main, ["analyze", str(tmp_path)])
    assert result.exit_code == 2
    assert (
        result.stderr.strip().splitlines()[-1] == f"error: {tmp_path / 'votes.csv'}:2: vote '9' is not one of -1, 0, 1"
    )
    assert "Traceback" not in result.output


def test_a_missing_folder_exits_with_code_2(tmp_path):
    result = CliRunner().invoke(main, ["analyze", str(tmp_path / "nowhere")])
    assert result.exit_code == 2
    assert "not a folder" in result.stderr


def test_a_young_dialogue_prints_that_it_is_too_early_and_the_votes_still_needed():
    from parley.cli.analyze import summary
    from parley.engine import analyze
    from parley.engine.synthetic import planted

    young = planted(40, ratio=5.0, coverage=0.15, seed=1)
    text = summary(analyze(young.votes, sides=young.sides))
    common = text.split("Common ground (")[1].split("Divides (")[0]
    assert common.rstrip().endswith("(none)")
    needed = r"Too early to tell: 60 statements \(votes still needed on the closest one: A \d+, B \d+\)\."
    assert re.search(needed, text)


def test_the_parley_command_starts_without_scipy_so_analyze_loads_it_while_reading():
    # `parley analyze` imports the analysis (scipy) on a second thread while pyarrow reads the
    # files; that only helps if starting the command has not imported it already.
    heavy = ("scipy.linalg", "scipy.sparse", "scipy.spatial", "scipy.special", "parley.engine.analysis")
    code = f"import sys, parley.cli; print(sorted(m for m in {heavy!r} if m in sys.modules))"
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert loaded.strip() == "[]"
