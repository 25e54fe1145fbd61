"""The open-data files a record implies: Pol.is-format CSVs, a sides file and a README.

Existing Pol.is tools and `parley analyze` read these files; the verifier rebuilds them from the
record and compares bytes, so they cannot say anything the record does not.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from datetime import UTC, datetime, timedelta

from parley.record import opendata_texts
from parley.record.figures import Figures, from_state
from parley.record.opendata_figures import FIGURES_SUMMARY, figure_rows, figures_lines, setting_rows
from parley.record.opendata_texts import is_translated_file, translated_files, translated_languages
from parley.record.replay import DialogueState, Statement, parse_time

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_SIDE_KEY = re.compile(r"side-(\d+)(?:-(participants|comments|votes-totals-only|voters|current-votes|votes))?")
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


def has_personal_votes(state: DialogueState) -> bool:
    """Tell whether the record publishes who voted how, so votes.csv and participants-votes.csv exist."""
    return bool(state.votes) or (not state.hidden_votes and not state.batches and state.vote_visibility == "individual")


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


def _translated_summary(state: DialogueState, code: str, rows: list[list[object]]) -> list[list[object]]:
    """summary.csv's rows with an explanation in CODE's language, texts and names in that language."""
    words = opendata_texts.SUMMARY[code]
    sides = {side.position: side for side in state.sides}
    figured = any(row[0] == "current-votes" for row in rows)
    out: list[list[object]] = [list(words["header"].split(","))]
    for key, value in rows:
        key = str(key)
        if key == "topic":
            value = state.title.get(code) or value
        elif key == "conversation-description":
            value = state.description.get(code) or value
        elif key in ("status", "vote-visibility"):
            value = words.get(str(value), value)
        side_row = _SIDE_KEY.fullmatch(key)
        if side_row and int(side_row[1]) in sides:
            side = sides[int(side_row[1])]
            label = words["side" + (f"-{side_row[2]}" if side_row[2] else "")].format(
                name=side.name.get(code) or side.label
            )
        elif key == "votes" and figured:
            label = words["votes-cast"]  # since the figures, `votes` is the figure "votes cast"
        else:
            label = words.get(key, key)
        out.append([key, label, value])
    return out


def translated_readme(state: DialogueState, code: str, names: list[str], figures: Figures | None = None) -> bytes:
    """The README in CODE's language, listing the files NAMES (with FIGURES; without them, as before them)."""
    words = opendata_texts.README[code]
    language_names = opendata_texts.LANGUAGE_NAMES[code]

    def describe(name: str) -> str:
        if name == f"README.{code}.md":
            return words["this_file"]
        if is_translated_file(name):
            kind, other = name.split(".")[:2]
            key = "translated_readme" if kind == "README" else "translated_summary"
            return words[key].format(language=language_names[other])
        return words[name]

    side_names = [side.name.get(code) or side.label for side in state.sides]
    if figures is None:
        counts = words["counts"].format(
            entries=state.entries,
            members=len(state.members),
            statements=len(state.statements),
            votes=len(state.votes),
            sides=", ".join(side_names),
        )
        figure_section = []
    else:
        counts = words["entries"].format(entries=state.entries, sides=", ".join(side_names))
        figure_section = figures_lines(figures, code, side_names)
    lines = [
        words["heading"].format(slug=state.slug),
        "",
        counts,
        "",
        *figure_section,
        words["files"],
        "",
        *(f"- `{name}`: {describe(name)}" for name in names),
        "",
    ]
    if state.batches:
        lines += [words["batches"].format(batches=len(state.batches)), ""]
    if not has_personal_votes(state):
        lines += [words["no_personal"], ""]
    elif state.hidden_votes:
        lines += [words["hidden"].format(hidden=len(state.hidden_votes)), ""]
    lines += [words["verifying"], "", words["verify"], ""]
    if state.sealed:
        lines += [words["sealed"], ""]
    if state.joints:
        lines += [words["joints"], ""]
    return "\n".join(lines).encode("utf-8")


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


