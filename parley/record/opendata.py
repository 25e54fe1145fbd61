"""The open-data files a record implies: Pol.is-format CSVs, a sides file and a README.

Existing Pol.is tools and `parley analyze` read these files; the verifier rebuilds them from the
record and compares bytes, so they cannot say anything the record does not.
"""

from __future__ import annotations

import csv
import io
import json
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from datetime import UTC, datetime, timedelta

from parley.record.figures import Figures, from_state
from parley.record.opendata_figures import figure_rows, setting_rows
from parley.record.opendata_readme import _translated_summary, has_personal_votes, readme, translated_readme

# is_translated_file is re-exported: readers import it from here.
from parley.record.opendata_texts import is_translated_file as is_translated_file
from parley.record.opendata_texts import translated_files, translated_languages
from parley.record.replay import DialogueState, Statement, parse_time

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
# English names written out: strftime's %a and %b follow the machine's locale.
_DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")

VOTES_HEADER = ("timestamp", "datetime", "comment-id", "voter-id", "vote")
COMMENTS_HEADER = (
    "timestamp",
    "datetime",
    "comment-id",
    "author-id",
    "agrees",
    "disagrees",
    "moderated",
    "comment-body",
)
TRANSLATIONS_HEADER = (
    "comment-id",
    "language",
    "provenance",
    "status",
    "side",
    "translator-id",
    "reviewer-id",
    "backend",
    "model",
    "pivot",
    "version",
    "seq",
    "datetime",
    "text",
)
PARTICIPANTS_HEADER = ("participant", "group-id", "n-comments", "n-votes", "n-agree", "n-disagree")


def derived_files(state: DialogueState, analysis_json: str | None, *, legacy: bool = False) -> dict[str, bytes]:
    """Return every file of a bundle that follows from STATE and the published analysis, by name.

    LEGACY: the READMEs and summaries as bundles made before the figures (`parley.record.figures`)
    wrote them, which the verifier still accepts.
    """
    groups = _groups(analysis_json)
    figures = None if legacy else from_state(state)
    files = {
        "comments.csv": _csv(COMMENTS_HEADER, _comment_rows(state)),
        "sides.csv": _csv(("participant", "side"), ([m.id, m.side] for m in _by_id(state.members))),
        "summary.csv": _csv(None, _summary_rows(state, analysis_json, figures)),
    }
    if has_personal_votes(state):
        files["votes.csv"] = _csv(
            VOTES_HEADER, ([_millis(v.time), _polis_date(v.time), v.statement, v.member, v.value] for v in state.votes)
        )
        files["participants-votes.csv"] = _participants_votes(state, groups)
    if state.translations.entries:
        # Only records with translation entries: the bundles of older records stay as they were.
        files["translations.csv"] = _csv(TRANSLATIONS_HEADER, _translation_rows(state))
    names = [*files, "README.md", "record.jsonl", "checkpoints.json"]
    if analysis_json is not None:
        names.append("analysis.json")
    if state.joints:
        names.append("joint_statements.json")
    if state.sealed:
        names.append("openings.jsonl")
    files["README.md"] = readme(state, sorted(names), figures)
    # The README and summary in each other language of the dialogue. README.md does not list them,
    # so that it stays byte for byte what bundles made before them hold.
    translated = translated_files(state.languages)
    summary_rows = _summary_rows(state, analysis_json, figures)
    for code in translated_languages(state.languages):
        files[f"summary.{code}.csv"] = _csv(None, _translated_summary(state, code, summary_rows))
        files[f"README.{code}.md"] = translated_readme(state, code, sorted([*names, *translated]), figures)
    return files


def _by_id(items: Mapping[int, object]) -> list:
    return [items[key] for key in sorted(items)]


