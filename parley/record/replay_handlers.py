"""What each record entry type does to a dialogue's replayed state: one handler per type, and the
dispatch table `APPLY` keyed by the registry's constants (pure, no Django).

Split from `replay.py`, which walks the record and calls these.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import replace
from functools import partial

from parley.record import keys
from parley.record.entries import (
    ANALYSIS_RUN_RECORDED,
    ANALYSIS_RUN_RECORDED_LEGACY,
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
from parley.record.replay_entry import _Entry, _get
from parley.record.state import (
    COCHAIR,
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
)
from parley.record.tally import JOINT_TALLIED, TALLIED, TallyError, check_follows, read_batch
from parley.record.translations import HANDLERS as TRANSLATION_HANDLERS
from parley.record.translations import TranslationError, from_submission

_SHA256_HEX = re.compile(r"[0-9a-f]{64}")


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


def _analysis_recorded(state: DialogueState, entry: _Entry, kind: str) -> None:
    upto, digest = entry.get("upto", int), entry.get("result_sha256", str)
    if not 0 <= upto <= entry.seq:
        raise ReplayError(entry.seq, f"an analysis published at entry {entry.seq} cannot cover {upto} entries")
    if not _SHA256_HEX.fullmatch(digest):
        raise ReplayError(entry.seq, "result_sha256 is not 64 lowercase hex digits")
    state.analyses.append(
        PublishedAnalysis(entry.seq, entry.payload.get("run"), upto, digest, entry.get("recomputable", bool), kind)
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


# The dispatch table: each entry type replay gives meaning to, keyed by the registry's constants.
APPLY: dict[str, Callable[[DialogueState, _Entry], None]] = {
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
    # Every analysis run; earlier records named it analysis.published (the legacy type): both read alike.
    ANALYSIS_RUN_RECORDED: partial(_analysis_recorded, kind=ANALYSIS_RUN_RECORDED),
    ANALYSIS_RUN_RECORDED_LEGACY: partial(_analysis_recorded, kind=ANALYSIS_RUN_RECORDED_LEGACY),
    JOINT_FINALISED: _joint_finalised,
    JOINT_SIGNED: _joint_signed,
    JOINT_RATIFIED: _joint_ratified,
    **{kind: partial(_translation, kind=kind) for kind in TRANSLATION_HANDLERS},
    GLOSSARY_ADOPTED: _glossary_adopted,
}
