"""Read a dialogue's figures back from every place that states them, in one comparable form.

The figures test (`parley/dialogues/tests/test_figures_everywhere.py`, and the demo's test) reads
them from the pages, the API, the bundle's files and the command line's output, and checks that
every place says the same.
"""

from __future__ import annotations

import csv
import io
import re
from typing import Any

from parley.record.figures import Figures
from parley.record.figures_texts import text

Normal = dict[str, tuple[Any, ...]]
_PER_SIDE = ("participants", "voters", "current_votes", "votes_cast")


def normal(figures: Figures) -> Normal:
    """FIGURES as (total, per side) for each figure, and statements as (total, visible, on hold, removed)."""
    out: Normal = {key: (getattr(figures, key), tuple(getattr(s, key) for s in figures.sides)) for key in _PER_SIDE}
    out["statements"] = (
        figures.statements,
        figures.statements_visible,
        figures.statements_on_hold,
        figures.statements_removed,
    )
    return out


def from_counts(counts: dict[str, Any]) -> Normal:
    """The figures from the API's `figures.counts` (`Figures.to_dict()`)."""
    return normal(Figures.from_dict(counts))


def from_html(html: str, n_sides: int) -> Normal:
    """The figures from the first `dialogues/_figures.html` list in HTML."""
    block = html.split('<dl class="figure-list">', 1)[1].split("</dl>", 1)[0]
    out: Normal = {}
    for key, body in re.findall(r'<div class="figure figure-(\w+)">(.*?)</div>', block, re.S):
        total_match = re.search(r'<strong><data value="(\d+)">', body)
        total = int(total_match[1]) if total_match else None
        if key == "statements":
            parts = dict(re.findall(r'<data class="part-(\w+)" value="(\d+)">', body))
            out[key] = (total, int(parts["visible"]), int(parts["on_hold"]), int(parts["removed"]))
            continue
        values = [int(v) for v in re.findall(r'<data class="side-value" value="(\d+)">', body)]
        out[key] = (total, tuple(values) if values else (None,) * n_sides)
    return out


def from_by_side_html(html: str, n_sides: int) -> Normal:
    """The figures from the first side-by-side `_figures.html` list (`by_side=True`) in HTML."""
    block = html.split('<ul class="figures-by-side">', 1)[1].split("</ul>", 1)[0]

    def values(kind: str, key: str) -> list[int | None]:
        found = re.findall(rf'<data class="by-{kind} by-{key}" value="(\d+)">', block)
        return [int(v) for v in found]

    out: Normal = {}
    for key in _PER_SIDE:
        per_side, total = values("side", key), values("total", key)
        out[key] = (total[0] if total else None, tuple(per_side) if per_side else (None,) * n_sides)
    parts = dict(re.findall(r'<data class="part-(\w+)" value="(\d+)">', block))
    out["statements"] = (values("total", "statements")[0], *(int(parts[k]) for k in ("visible", "on_hold", "removed")))
    return out


def from_compact_html(html: str) -> tuple[int, int, int]:
    """Participants, statements and current votes from a compact `_figures.html` line."""
    line = html.split('class="muted figures-line">', 1)[1].split("</p>", 1)[0]
    participants, statements, votes = (int(v) for v in re.findall(r'<data value="(\d+)">', line))
    return participants, statements, votes


def from_readme(readme: str, language: str) -> Normal:
    """The figures from a bundle README's figures section, in LANGUAGE."""
    unpublished = text(language, "not_published")[0]

    def number(value: str) -> int | None:
        return None if value == unpublished else int(value)

    out: Normal = {}
    for key in (*_PER_SIDE, "statements"):
        name = text(language, key)[0]
        found = re.search(rf"^- {re.escape(name)}: ([^(]+?) \((.*?)\)\. ", readme, re.M)
        assert found, f"{language}: no line for {key}"
        total = number(found[1])
        if key == "statements":
            values = [int(v) for v in re.findall(r": (\d+)", found[2])]
            out[key] = (total, *values)
        else:
            per_side = [
                number(part.rsplit(" ", 1)[1]) if not part.endswith(unpublished) else None
                for part in found[2].split(", ")
            ]
            out[key] = (total, tuple(per_side))
    return out


