"""The figures (`parley.record.figures`) as the bundle states them: README sections and summary rows."""

from __future__ import annotations

import json
from collections.abc import Mapping

from parley.record import figures_texts
from parley.record.figures import Figures
from parley.record.state import DialogueState

# What summary.csv holds since the figures (the line above is what bundles before them say).
FIGURES_SUMMARY = (
    "Key and value rows: topic, dialogue, settings, sides, and the figures of the Figures section above "
    "in total and per side (`comments` is every statement, `comments-visible`, `-on-hold` and `-removed` "
    "split them; `current-votes`; `votes` is the votes cast, of which `votes-totals-only` were cast unnamed before "
    "batches; `voters` is empty where only vote totals are public)."
)


def figures_lines(figures: Figures, language: str, side_names: list[str]) -> list[str]:
    """The README's figures section in LANGUAGE: each figure, per side (named SIDE_NAMES), and its definition."""

    def shown(value: int | None) -> str:
        return figures_texts.text(language, "not_published")[0] if value is None else str(value)

    def per_side(field: str) -> str:
        values = [getattr(side, field) for side in figures.sides]
        return ", ".join(f"{name} {shown(v)}" for name, v in zip(side_names, values, strict=True))

    lines = [figures_texts.text(language, "heading")[0], ""]
    for key in ("participants", "voters", "current_votes", "votes_cast"):
        name, definition = figures_texts.text(language, key)
        lines.append(f"- {name}: {shown(getattr(figures, key))} ({per_side(key)}). {definition}")
    name, definition = figures_texts.text(language, "statements")
    parts = ", ".join(
        f"{figures_texts.text(language, part)[0]}: {count}"
        for part, count in (
            ("visible", figures.statements_visible),
            ("on_hold", figures.statements_on_hold),
            ("removed", figures.statements_removed),
        )
    )
    lines.insert(4, f"- {name}: {figures.statements} ({parts}). {definition}")
    return [*lines, ""]


def pick(texts: Mapping[str, str], languages: list[str]) -> str:
    """The first of TEXTS in LANGUAGES' order (then any), or ''."""
    for code in [*languages, *sorted(texts)]:
        if texts.get(code):
            return texts[code]
    return ""


def setting_rows(state: DialogueState) -> list[list[object]]:
    """summary.csv's first rows, in every form of it: the dialogue's title, settings and entry count."""
    return [
        ["topic", pick(state.title, state.languages)],
        ["dialogue", state.slug],
        ["conversation-description", pick(state.description, state.languages)],
        ["languages", " ".join(state.languages)],
        ["status", state.status],
        ["vote-visibility", state.vote_visibility],
        ["entries", state.entries],
    ]


def figure_rows(state: DialogueState, analysis_json: str | None, figures: Figures) -> list[list[object]]:
    """summary.csv's rows: settings, then the figures in total and per side (`parley.record.figures`)."""

    def shown(value: int | None) -> object:
        return "" if value is None else value

    rows: list[list[object]] = [
        *setting_rows(state),
        ["participants", figures.participants],
        ["voters", shown(figures.voters)],
        ["commenters", len({s.author for s in state.statements.values() if s.author is not None})],
        ["comments", figures.statements],
        ["comments-visible", figures.statements_visible],
        ["comments-on-hold", figures.statements_on_hold],
        ["comments-removed", figures.statements_removed],
        ["current-votes", figures.current_votes],
        ["votes", figures.votes_cast],
        ["votes-totals-only", len(state.hidden_votes)],
    ]
    if state.batches:
        rows += [
            ["vote-batches", len(state.batches)],
            ["votes-batched", sum(sum(c["votes"] for c in b.sides.values()) for b in state.batches)],
        ]
    for side, counts in zip(state.sides, figures.sides, strict=True):
        key = f"side-{side.position}"
        rows += [
            [key, side.label],
            [f"{key}-participants", counts.participants],
            [f"{key}-voters", shown(counts.voters)],
            [f"{key}-comments", sum(s.side == side.label for s in state.statements.values())],
            [f"{key}-current-votes", counts.current_votes],
            [f"{key}-votes", counts.votes_cast],
            [f"{key}-votes-totals-only", sum(v.side == side.label for v in state.hidden_votes)],
        ]
    if analysis_json is not None:
        rows.append(["groups", json.loads(analysis_json)["meta"]["opinion_map"]["groups"]])
    return rows
