"""Readers for Pol.is exports, the Pol.is API's JSON and sides files."""

from __future__ import annotations

import csv
import json
import math
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

import numpy as np

from . import columnar
from .checks import MAX_TIMESTAMP, Rows, check_known, check_unique, id_problem, timestamp_problem
from .errors import EngineInputError
from .table import VoteTable


@dataclass(frozen=True, eq=False)
class Dataset:
    """Everything `analyze` needs from a conversation folder."""

    votes: VoteTable
    texts: dict[str, str] = field(default_factory=dict)
    moderated_out: frozenset[str] = frozenset()
    meta: frozenset[str] = frozenset()


def read_folder(folder: str | Path) -> Dataset:
    """Read a Pol.is export folder (votes.csv or participants-votes.csv) or API JSON folder."""
    folder = Path(folder)
    if not folder.is_dir():
        raise EngineInputError("not a folder", file=str(folder))
    if (folder / "votes.json").exists():
        return read_polis_api(folder)
    if (folder / "votes.csv").exists() or (folder / "participants-votes.csv").exists():
        return read_polis_export(folder)
    raise EngineInputError("no votes.csv, participants-votes.csv or votes.json in this folder", file=str(folder))


def read_polis_export(folder: str | Path) -> Dataset:
    """Read a Pol.is export: the vote history, or else the final vote matrix, and the comments.

    Refuse, naming the file and line: a comment id twice in comments.csv, a participant's row twice
    in participants-votes.csv, a vote for a comment that comments.csv (when present) lacks, ids that
    are no ids and timestamps that are no times. Several rows for one voter and comment in votes.csv
    are not an error: they are the voter's changes of mind, and the latest counts.
    """
    folder = Path(folder)
    texts: dict[str, str] = {}
    out: set[str] = set()
    meta: set[str] = set()
    known: set[str] | None = None
    comments = folder / "comments.csv"
    if comments.exists():
        ids, lines = [], []
        for line, row in _csv_rows(comments, ("comment-id", "moderated")):
            cid = _id(row, "comment-id", comments, line)
            ids.append(cid)
            lines.append(line)
            texts[cid] = row.get("comment-body") or ""
            if _int(row, "moderated", comments, line, allowed=(-1, 0, 1)) == -1:
                out.add(cid)
            if "is-meta" in row and _flag(row["is-meta"], "is-meta", comments, line):
                meta.add(cid)
        check_unique(ids, "comment", Rows(str(comments), lines))
        known = set(ids)
    # The vectorised readers take every plainly well-formed file; the row-by-row ones below read
    # the others and name their first bad line.
    if (folder / "votes.csv").exists():
        path = folder / "votes.csv"
        fast = columnar.read_vote_history(path, known)
        votes = fast if fast is not None else _read_vote_history(path, known)
    elif (folder / "participants-votes.csv").exists():
        path = folder / "participants-votes.csv"
        fast = columnar.read_vote_matrix(path, known)
        votes = fast if fast is not None else _read_vote_matrix(path, known)
    else:
        raise EngineInputError("missing votes.csv and participants-votes.csv", file=str(folder))
    return Dataset(votes, texts, frozenset(out), frozenset(meta))


