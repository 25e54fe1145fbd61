"""The READMEs of the open-data files (English and translated) and summary.csv's translated rows.

Split from `opendata.py`, which builds the files and calls these.
"""

from __future__ import annotations

import re

from parley.record import opendata_texts
from parley.record.entries import ANALYSIS_RUN_RECORDED, ANALYSIS_RUN_RECORDED_LEGACY
from parley.record.figures import Figures
from parley.record.opendata_figures import FIGURES_SUMMARY, figures_lines
from parley.record.opendata_texts import is_translated_file
from parley.record.replay import DialogueState

_SIDE_KEY = re.compile(r"side-(\d+)(?:-(participants|comments|votes-totals-only|voters|current-votes|votes))?")


def has_personal_votes(state: DialogueState) -> bool:
    """Tell whether the record publishes who voted how, so votes.csv and participants-votes.csv exist."""
    return bool(state.votes) or (not state.hidden_votes and not state.batches and state.vote_visibility == "individual")


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
        return _analysis_named(words[name], name, state)

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

    def described(name: str) -> str:
        return _analysis_named(_FILES[name], name, state)

    lines = [
        f"# Open data of the Parley dialogue `{state.slug}`",
        "",
        counts,
        "",
        *figure_section,
        "## Files",
        "",
        *(f"- `{name}`: {FIGURES_SUMMARY if name == 'summary.csv' and figures else described(name)}" for name in names),
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


def _analysis_named(text: str, name: str, state: DialogueState) -> str:
    """TEXT (describing file NAME) naming the analysis run's entry as this record writes it: analysis.recorded
    once the record holds one, else the earlier name, so the README of an earlier bundle stays byte for byte."""
    if name != "analysis.json" or not state.types.get(ANALYSIS_RUN_RECORDED):
        return text
    return text.replace(f"`{ANALYSIS_RUN_RECORDED_LEGACY}`", f"`{ANALYSIS_RUN_RECORDED}`")