def from_summary(data: bytes, n_sides: int) -> Normal:
    """The figures from summary.csv (or a translated summary: its key is the first column, its value the last)."""
    rows = {row[0]: row[-1] for row in csv.reader(io.StringIO(data.decode("utf-8")))}

    def number(key: str) -> int | None:
        return None if rows[key] == "" else int(rows[key])

    keys = {"participants": "participants", "voters": "voters", "current_votes": "current-votes", "votes_cast": "votes"}
    out: Normal = {
        figure: (number(key), tuple(number(f"side-{i}-{key}") for i in range(n_sides))) for figure, key in keys.items()
    }
    out["statements"] = (
        number("comments"),
        number("comments-visible"),
        number("comments-on-hold"),
        number("comments-removed"),
    )
    return out


_DESCRIBED = re.compile(
    r"(\d+) participants \((.*?)\), (?:(\d+) voters|voters not published), (\d+) statements "
    r"\((\d+) visible, (\d+) on hold, (\d+) removed\), (\d+) current votes, (\d+) votes cast"
)


def from_description(line: str) -> tuple[int, ...]:
    """Participants, voters (-1 if not published), statements (total, visible, on hold, removed), current votes
    and votes cast from a line of `parley.record.figures.describe` (the command line's form)."""
    found = _DESCRIBED.search(line)
    assert found, line
    values = [int(v) if v is not None else -1 for i, v in enumerate(found.groups()) if i != 1]
    return tuple(values)


def described(figures: Figures) -> tuple[int, ...]:
    """What `from_description` reads from the description of FIGURES."""
    voters = -1 if figures.voters is None else figures.voters
    return (
        figures.participants,
        voters,
        figures.statements,
        figures.statements_visible,
        figures.statements_on_hold,
        figures.statements_removed,
        figures.current_votes,
        figures.votes_cast,
    )


def from_normal(figures: Normal) -> tuple[int, ...]:
    """What `from_description` reads, from figures in the comparable form."""
    voters = figures["voters"][0]
    return (
        figures["participants"][0],
        -1 if voters is None else voters,
        *figures["statements"],
        figures["current_votes"][0],
        figures["votes_cast"][0],
    )


def on_the_pages(slug: str, client: Any = None) -> dict[str, Normal]:
    """The figures the dialogue page, the results page (its counts, and its analysis's) and the APIs
    state for dialogue SLUG, read through CLIENT (default: a new test client)."""
    from django.test import Client
    from django.urls import reverse

    client = client or Client(HTTP_HOST="127.0.0.1")
    api = client.get(reverse("api:api_results", args=[slug])).json()
    n_sides = len(api["dialogue"]["sides"])
    page = client.get(reverse("dialogues:detail", args=[slug])).content.decode()
    results = client.get(reverse("dialogues:results", args=[slug])).content.decode()
    analysis = results.split('id="analysis"', 1)[1].split('id="results-table"', 1)[0]
    listed = next(d for d in client.get(reverse("api:api_dialogues")).json()["dialogues"] if d["slug"] == slug)
    found = {
        "dialogue page": from_html(page, n_sides),
        "results page": from_html(results.split('id="all-statements"', 1)[1], n_sides),
        "results API": from_counts(api["figures"]["counts"]),
        "dialogues API": from_counts(listed["figures"]["counts"]),
    }
    if "As of the analysis" in analysis:
        found["results page, as of the analysis"] = from_by_side_html(analysis, n_sides)
        found["results API, as of the analysis"] = from_counts(api["analysis"]["figures"]["counts"])
    return found