def read_polis_api(folder: str | Path) -> Dataset:
    """Read `votes.json` and `comments.json` in the Pol.is API format.

    Pol.is stores agree as -1. Some saved API files have already been flipped
    to agree = +1, so the sign is taken from whichever reading matches the
    comments' own `agree_count` and `disagree_count`; without those counts
    the Pol.is convention (agree = -1) holds.
    """
    folder = Path(folder)
    where = folder / "votes.json"
    participants, statements, values, stamps = [], [], [], []
    for i, vote in enumerate(_json_list(where)):
        value = _json_field(vote, ("vote",), where, i)
        if value not in (-1, 0, 1) or isinstance(value, bool):
            raise EngineInputError(f"entry {i}: vote {value!r} is not -1, 0 or 1", file=str(where))
        stamp = vote.get("modified")
        participants.append(_json_id(vote, ("participant_id", "pid"), where, i))
        statements.append(_json_id(vote, ("statement_id", "tid"), where, i))
        values.append(int(value))  # type: ignore[call-overload]
        if isinstance(stamp, int | float) and not isinstance(stamp, bool):
            problem = timestamp_problem(float(stamp))
            if problem:
                raise EngineInputError(f"entry {i}: {problem}", file=str(where))
            stamps.append(float(stamp))
        else:
            stamps.append(math.nan)
    texts: dict[str, str] = {}
    out: set[str] = set()
    meta: set[str] = set()
    tallies: dict[str, tuple[int, int]] = {}
    comments = folder / "comments.json"
    if comments.exists():
        tids = []
        for i, comment in enumerate(_json_list(comments)):
            tid = _json_id(comment, ("statement_id", "tid"), comments, i)
            tids.append(tid)
            texts[tid] = str(comment.get("txt") or "")
            if _json_field(comment, ("moderated", "mod"), comments, i) == -1:
                out.add(tid)
            if comment.get("is_meta"):
                meta.add(tid)
            agrees, disagrees = comment.get("agree_count"), comment.get("disagree_count")
            if isinstance(agrees, int) and isinstance(disagrees, int):
                tallies[tid] = (agrees, disagrees)
        check_unique(tids, "comment", Rows(str(comments)))
        check_known(statements, set(tids), "comment", comments.name, Rows(str(where)))
    vote_values = np.array(values, dtype=np.int8)
    if not _agree_is_positive(statements, vote_values, tallies):
        vote_values = -vote_values
    timestamps = np.array(stamps, dtype=np.float64)
    table = VoteTable(
        participant=np.array(participants, dtype=str),
        statement=np.array(statements, dtype=str),
        value=vote_values,
        timestamp=None if np.isnan(timestamps).any() else timestamps,
    )
    return Dataset(table, texts, frozenset(out), frozenset(meta))


def _agree_is_positive(statements: list[str], values: np.ndarray, tallies: dict[str, tuple[int, int]]) -> bool:
    """Decide whether +1 means agree by comparing vote counts with the comments' tallies."""
    if not tallies:
        return False
    plus: dict[str, int] = {}
    minus: dict[str, int] = {}
    for statement, value in zip(statements, values.tolist(), strict=True):
        if value == 1:
            plus[statement] = plus.get(statement, 0) + 1
        elif value == -1:
            minus[statement] = minus.get(statement, 0) + 1
    as_is = flipped = 0
    for tid, (agrees, disagrees) in tallies.items():
        p, m = plus.get(tid, 0), minus.get(tid, 0)
        as_is += abs(agrees - p) + abs(disagrees - m)
        flipped += abs(agrees - m) + abs(disagrees - p)
    return as_is < flipped


def read_sides(path: str | Path) -> dict[str, str]:
    """Read a CSV `participant,side` file into a participant -> side mapping."""
    path = Path(path)
    fast = columnar.read_sides(path)
    if fast is not None:
        return fast
    sides: dict[str, str] = {}
    for line, row in _csv_rows(path, ("participant", "side")):
        participant = _id(row, "participant", path, line)
        side = (row.get("side") or "").strip()
        if not side:
            raise EngineInputError("empty side", file=str(path), line=line)
        if sides.get(participant, side) != side:
            raise EngineInputError(
                f"participant {participant} is on side {sides[participant]!r} and on side {side!r}",
                file=str(path),
                line=line,
            )
        sides[participant] = side
    return sides


