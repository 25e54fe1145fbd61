"""`parley analyze`: run the engine on a Pol.is export and print what it found."""

from __future__ import annotations

import importlib
import sys
import threading
from pathlib import Path
from typing import TYPE_CHECKING

import click

from parley.engine.errors import EngineInputError
from parley.engine.io import read_folder, read_sides
from parley.engine.report_texts import LANGUAGES

if TYPE_CHECKING:
    from parley.engine.analysis import Analysis


@click.command("analyze")
@click.argument("folder", type=click.Path(path_type=Path))
@click.option("--sides", "sides_file", type=click.Path(path_type=Path), help="CSV participant,side.")
@click.option("--json", "json_out", type=click.Path(path_type=Path), help="Write the analysis as JSON.")
@click.option("--html", "html_out", type=click.Path(path_type=Path), help="Write a self-contained report.")
@click.option(
    "--language",
    type=click.Choice(LANGUAGES),
    default="en",
    show_default=True,
    help="Language of the --html report.",
)
def analyze(folder: Path, sides_file: Path | None, json_out: Path | None, html_out: Path | None, language: str) -> None:
    """Analyse the Pol.is export (or Pol.is API JSON) in FOLDER."""
    # scipy and the analysis modules load (0.2-0.3 s, one core) while pyarrow reads the files.
    loading = threading.Thread(target=importlib.import_module, args=("parley.engine.analysis",), daemon=True)
    loading.start()
    try:
        dataset = read_folder(folder)
        sides = read_sides(sides_file) if sides_file is not None else None
        loading.join()
        from parley.engine.analysis import analyze as run_analysis

        result = run_analysis(
            dataset.votes,
            sides=sides,
            texts=dataset.texts,
            moderated_out=dataset.moderated_out,
            meta=dataset.meta,
            progress=_progress,
        )
        if json_out is not None:
            _write(json_out, result.to_json(indent=None) + "\n")
        if html_out is not None:
            from parley.engine.report import render_html

            _write(html_out, render_html(result, title=folder.name, language=language))
    except EngineInputError as error:
        loading.join()  # not exiting while a module loads
        click.echo(f"error: {error.describe()}", err=True)
        sys.exit(2)
    click.echo(summary(result))


def _write(path: Path, text: str) -> None:
    try:
        path.write_text(text, encoding="utf-8")
    except OSError as error:
        raise EngineInputError(f"cannot write: {error.strerror}", file=str(path)) from None


def _progress(stage: str, fraction: float) -> None:
    click.echo(f"[{fraction:4.0%}] {stage}", err=True)


def summary(result: Analysis, *, top: int = 5, width: int = 90) -> str:
    """Return a readable plain-text summary of an analysis."""
    opinion = result.opinion_map
    lines = [
        # The analysis's input, as `meta.input` counts it (docs/figures.md, "What analysis.json counts").
        f"Input: {len(result.participants)} participants with a vote, {len(result.statements)} statements "
        f"({int(result.moderated_out.sum())} moderated out), {result.matrix.n_votes} votes (each participant's "
        f"latest on each statement); {int(opinion.clustered.sum())} participants clustered.",
        "",
        f"Opinion groups: {opinion.n_groups}",
    ]
    for g, size in enumerate(opinion.group_sizes.tolist()):
        lines.append(f"  group {g}: {size} participants")
        for r in opinion.representatives[g][:3]:
            lines.append(f"    {r.direction:8} {r.p_success:4.0%}  {_text(result, r.statement, width)}")
    if result.sides is not None:
        names = result.sides.names
        counts = ", ".join(f"{name}: {int((result.sides.membership == s).sum())}" for s, name in enumerate(names))
        evidence = result.evidence
        assert evidence is not None
        rule = evidence.rule
        lines += [
            "",
            f"Sides ({counts})",
            "",
            f"Common ground (every side's {rule.credibility:.0%} lower bound of agreement >= "
            f"{rule.common_ground_lower:.0%}, {rule.min_votes_per_side}+ votes each):",
        ]
        lines += _listed(result, result.top_common_ground(top), "low", width)
        lines += [
            "",
            f"Divides (lower bound of the gap in agreement >= {round(100 * rule.divide_gap_lower)} points, "
            f"{rule.min_votes_per_side}+ votes each):",
        ]
        lines += _listed(result, result.top_divides(top), "gap", width)
        lines += ["", "Bridging (a majority of every opinion group within every side agrees):"]
        lines += _listed(result, result.top_bridging(top), "", width)
        early = evidence.too_early(result.ranked)
        if early:
            needs = ", ".join(f"{name} {n}" for name, n in evidence.fewest_needed(result.ranked).items())
            noun = "statement" if early == 1 else "statements"
            lines += ["", f"Too early to tell: {early} {noun} (votes still needed on the closest one: {needs})."]
        if result.bridging.side_correlation is not None:
            lines += [
                "",
                f"Bridging polarity vs declared sides: |r| = {result.bridging.side_correlation:.2f}",
            ]
    else:
        lines += ["", "Consensus (whole population):"]
        for direction, chosen in opinion.consensus.items():
            for s in chosen:
                lines.append(f"  {direction:8} {s.p_success:4.0%}  {_text(result, s.statement, width)}")
    return "\n".join(lines)


def _listed(result: Analysis, statements: list[int], key: str, width: int) -> list[str]:
    assert result.evidence is not None
    if not statements:
        return ["  (none)"]
    lines = []
    for c in statements:
        bound = ""
        if key == "low":
            bound = f"low={result.evidence.weaker_lower[c]:4.0%}  "
        elif key == "gap":
            bound = f"gap>={100 * result.evidence.gap_lower[c]:3.0f}  "
        lines.append(f"  {bound}{_per_side(result, c)}  {_text(result, c, width)}")
    return lines


def _per_side(result: Analysis, c: int) -> str:
    assert result.sides is not None
    parts = []
    for s, name in enumerate(result.sides.names):
        seen = result.sides.seen[s, c]
        share = result.sides.agree[s, c] / seen if seen else 0.0
        parts.append(f"{name} {share:4.0%} of {int(seen)}")
    return " / ".join(parts)


def _text(result: Analysis, c: int, width: int) -> str:
    text = " ".join(result.texts[c].split()) or "(no text)"
    if len(text) > width:
        text = text[: width - 1] + "…"
    return f"[{result.statements[c]}] {text}"
