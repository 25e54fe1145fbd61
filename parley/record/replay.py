"""Replay a dialogue's record into its state, with no database: what the entries imply.

The web app and the verifier both call `replay` and `engine_input`, so the analysis the app
publishes is the one anyone can recompute from the record. Entry types this module does not know
are counted and otherwise skipped: the record carries them, their hashes cover them, and a newer
Parley may give them meaning.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from typing import Any

import numpy as np

from parley.engine.table import VoteTable
from parley.record.entries import DIALOGUE_CREATED
from parley.record.replay_entry import _Entry, _get
from parley.record.replay_handlers import APPLY
from parley.record.sealing import Opening, open_entry
from parley.record.state import (
    COCHAIR,
    SERVER,
    DialogueState,
    ReplayError,
    Side,
    Statement,
    cochair_role,
    cochair_role_for,
)

# The state and its parts live in `parley.record.state`; callers may keep importing them from here.
__all__ = [
    "COCHAIR",
    "SERVER",
    "DialogueState",
    "ReplayError",
    "Side",
    "Statement",
    "cochair_role",
    "cochair_role_for",
    "engine_input",
    "parse_time",
    "replay",
]

# strptime is slow and reads non-ASCII digits; an entry's time has exactly this form.
_TIME = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})T([0-9]{2}):([0-9]{2}):([0-9]{2})\.([0-9]{6})Z")


def replay(
    entries: Iterable[Mapping[str, Any]], openings: Mapping[int, Mapping[str, Opening]] | None = None
) -> DialogueState:
    """Apply ENTRIES (parsed, in seq order) and return the dialogue's state after the last one.

    OPENINGS (by seq, then path; checked beforehand by `sealing.check_openings`) give the values
    sealed in the entries; a sealed value without one, or withdrawn, replays as None.
    """
    state = DialogueState()
    for index, entry in enumerate(entries):
        seq = _get(entry, "seq", int, index)
        entry, sealed = open_entry(entry, (openings or {}).get(seq, {}))
        state.sealed += sealed
        kind = _get(entry, "type", str, seq)
        payload = _get(entry, "payload", dict, seq)
        state.types[kind] += 1
        state.entries += 1
        if index == 0:
            if kind != DIALOGUE_CREATED:
                raise ReplayError(seq, "a record starts with dialogue.created")
            state.slug = _get(entry, "dialogue", str, seq)
        apply = APPLY.get(kind)
        if apply is not None:
            apply(state, _Entry(seq, _get(entry, "time", str, seq), entry.get("actor"), payload))
    return state


def engine_input(state: DialogueState) -> dict[str, Any]:
    """Return the keyword arguments of `parley.engine.analyze` for STATE's public votes.

    Timestamps are sequence numbers, so of several votes by one member on one statement the
    latest in the record counts, whatever the clocks said. A record with sealed values gives the
    engine statement ids without their texts, so the published analysis never carries a text that
    may later be withdrawn; older records keep their texts, so their analyses still re-run.
    """
    votes = VoteTable(
        participant=np.array([str(v.member) for v in state.votes], dtype=str),
        statement=np.array([str(v.statement) for v in state.votes], dtype=str),
        value=np.array([v.value for v in state.votes], dtype=np.int8),
        timestamp=np.array([v.seq for v in state.votes], dtype=np.float64),
    )
    return {
        "votes": votes,
        "sides": {str(m.id): m.side for m in state.members.values()},
        "texts": {str(s.id): "" if state.sealed else (s.text or "") for s in state.statements.values()},
        "moderated_out": {str(s.id) for s in state.statements.values() if s.status != "visible"},
    }


def parse_time(text: str) -> datetime:
    """Return the UTC moment an entry's `time` field names; raise ValueError unless well-formed."""
    match = _TIME.fullmatch(text)
    if match is None:
        raise ValueError(f"time {text!r} is not written as YYYY-MM-DDTHH:MM:SS.ffffffZ")
    year, month, day, hour, minute, second, micro = map(int, match.groups())
    return datetime(year, month, day, hour, minute, second, micro, tzinfo=UTC)


# The dispatch table, under the name tests and callers have used.
_APPLY = APPLY