def _read_vote_history(path: Path, known: set[str] | None) -> VoteTable:
    participants, statements, values, stamps, lines = [], [], [], [], []
    for line, row in _csv_rows(path, ("comment-id", "voter-id", "vote")):
        participants.append(_id(row, "voter-id", path, line))
        statements.append(_id(row, "comment-id", path, line))
        values.append(_int(row, "vote", path, line, allowed=(-1, 0, 1)))
        stamps.append(_timestamp(row.get("timestamp") or "", path, line))
        lines.append(line)
    if known is not None:
        check_known(statements, known, "comment", "comments.csv", Rows(str(path), lines))
    timestamps = np.array(stamps, dtype=np.float64)
    return VoteTable(
        participant=np.array(participants, dtype=str),
        statement=np.array(statements, dtype=str),
        value=np.array(values, dtype=np.int8),
        timestamp=None if np.isnan(timestamps).any() else timestamps,
    )


def _read_vote_matrix(path: Path, known: set[str] | None) -> VoteTable:
    participants, statements, values = [], [], []
    row_ids, row_lines = [], []
    with _open(path) as handle:
        reader = csv.reader(handle)
        try:
            header = next(reader, None)
            if header is None:
                raise EngineInputError("empty file, expected a header row", file=str(path), line=1)
            if "participant" not in header or "n-disagree" not in header:
                raise EngineInputError(
                    "header must have participant, ..., n-disagree, then one column per comment",
                    file=str(path),
                    line=1,
                )
            first = header.index("n-disagree") + 1
            comment_ids = [_checked_id(c.strip(), "comment id", path, 1) for c in header[first:]]
            check_unique(comment_ids, "comment column", Rows(str(path), [1] * len(comment_ids)))
            # Columns of comments comments.csv lacks are harmless while empty; a vote in one is not.
            unknown = {c for c in comment_ids if known is not None and c not in known}
            pcol = header.index("participant")
            for row in reader:
                line = reader.line_num
                if not row:
                    continue
                if len(row) != len(header):
                    raise EngineInputError(
                        f"{len(row)} fields, the header has {len(header)}", file=str(path), line=line
                    )
                participant = _checked_id(row[pcol].strip(), "participant", path, line)
                row_ids.append(participant)
                row_lines.append(line)
                for cid, cell in zip(comment_ids, row[first:], strict=True):
                    cell = cell.strip()
                    if not cell:
                        continue
                    if cell not in ("1", "-1", "0", "1.0", "-1.0", "0.0"):
                        raise EngineInputError(
                            f"vote {cell!r} for comment {cid} is not -1, 0 or 1",
                            file=str(path),
                            line=line,
                        )
                    if unknown and cid in unknown:
                        raise EngineInputError(
                            f"a vote for comment {cid}, which comments.csv does not have", file=str(path), line=line
                        )
                    participants.append(participant)
                    statements.append(cid)
                    values.append(int(float(cell)))
        except (csv.Error, UnicodeDecodeError) as error:
            raise EngineInputError(f"not a readable CSV file: {error}", file=str(path), line=reader.line_num) from None
    check_unique(row_ids, "participant", Rows(str(path), row_lines))
    return VoteTable(
        participant=np.array(participants, dtype=str),
        statement=np.array(statements, dtype=str),
        value=np.array(values, dtype=np.int8),
    )


def _open(path: Path) -> TextIO:
    try:
        return path.open(newline="", encoding="utf-8-sig")
    except OSError as error:
        raise EngineInputError(f"cannot open: {error.strerror}", file=str(path)) from None


def _csv_rows(path: Path, required: tuple[str, ...]) -> Iterator[tuple[int, dict[str, str]]]:
    with _open(path) as handle:
        reader = csv.DictReader(handle)
        try:
            fields = reader.fieldnames
            if fields is None:
                raise EngineInputError("empty file, expected a header row", file=str(path), line=1)
            missing = [name for name in required if name not in fields]
            if missing:
                raise EngineInputError(f"header lacks column {', '.join(missing)}", file=str(path), line=1)
            for row in reader:
                if None in row:
                    raise EngineInputError("more fields than the header", file=str(path), line=reader.line_num)
                if any(row[name] is None for name in required):
                    raise EngineInputError("fewer fields than the header", file=str(path), line=reader.line_num)
                yield reader.line_num, row
        except (csv.Error, UnicodeDecodeError) as error:
            raise EngineInputError(f"not a readable CSV file: {error}", file=str(path), line=reader.line_num) from None