def _csv(header: Iterable[str] | None, rows: Iterable[Iterable[object]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    if header is not None:
        writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


def _millis(time: str) -> int:
    return (parse_time(time) - _EPOCH) // timedelta(milliseconds=1)


def _polis_date(time: str) -> str:
    """Write TIME as Pol.is exports do (`Wed Jun 18 08:16:54 UTC 2014`), always in UTC."""
    moment = parse_time(time)
    return (
        f"{_DAYS[moment.weekday()]} {_MONTHS[moment.month - 1]} {moment.day:02d} "
        f"{moment.hour:02d}:{moment.minute:02d}:{moment.second:02d} UTC {moment.year}"
    )


def _moderated(statement: Statement) -> int:
    # The engine's reader leaves out exactly the statements marked -1.
    if not statement.moderated:
        return 0
    return 1 if statement.status == "visible" else -1


def _comment_rows(state: DialogueState) -> Iterable[list[object]]:
    agrees, disagrees = Counter[int](), Counter[int]()
    for vote in state.latest.values():
        if vote.value == 1:
            agrees[vote.statement] += 1
        elif vote.value == -1:
            disagrees[vote.statement] += 1
    hidden = {v.statement for v in state.hidden_votes}
    if state.batches:
        # Totals-only votes: the counts the latest sealed batch published, all sides together.
        agrees, disagrees = Counter[int](), Counter[int]()
        for statement, per_side in state.batches[-1].totals.items():
            agrees[int(statement)] = sum(c[0] for c in per_side.values())
            disagrees[int(statement)] = sum(c[1] for c in per_side.values())
    for s in _by_id(state.statements):
        # A statement that got votes while only totals were public has counts nobody can know.
        counts: list[object] = ["", ""] if s.id in hidden else [agrees[s.id], disagrees[s.id]]
        author = "" if s.author is None else s.author
        # A withdrawn text is None in the replay, and empty here.
        yield [_millis(s.time), _polis_date(s.time), s.id, author, *counts, _moderated(s), s.text or ""]


def _translation_rows(state: DialogueState) -> Iterable[list[object]]:
    """Every statement's current translation per language; a withdrawn text is empty."""
    for key in sorted(state.translations.current):
        t = state.translations.current[key]
        yield [
            t.statement,
            t.language,
            t.provenance,
            t.status,
            t.side,
            "" if t.translator is None else t.translator,
            "" if t.reviewer is None else t.reviewer,
            t.backend,
            t.model,
            t.pivot or "",
            t.version,
            t.seq,
            t.time,
            t.text or "",
        ]


def _participants_votes(state: DialogueState, groups: Mapping[str, object]) -> bytes:
    statement_ids = sorted(state.statements)
    authored = Counter(s.author for s in state.statements.values())
    latest: dict[int, dict[int, int]] = {}
    for (member, statement), vote in state.latest.items():
        latest.setdefault(member, {})[statement] = vote.value

    def rows() -> Iterator[list[object]]:
        # One row at a time: a list of every member's row is members x statements objects.
        for member in _by_id(state.members):
            mine = latest.get(member.id, {})
            values = list(mine.values())
            group = groups.get(str(member.id))
            yield [
                member.id,
                "" if group is None else group,
                authored[member.id],
                len(values),
                values.count(1),
                values.count(-1),
                *(mine.get(s, "") for s in statement_ids),
            ]

    return _csv((*PARTICIPANTS_HEADER, *map(str, statement_ids)), rows())


def _groups(analysis_json: str | None) -> dict[str, object]:
    if analysis_json is None:
        return {}
    participants = json.loads(analysis_json).get("participants", [])
    return {str(p["id"]): p.get("group") for p in participants}


def _summary_rows(state: DialogueState, analysis_json: str | None, figures: Figures | None) -> list[list[object]]:
    """The rows of summary.csv: with FIGURES, their counts (see `figure_rows`); without, as before them."""
    if figures is not None:
        return figure_rows(state, analysis_json, figures)
    rows: list[list[object]] = [
        *setting_rows(state),
        ["participants", len(state.members) + sum(state.unnamed.values())],
        ["voters", len({v.member for v in state.votes})],
        ["commenters", len({s.author for s in state.statements.values() if s.author is not None})],
        ["comments", len(state.statements)],
        ["votes", len(state.votes)],
        ["votes-totals-only", len(state.hidden_votes)],
    ]
    if state.batches:
        rows += [
            ["vote-batches", len(state.batches)],
            ["votes-batched", sum(sum(c["votes"] for c in b.sides.values()) for b in state.batches)],
        ]
    for side in state.sides:
        key = f"side-{side.position}"
        rows += [
            [key, side.label],
            [f"{key}-participants", state.members_per_side()[side.label]],
            [f"{key}-comments", sum(s.side == side.label for s in state.statements.values())],
            [f"{key}-votes-totals-only", sum(v.side == side.label for v in state.hidden_votes)],
        ]
    if analysis_json is not None:
        rows.append(["groups", json.loads(analysis_json)["meta"]["opinion_map"]["groups"]])
    return rows
