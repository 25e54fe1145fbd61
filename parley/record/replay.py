"""Replay a dialogue's record into its state, with no database: what the entries imply.

The web app and the verifier both call `replay` and `engine_input`, so the analysis the app
publishes is the one anyone can recompute from the record. Entry types this module does not know
are counted and otherwise skipped: the record carries them, their hashes cover them, and a newer
Parley may give them meaning.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from functools import partial
from typing import Any

import numpy as np

from parley.engine.table import VoteTable
from parley.record import keys
from parley.record.entries import (
    ANALYSIS_RUN_RECORDED,
    DIALOGUE_CHANGE_ANSWERED,
    DIALOGUE_CHANGED,
    DIALOGUE_CREATED,
    GLOSSARY_ADOPTED,
    JOINT_FINALISED,
    JOINT_RATIFIED,
    JOINT_SIGNED,
    KEY_REGISTERED,
    MEMBERSHIP_JOINED,
    MEMBERSHIP_ROLE_CHANGED,
    STATEMENT_MODERATED,
    STATEMENT_SUBMITTED,
    VOTE_CAST,
)
from parley.record.joint import RecordedJoint
from parley.record.sealing import Opening, open_entry
from parley.record.state import (
    COCHAIR,
    SERVER,
    STATEMENT_STATUSES,
    VOTE_VALUES,
    DialogueState,
    GlossaryEntry,
    HiddenVote,
    Member,
    PublishedAnalysis,
    RegisteredKey,
    ReplayError,
    Side,
    Statement,
    Vote,
    cochair_role,
    cochair_role_for,
)
from parley.record.tally import JOINT_TALLIED, TALLIED, TallyError, check_follows, read_batch
from parley.record.translations import HANDLERS as TRANSLATION_HANDLERS
from parley.record.translations import TranslationError, from_submission

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

_SHA256_HEX = re.compile(r"[0-9a-f]{64}")


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
        apply = _APPLY.get(kind)
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


@dataclass(frozen=True)
class _Entry:
    seq: int
    time: str
    actor: Any
    payload: Mapping[str, Any]

    def get(self, name: str, kind: type | tuple[type, ...]) -> Any:
        return _get(self.payload, name, kind, self.seq, "payload ")


def _get(data: Mapping[str, Any], name: str, kind: type | tuple[type, ...], seq: int, where: str = "") -> Any:
    value = data.get(name) if isinstance(data, Mapping) else None
    # bool is an int in Python, never in the record.
    if not isinstance(value, kind) or (isinstance(value, bool) and bool not in _as_tuple(kind)):
        raise ReplayError(seq, f"{where}field {name!r} is missing or not a {_kind_name(kind)}")
    return value


def _as_tuple(kind: type | tuple[type, ...]) -> tuple[type, ...]:
    return kind if isinstance(kind, tuple) else (kind,)


def _kind_name(kind: type | tuple[type, ...]) -> str:
    names = {int: "integer", str: "string", dict: "object", list: "list", bool: "boolean"}
    return " or ".join(names.get(k, k.__name__) for k in _as_tuple(kind))


def _created(state: DialogueState, entry: _Entry) -> None:
    if state.sides:
        raise ReplayError(entry.seq, "the dialogue was already created")
    sides = []
    for item in entry.get("sides", list):
        if not isinstance(item, Mapping):
            raise ReplayError(entry.seq, "every side is an object")
        sides.append(
            Side(
                _get(item, "position", int, entry.seq, "side "),
                _get(item, "label", str, entry.seq, "side "),
                _get(item, "name", dict, entry.seq, "side "),
                _get(item, "colour", str, entry.seq, "side "),
            )
        )
    if len(sides) != 2 or sides[0].label == sides[1].label:
        raise ReplayError(entry.seq, "a dialogue has two sides with different labels")
    state.sides = sorted(sides, key=lambda s: s.position)
    state.title = entry.get("title", dict)
    state.description = entry.get("description", dict)
    state.languages = entry.get("languages", list)
    state.status = entry.get("status", str)
    state.vote_visibility = entry.get("vote_visibility", str)


def _created_first(state: DialogueState, entry: _Entry) -> None:
    if not state.sides:
        raise ReplayError(entry.seq, "comes before dialogue.created")


def _change_answered(state: DialogueState, entry: _Entry) -> None:
    field_name, value = entry.get("field", str), entry.get("value", str)
    if entry.get("confirmed", bool) and field_name in ("status", "vote_visibility"):
        setattr(state, field_name, value)


def _changed(state: DialogueState, entry: _Entry) -> None:
    """An approved proposal changed the dialogue: any of its status, visibility, texts and side names."""
    _created_first(state, entry)
    for name in ("status", "vote_visibility"):
        if name in entry.payload:
            setattr(state, name, entry.get(name, str))
    for name in ("title", "description"):
        if name in entry.payload:
            setattr(state, name, entry.get(name, dict))
    if "languages" in entry.payload:
        state.languages = entry.get("languages", list)
    if "side_names" in entry.payload:
        names = entry.get("side_names", dict)
        for label in names:
            if label not in state.side_labels:
                raise ReplayError(entry.seq, f"side {label!r} is not a side of this dialogue")
        state.sides = [Side(s.position, s.label, names.get(s.label, s.name), s.colour) for s in state.sides]


def _role_changed(state: DialogueState, entry: _Entry) -> None:
    member_id = entry.get("member", int)
    side = str(entry.payload.get("side"))
    if member_id not in state.members and state.unnamed[side] > 0:
        # A member who joined unnamed (only totals public) is named from the moment they take a role.
        handle = entry.get("handle", str)
        if handle in state.handles:
            raise ReplayError(entry.seq, f"pseudonym {handle!r} is already taken in this dialogue")
        state.unnamed[side] -= 1
        state.members[member_id] = Member(member_id, handle, side, entry.get("from", str), entry.seq)
        state.handles[handle] = member_id
    if member_id not in state.members:
        raise ReplayError(entry.seq, f"member {member_id} never joined")
    role = entry.get("role", str)
    state.members[member_id].role = role
    if role != COCHAIR:
        state.keys = [
            replace(k, retired=entry.seq) if k.member == member_id and k.retired is None else k for k in state.keys
        ]


def _joined(state: DialogueState, entry: _Entry) -> None:
    _created_first(state, entry)
    if "member" not in entry.payload and "handle" not in entry.payload:
        # Only totals are public: a participant joins with their side and role, unnamed.
        side = entry.get("side", str)
        if side not in state.side_labels:
            raise ReplayError(entry.seq, f"side {side!r} is not a side of this dialogue")
        entry.get("role", str)
        state.unnamed[side] += 1
        return
    member_id, side = entry.get("member", int), entry.get("side", str)
    if member_id in state.members:
        raise ReplayError(entry.seq, f"member {member_id} already joined")
    if side not in state.side_labels:
        raise ReplayError(entry.seq, f"side {side!r} is not a side of this dialogue")
    handle = entry.get("handle", (str, type(None)))
    if handle is not None and handle in state.handles:
        raise ReplayError(entry.seq, f"pseudonym {handle!r} is already taken in this dialogue")
    state.members[member_id] = Member(member_id, handle, side, entry.get("role", str), entry.seq)
    if handle is not None:
        state.handles[handle] = member_id


def _submitted(state: DialogueState, entry: _Entry) -> None:
    _created_first(state, entry)
    statement_id = entry.get("statement", int)
    if statement_id in state.statements:
        raise ReplayError(entry.seq, f"statement {statement_id} was already submitted")
    side = entry.get("side", str)
    if side not in state.side_labels:
        raise ReplayError(entry.seq, f"side {side!r} is not a side of this dialogue")
    state.statements[statement_id] = Statement(
        statement_id,
        entry.get("text", (str, type(None))),
        entry.get("language", str),
        side,
        _member_acting(state, entry),
        entry.seq,
        entry.time,
    )
    translations = entry.payload.get("translations") or {}
    if not isinstance(translations, Mapping):
        raise ReplayError(entry.seq, "payload field 'translations' is not an object")
    try:
        from_submission(state, state.statements[statement_id], translations, entry.seq, entry.time)
    except TranslationError as error:
        raise ReplayError(entry.seq, str(error)) from None


def _translation(state: DialogueState, entry: _Entry, kind: str) -> None:
    _created_first(state, entry)
    state.translations.entries += 1
    try:
        TRANSLATION_HANDLERS[kind](state, entry)
    except TranslationError as error:
        raise ReplayError(entry.seq, str(error)) from None


def _member_acting(state: DialogueState, entry: _Entry) -> int | None:
    """Return the id of the member named by the entry's actor: by `member` (entries with sealed
    pseudonyms, each sealed with its own salt), else by its pseudonym (unique in a dialogue)."""
    if not isinstance(entry.actor, Mapping):
        return None
    if "member" in entry.actor:
        member = entry.actor["member"]
        return member if isinstance(member, int) and member in state.members else None
    handle = entry.actor.get("handle")
    return state.handles.get(handle) if isinstance(handle, str) else None


def _moderated(state: DialogueState, entry: _Entry) -> None:
    statement = _statement(state, entry)
    status = entry.get("status", str)
    if status not in STATEMENT_STATUSES:
        raise ReplayError(entry.seq, f"statement status {status!r} is not one of {', '.join(STATEMENT_STATUSES)}")
    statement.status, statement.moderated = status, True


def _statement(state: DialogueState, entry: _Entry) -> Statement:
    statement_id = entry.get("statement", int)
    if statement_id not in state.statements:
        raise ReplayError(entry.seq, f"statement {statement_id} was never submitted")
    return state.statements[statement_id]


def _vote(state: DialogueState, entry: _Entry) -> None:
    statement = _statement(state, entry)
    if "member" not in entry.payload:
        side = entry.get("side", str)
        if side not in state.side_labels:
            raise ReplayError(entry.seq, f"side {side!r} is not a side of this dialogue")
        state.hidden_votes.append(HiddenVote(entry.seq, entry.time, statement.id, side))
        return
    member_id, value = entry.get("member", int), entry.get("value", int)
    if member_id not in state.members:
        raise ReplayError(entry.seq, f"member {member_id} never joined")
    if value not in VOTE_VALUES:
        raise ReplayError(entry.seq, f"vote value {value} is not -1, 0 or 1")
    vote = Vote(entry.seq, entry.time, member_id, statement.id, value)
    state.votes.append(vote)
    state.latest[(member_id, statement.id)] = vote


def _tallied(state: DialogueState, entry: _Entry) -> None:
    """A sealed batch of totals-only votes: well formed, and consistent with the batch before it."""
    _created_first(state, entry)
    try:
        batch = read_batch(entry.seq, entry.time, entry.payload, state.side_labels)
        state.unnamed.update(batch.joined)
        for statement in batch.totals:
            if not statement.isdigit() or int(statement) not in state.statements:
                raise TallyError(f"totals name statement {statement}, which was never submitted")
        # The first batch is bounded too: against the votes public one by one before it (if the
        # dialogue showed individual votes first), or against nothing. Records from before batches
        # counted their unnamed `vote.cast` entries (whose values nobody knows) in the first batch:
        # those are bounded by their members only, as before.
        baseline = None if state.batches or state.hidden_votes else _public_totals(state)
        check_follows(state.batches[-1] if state.batches else None, batch, state.members_per_side(), baseline=baseline)
    except TallyError as error:
        raise ReplayError(entry.seq, str(error)) from None
    state.batches.append(batch)


def _public_totals(state: DialogueState) -> dict[str, dict[str, list[int]]]:
    """The agree / disagree / pass counts per statement and side of the latest votes the record names."""
    totals: dict[str, dict[str, list[int]]] = {}
    for (member_id, statement_id), vote in state.latest.items():
        side = state.members[member_id].side
        counts = totals.setdefault(str(statement_id), {}).setdefault(side, [0, 0, 0])
        counts[{1: 0, -1: 1, 0: 2}[vote.value]] += 1
    return totals


def _joint_tallied(state: DialogueState, entry: _Entry) -> None:
    """A sealed batch of totals-only votes on a finalised joint statement, checked as `_tallied`."""
    joint_id = entry.get("joint", int)
    if joint_id not in state.joints:
        raise ReplayError(entry.seq, f"joint statement {joint_id} was never finalised")
    try:
        batch = read_batch(entry.seq, entry.time, entry.payload, state.side_labels, joint=joint_id)
        state.unnamed.update(batch.joined)
        before = [b for b in state.joint_batches if b.joint == joint_id]
        check_follows(before[-1] if before else None, batch, state.members_per_side())
    except TallyError as error:
        raise ReplayError(entry.seq, f"joint statement {joint_id}: {error}") from None
    state.joint_batches.append(batch)


def _key_registered(state: DialogueState, entry: _Entry) -> None:
    member = state.members.get(entry.get("member", int))
    side, public_key, fingerprint = entry.get("side", str), entry.get("public_key", str), entry.get("fingerprint", str)
    try:
        raw = keys.public_key_from_b64url(public_key)
    except keys.KeyFormatError as error:
        raise ReplayError(entry.seq, str(error)) from None
    if keys.fingerprint(raw) != fingerprint or keys.public_key_to_b64url(raw) != public_key:
        raise ReplayError(entry.seq, "the key's fingerprint or spelling does not match its public key")
    actor = entry.actor if isinstance(entry.actor, Mapping) else {}
    # Only a co-chair registering their own key, for their own side, makes the key a signer's: one the
    # record itself shows as co-chair at that entry, whatever role the entry's actor field claims.
    if (
        member is not None
        and member.role == COCHAIR
        and _member_acting(state, entry) == member.id
        and member.side == side == actor.get("side")
        and actor.get("role") == COCHAIR
        and entry.payload.get("role") == COCHAIR
    ):
        state.keys.append(RegisteredKey(entry.seq, member.id, side, public_key, fingerprint))


def _analysis_published(state: DialogueState, entry: _Entry) -> None:
    upto, digest = entry.get("upto", int), entry.get("result_sha256", str)
    if not 0 <= upto <= entry.seq:
        raise ReplayError(entry.seq, f"an analysis published at entry {entry.seq} cannot cover {upto} entries")
    if not _SHA256_HEX.fullmatch(digest):
        raise ReplayError(entry.seq, "result_sha256 is not 64 lowercase hex digits")
    state.analyses.append(
        PublishedAnalysis(entry.seq, entry.payload.get("run"), upto, digest, entry.get("recomputable", bool))
    )


def _joint(state: DialogueState, entry: _Entry) -> RecordedJoint:
    joint_id = entry.get("joint", int)
    if joint_id not in state.joints:
        raise ReplayError(entry.seq, f"joint statement {joint_id} was never finalised")
    joint = state.joints[joint_id]
    if entry.get("sha256", str) != joint.sha256:
        raise ReplayError(entry.seq, f"sha256 is not the one joint statement {joint_id} was finalised with")
    return joint


def _joint_finalised(state: DialogueState, entry: _Entry) -> None:
    joint_id, digest = entry.get("joint", int), entry.get("sha256", str)
    if joint_id in state.joints:
        raise ReplayError(entry.seq, f"joint statement {joint_id} was already finalised")
    if not _SHA256_HEX.fullmatch(digest):
        raise ReplayError(entry.seq, "sha256 is not 64 lowercase hex digits")
    state.joints[joint_id] = RecordedJoint(joint_id, entry.seq, entry.get("version", int), digest)


def _joint_signed(state: DialogueState, entry: _Entry) -> None:
    joint = _joint(state, entry)
    role = entry.get("role", str)
    if role in joint.signed:
        raise ReplayError(entry.seq, f"joint statement {joint.joint} was already signed as {role}")
    joint.signed[role] = (entry.get("fingerprint", str), entry.get("signature", str), entry.seq)


def _joint_ratified(state: DialogueState, entry: _Entry) -> None:
    joint = _joint(state, entry)
    joint.ratified = joint.sha256


def _glossary_adopted(state: DialogueState, entry: _Entry) -> None:
    _created_first(state, entry)
    sides = entry.payload.get("sides", {})
    if not isinstance(sides, Mapping) or any(label not in state.side_labels for label in sides):
        raise ReplayError(entry.seq, "payload field 'sides' names a side that is not a side of this dialogue")
    note = entry.payload.get("note") or {}
    term = entry.get("term", int)
    state.glossary[term] = GlossaryEntry(
        term, entry.seq, entry.get("texts", dict), sides, note if isinstance(note, Mapping) else {}
    )


_APPLY: dict[str, Callable[[DialogueState, _Entry], None]] = {
    DIALOGUE_CREATED: _created,
    # Records made before proposals (Parley 0.x) changed settings with a request and an answer.
    DIALOGUE_CHANGE_ANSWERED: _change_answered,
    DIALOGUE_CHANGED: _changed,
    MEMBERSHIP_ROLE_CHANGED: _role_changed,
    MEMBERSHIP_JOINED: _joined,
    STATEMENT_SUBMITTED: _submitted,
    STATEMENT_MODERATED: _moderated,
    VOTE_CAST: _vote,
    TALLIED: _tallied,
    JOINT_TALLIED: _joint_tallied,
    KEY_REGISTERED: _key_registered,
    ANALYSIS_RUN_RECORDED: _analysis_published,
    JOINT_FINALISED: _joint_finalised,
    JOINT_SIGNED: _joint_signed,
    JOINT_RATIFIED: _joint_ratified,
    **{kind: partial(_translation, kind=kind) for kind in TRANSLATION_HANDLERS},
    GLOSSARY_ADOPTED: _glossary_adopted,
}