def _id(row: dict[str, str], name: str, path: Path, line: int) -> str:
    return _checked_id((row.get(name) or "").strip(), name, path, line)


def _checked_id(value: str, name: str, path: Path, line: int) -> str:
    if 0 < len(value) < 19 and value.isprintable():
        return value  # the usual id, short and printable: no further check can fail
    problem = id_problem(value, name)
    if problem:
        raise EngineInputError(problem, file=str(path), line=line)
    return value


def _timestamp(text: str, path: Path, line: int) -> float:
    """Return the timestamp TEXT names, NaN if it is empty; refuse one that is no time."""
    text = text.strip()
    if not text:
        return math.nan
    try:
        stamp = float(text)
    except ValueError:
        raise EngineInputError(f"timestamp {text[:40]!r} is not a number", file=str(path), line=line) from None
    if 0.0 <= stamp <= MAX_TIMESTAMP:
        return stamp
    raise EngineInputError(timestamp_problem(stamp) or "", file=str(path), line=line)


def _int(row: dict[str, str], name: str, path: Path, line: int, *, allowed: tuple[int, ...]) -> int:
    text = (row.get(name) or "").strip()
    try:
        number = float(text)
    except ValueError:
        raise EngineInputError(f"{name} {text[:40]!r} is not a number", file=str(path), line=line) from None
    if number not in allowed:
        expected = ", ".join(str(a) for a in allowed)
        raise EngineInputError(f"{name} {text[:40]!r} is not one of {expected}", file=str(path), line=line)
    return int(number)


def _flag(text: str, name: str, path: Path, line: int) -> bool:
    value = text.strip().lower()
    if value in ("1", "true", "t", "yes"):
        return True
    if value in ("", "0", "false", "f", "no"):
        return False
    raise EngineInputError(f"{name} {text!r} is not a yes/no value", file=str(path), line=line)


def _json_list(path: Path) -> list[dict]:
    try:
        with path.open(encoding="utf-8") as handle:
            data = json.load(handle, parse_int=_json_int)
    except OSError as error:
        raise EngineInputError(f"cannot open: {error.strerror}", file=str(path)) from None
    except UnicodeDecodeError as error:
        raise EngineInputError(f"not UTF-8 text (byte {error.start})", file=str(path)) from None
    except json.JSONDecodeError as error:
        raise EngineInputError(f"invalid JSON: {error.msg}", file=str(path), line=error.lineno) from None
    except RecursionError:
        raise EngineInputError("invalid JSON: nested too deeply", file=str(path)) from None
    except _LongNumber as error:
        raise EngineInputError(str(error), file=str(path)) from None
    if not isinstance(data, list) or not all(isinstance(item, dict) for item in data):
        raise EngineInputError("expected a JSON list of objects", file=str(path), line=1)
    return data


class _LongNumber(Exception):
    pass


def _json_int(text: str) -> int:
    # Count digits before converting: int() of a 5,000-digit string fails with Python's own error.
    if len(text.lstrip("-")) > 19:
        raise _LongNumber(f"invalid JSON: a number of {len(text.lstrip('-'))} digits (ids and counts have at most 19)")
    return int(text)


def _json_id(item: dict, names: tuple[str, ...], path: Path, index: int) -> str:
    value = _json_field(item, names, path, index)
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise EngineInputError(f"entry {index}: {names[0]} {value!r} is not an integer or a string", file=str(path))
    problem = id_problem(str(value).strip(), names[0])
    if problem:
        raise EngineInputError(f"entry {index}: {problem}", file=str(path))
    return str(value).strip()


def _json_field(item: dict, names: tuple[str, ...], path: Path, index: int) -> object:
    for name in names:
        if name in item and item[name] is not None:
            return item[name]
    raise EngineInputError(f"entry {index} lacks {' or '.join(names)}", file=str(path))