_FILES = {
    "record.jsonl": (
        "The public record: one entry per line, each exactly the canonical JSON bytes that were hashed "
        "(sorted keys, no spaces, UTF-8 NFC), in sequence order starting at 0. An entry has `dialogue`, "
        "`seq`, `time` (UTC), `type`, `actor` (pseudonym, side and role, or null) and `payload`."
    ),
    "checkpoints.json": (
        "Signed tree heads: the record's size and RFC 9162 Merkle root at a moment, signed with Ed25519 "
        "by the server and co-signed by each side's co-chair (C2SP checkpoint body with a `time` line). "
        "Co-chairs' public keys are registered in the record (`key.registered` entries)."
    ),
    "analysis.json": (
        "The latest published analysis, exactly as the `analysis.published` entry's SHA-256 commits to it "
        "(`parley analyze` JSON without timings)."
    ),
    "votes.csv": (
        "Pol.is format: every public vote in record order, changed votes included; `timestamp` in "
        "milliseconds since 1970 UTC, `vote` 1 agree, -1 disagree, 0 pass; ids are member and statement ids."
    ),
    "comments.csv": (
        "Pol.is format: every statement with its author's member id, agree and disagree counts of the "
        "latest votes (empty where votes were cast while only totals were public), `moderated` 1 kept "
        "after moderation, -1 on hold or removed, 0 never moderated."
    ),
    "participants-votes.csv": (
        "Pol.is format: one row per member with their opinion group in the published analysis (empty "
        "if none), counts, and their latest vote on each statement (empty if none)."
    ),
    "translations.csv": (
        "Each statement's current translation per language, as the record's translation entries imply: "
        "`provenance` author (typed by the author), human (a translator of `side`, member `translator-id`) "
        "or machine (`backend`, `model`, `pivot` language if any); `status` proposed, reviewed (accepted by "
        "the other side's `reviewer-id`), disputed or machine; `version` counts its texts so far, `seq` is "
        "the entry of the current one. A withdrawn text is empty; earlier texts are in `record.jsonl`."
    ),
    "summary.csv": "Key and value rows: topic, dialogue, settings, sides and counts.",
    "sides.csv": "`participant,side` for every member: the `--sides` file of `parley analyze`.",
    "README.md": "This file.",
    "openings.jsonl": (
        "What opens the sealed values of the record: entries hold private values (statement texts and "
        'translations, pseudonyms, free-text reasons) as `{"commitment": SHA-256 hex}` of '
        "`parley-commitment-v1\\0`, a 16-byte salt and the value's canonical JSON. One canonical JSON line per "
        "sealed value, by `seq` and `path` (e.g. `payload/text`): its `value` and base64 `salt`, or, once "
        "both sides withdrew it, only `withdrawn`: the seq of the `text.withdrawn` entry that did."
    ),
    "joint_statements.json": (
        "Every finalised joint statement: `canonical`, the exact UTF-8 text both co-chairs sign (canonical "
        "JSON of all languages together, whose SHA-256 the `joint.finalised` entry records), and each "
        "co-chair's Ed25519 signature over exactly those bytes (no prefix) with their public key."
    ),
}


def readme(state: DialogueState, names: list[str], figures: Figures | None = None) -> bytes:
    """Return the README of a bundle holding the files NAMES (with FIGURES; without them, as before them)."""
    if figures is None:
        counts = (
            f"{state.entries} record entries, {len(state.members)} members, {len(state.statements)} statements, "
            f"{len(state.votes)} public votes. Sides: {', '.join(state.side_labels)}."
        )
        figure_section = []
    else:
        counts = f"{state.entries} record entries. Sides: {', '.join(state.side_labels)}."
        figure_section = figures_lines(figures, "en", state.side_labels)
    lines = [
        f"# Open data of the Parley dialogue `{state.slug}`",
        "",
        counts,
        "",
        *figure_section,
        "## Files",
        "",
        *(f"- `{name}`: {FIGURES_SUMMARY if name == 'summary.csv' and figures else _FILES[name]}" for name in names),
        "",
    ]
    if state.batches:
        lines += [
            f"Only vote totals are public. Votes are published in {len(state.batches)} sealed batches "
            "(`votes.tallied` entries): each gives per side how many voters and votes it holds, the "
            "cumulative totals of the latest votes per statement and side, and the sorted commitments to "
            "its votes, against which a voter checks their receipt (`parley verify BUNDLE --receipt FILE`). "
            "`comments.csv` shows the latest batch's totals.",
            "",
        ]
    if not has_personal_votes(state):
        lines += [
            "Only vote totals are public in this dialogue, so the record holds no one's individual votes "
            "and this bundle has no `votes.csv` or `participants-votes.csv`.",
            "",
        ]
    elif state.hidden_votes:
        lines += [
            f"{len(state.hidden_votes)} votes were cast while only totals were public: the record says "
            "which statement and side each concerned, not who cast it or how, so they are not in the CSVs.",
            "",
        ]
    lines += [
        "## Verifying",
        "",
        "Offline, with no database and no network: `parley verify BUNDLE.zip`. It checks that every entry",
        "is canonical and in sequence, that the Merkle root of the entries matches every checkpoint, that",
        "every signature verifies with the server's key or a co-chair's key registered in the record, that",
        "each CSV is exactly what the record implies, and that re-running the analysis on the record gives",
        "`analysis.json`. Save `checkpoints.json` (or one checkpoint from it) and pass it next time with",
        "`--checkpoint FILE`: the verifier then proves the new record extends the one you saw.",
        "",
        "Leaf hash: SHA-256(0x00 || entry bytes); node hash: SHA-256(0x01 || left || right) (RFC 9162).",
        "",
    ]
    if state.sealed:
        # Only records with sealed values say so: the README of an older bundle stays as it was written.
        lines += [
            "Sealed values: each must match its line in `openings.jsonl`, or have been withdrawn by a",
            "`text.withdrawn` entry that names it; the verifier reports withdrawn values as withdrawn, not as",
            "tampering, and fails on an opening that does not match, is missing, or opens nothing.",
            "",
        ]
    if state.joints:
        lines += [
            "Joint statements: the verifier checks that each text's SHA-256 is the one its `joint.finalised`",
            "entry records, that each signature verifies over exactly those bytes with a key that side's",
            "co-chair registered in the record (`key.registered`), and that a statement the record calls",
            "ratified carries valid signatures of both sides' co-chairs.",
            "",
        ]
    return "\n".join(lines).encode("utf-8")
