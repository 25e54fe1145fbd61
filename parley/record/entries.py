"""The registry of record entry types: the only place an entry type is named (pure, no Django).

Each type has a name (as written in records: it never changes once in a record), a constant used by
every call site, the payload's required fields and their types, whether an actor is required, and a
one-line meaning. `log.append` refuses an unknown type or a payload without its required fields;
the Pol.is importer builds its entries with `envelope`; replay dispatches on these constants;
docs/record-format.md lists them (a test keeps the list and the registry in step).

Two meanings of "publish" are named apart here: every analysis run is *recorded*
(`ANALYSIS_RUN_RECORDED`, "analysis.recorded"; records before it named it "analysis.published", kept
as the legacy `ANALYSIS_RUN_RECORDED_LEGACY` that every reader still reads), while a report is
*published* only by an approved proposal (`REPORT_PUBLISHED`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class EntryType:
    """One kind of record entry."""

    name: str
    meaning: str
    fields: Mapping[str, type] = field(default_factory=dict)
    actor_required: bool = False
    # Only found in records written by earlier versions: never appended now, still read.
    legacy: bool = False


REGISTRY: dict[str, EntryType] = {}


def _register(name: str, meaning: str, fields: Mapping[str, Any] | None = None, **options: bool) -> str:
    if name in REGISTRY:
        raise ValueError(f"record entry type {name!r} is registered twice")
    REGISTRY[name] = EntryType(name, meaning, dict(fields or {}), **options)
    return name


_ID = int
_TEXTS = dict
# A sealed batch of totals-only votes (statements or a joint statement's clauses): see parley.record.tally.
_BATCH = {"batch": int, "sides": dict, "totals": dict, "commitments": list}
# A proposal's entries after the one that made it: which proposal, of which kind.
_PROPOSAL = {"proposal": _ID, "kind": str}

# The dialogue and its members.
DIALOGUE_CREATED = _register(
    "dialogue.created",
    "The dialogue was opened, with its title, languages, sides and settings.",
    {"title": dict, "description": dict, "languages": list, "sides": list, "status": str, "vote_visibility": str},
)
DIALOGUE_CHANGED = _register(
    "dialogue.changed", "An approved proposal changed the dialogue's status or settings.", {"proposal": _ID}
)
DIALOGUE_CHANGE_REQUESTED = _register(
    "dialogue.change_requested", "A change of settings was requested (records before proposals).", legacy=True
)
DIALOGUE_CHANGE_ANSWERED = _register(
    "dialogue.change_answered", "A requested change of settings was answered (records before proposals).", legacy=True
)
MEMBERSHIP_JOINED = _register(
    "membership.joined", "A member joined a side.", {"side": str, "role": str, "member": _ID, "handle": str}
)
MEMBERSHIP_ROLE_CHANGED = _register(
    "membership.role_changed",
    "An approved proposal changed a member's role.",
    {"member": _ID, "handle": str, "side": str, "role": str, "from": str, "proposal": _ID},
)
INVITE_CREATED = _register(
    "invite.created",
    "An invitation to a side was made.",
    {
        "invite": _ID,
        "side": str,
        "role": str,
        "max_uses": int,
        "expires_at": str,
        "awaiting_approval": bool,
        "token_commitment": str,
    },
)
INVITE_REVOKED = _register("invite.revoked", "An invitation was revoked.", {"invite": _ID})
INVITE_APPROVED = _register(
    "invite.approved", "An approved proposal let an invitation be used.", {"invite": _ID, "proposal": _ID}
)
KEY_REGISTERED = _register(
    "key.registered",
    "A co-chair registered a signing key.",
    {"member": _ID, "public_key": str, "fingerprint": str, "side": str, "role": str},
    actor_required=True,
)
CHECKPOINT_SIGNED = _register(
    "checkpoint.signed",
    "A checkpoint of the record was co-signed.",
    {"tree_size": int, "root_hash": str, "role": str, "fingerprint": str},
)

# Statements and votes.
STATEMENT_SUBMITTED = _register(
    "statement.submitted",
    "A statement was submitted.",
    {"statement": _ID, "text": str, "language": str, "side": str, "seed": bool, "translations": dict},
)
STATEMENT_MODERATED = _register(
    "statement.moderated", "A statement was accepted, hidden or held.", {"statement": _ID, "status": str}
)
STATEMENT_FLAGGED = _register(
    "statement.flagged", "A statement was flagged for moderation.", {"statement": _ID, "reason": str}
)
STATEMENT_FLAGS_DISMISSED = _register(
    "statement.flags_dismissed",
    "A side dismissed the flags on a statement.",
    {"statement": _ID, "side": str, "flags": int},
)
STATEMENT_APPEALED = _register(
    "statement.appealed", "The author appealed a moderation case.", {"statement": _ID, "case": _ID, "appeal": _ID}
)
APPEAL_ANSWERED = _register(
    "appeal.answered",
    "An appeal was answered.",
    {"appeal": _ID, "statement": _ID, "case": _ID, "answer": str, "outcome": str},
)
MODERATION_DECIDED = _register(
    "moderation.decided", "Both sides decided a moderation case.", {"case": _ID, "statement": _ID, "decision": str}
)
MODERATION_POLICY_ADOPTED = _register(
    "moderation.policy_adopted", "An approved proposal adopted a moderation policy.", {"texts": dict, "proposal": _ID}
)
BLOCKLIST_CHANGED = _register(
    "blocklist.changed",
    "An approved proposal changed a language's blocklist.",
    {"language": str, "added": list, "removed": list, "proposal": _ID},
)
TEXT_WITHDRAWN = _register(
    "text.withdrawn",
    "Sealed texts were withdrawn: their openings are no longer published.",
    {"statement": _ID, "openings": list, "rule": str, "proposal": _ID},
)
VOTE_CAST = _register(
    "vote.cast", "A vote on a statement (named votes).", {"statement": _ID, "value": int, "member": _ID}
)
VOTES_TALLIED = _register("votes.tallied", "A batch of totals-only votes was tallied.", _BATCH)

# Analysis, reports, proposals.
_ANALYSIS_RUN = {"run": _ID, "upto": int, "result_sha256": str, "recomputable": bool}
ANALYSIS_RUN_RECORDED = _register("analysis.recorded", "An analysis run was recorded (every run).", _ANALYSIS_RUN)
ANALYSIS_RUN_RECORDED_LEGACY = _register(
    "analysis.published",
    "An analysis run was recorded, under the name records used before analysis.recorded (read as it).",
    _ANALYSIS_RUN,
    legacy=True,
)
# Every name an analysis run's entry has had, for readers of old and new records alike.
ANALYSIS_RUN_TYPES = (ANALYSIS_RUN_RECORDED, ANALYSIS_RUN_RECORDED_LEGACY)
REPORT_PUBLISHED = _register(
    "report.published",
    "An approved proposal published a report of an analysis run (at its approval, or at the agreed time after it).",
    {"run": _ID, "proposal": _ID},
)
REPORT_FROZEN = _register(
    "report.frozen",
    "An approved report's contents were frozen: the SHA-256 of its snapshot, and when it becomes public.",
    {"report": _ID, "run": _ID, "proposal": _ID, "snapshot_sha256": str, "publish_at": str},
)
PROPOSAL_MADE = _register(
    "proposal.made",
    "A proposal was made.",
    {"proposal": _ID, "kind": str, "side": str, "expires_at": str, "payload": dict},
    actor_required=True,
)
PROPOSAL_APPROVED = _register("proposal.approved", "A proposal was approved.", _PROPOSAL)
PROPOSAL_REJECTED = _register("proposal.rejected", "A proposal was rejected.", _PROPOSAL)
PROPOSAL_WITHDRAWN = _register("proposal.withdrawn", "A proposal was withdrawn.", _PROPOSAL)
PROPOSAL_EXPIRED = _register("proposal.expired", "A proposal expired unanswered.", _PROPOSAL)
GLOSSARY_ADOPTED = _register(
    "glossary.adopted",
    "An approved proposal adopted a glossary term.",
    {"term": _ID, "texts": dict, "sides": dict, "note": dict, "proposal": _ID},
)

# Joint statements.
JOINT_DRAFTED = _register(
    "joint.drafted", "A joint statement was drafted.", {"joint": _ID, "version": int, "title": dict, "clauses": list}
)
JOINT_AMENDMENT_PROPOSED = _register(
    "joint.amendment_proposed",
    "An amendment was proposed.",
    {
        "joint": _ID,
        "amendment": _ID,
        "base_version": int,
        "action": str,
        "clause": str,
        "language": str,
        "side": str,
        "texts": dict,
    },
)
JOINT_AMENDMENT_ACCEPTED = _register(
    "joint.amendment_accepted",
    "An amendment was accepted.",
    {"joint": _ID, "amendment": _ID, "version": int, "clauses": list},
)
JOINT_AMENDMENT_REJECTED = _register(
    "joint.amendment_rejected", "An amendment was rejected.", {"joint": _ID, "amendment": _ID, "reason": str}
)
JOINT_AMENDMENT_WITHDRAWN = _register(
    "joint.amendment_withdrawn", "An amendment was withdrawn.", {"joint": _ID, "amendment": _ID}
)
JOINT_FINALISED = _register(
    "joint.finalised",
    "A joint statement's text was finalised.",
    {"joint": _ID, "version": int, "sha256": str, "participant_vote": bool, "proposal": _ID},
)
JOINT_VOTE = _register(
    "joint.vote",
    "A named vote on a joint statement's final text.",
    {"joint": _ID, "clause": str, "member": _ID, "value": int},
)
JOINT_VOTES_TALLIED = _register(
    "joint.votes_tallied", "A batch of totals-only votes on a joint statement.", {"joint": _ID, **_BATCH}
)
JOINT_SIGNED = _register(
    "joint.signed",
    "A side signed a joint statement.",
    {"joint": _ID, "version": int, "sha256": str, "role": str, "fingerprint": str, "signature": str},
)
JOINT_RATIFIED = _register(
    "joint.ratified", "A joint statement was ratified by both sides.", {"joint": _ID, "sha256": str}
)

# Translations.
TRANSLATOR_GRANTED = _register(
    "translator.granted",
    "A member was made a translator.",
    {"member": _ID, "handle": str, "side": str, "languages": list},
)
TRANSLATOR_WITHDRAWN = _register(
    "translator.withdrawn", "A translator's grant was withdrawn.", {"member": _ID, "side": str}
)
TRANSLATION_PROPOSED = _register(
    "translation.proposed", "A translation was proposed.", {"language": str, "provenance": str, "text": str}
)
TRANSLATION_REVIEWED = _register(
    "translation.reviewed", "A translation was reviewed.", {"language": str, "member": _ID, "side": str}
)
TRANSLATION_DISPUTED = _register(
    "translation.disputed",
    "A translation was disputed.",
    {"language": str, "member": _ID, "side": str, "version": int, "reason": str},
)
TRANSLATION_MACHINE = _register(
    "translation.machine",
    "A machine translation was recorded.",
    {"language": str, "backend": str, "model": str, "text": str},
)
TRANSLATION_ADDED = _register("translation.added", "A translation was added (earlier records).", legacy=True)


# Meetings in person (parley.meetings): attendance is published as per-side counts, never who.
_MEETING = {"meeting": _ID}
MEETING_CREATED = _register(
    "meeting.created",
    "A meeting in person was scheduled.",
    {**_MEETING, "title": dict, "place": str, "starts_at": str},
    actor_required=True,
)
MEETING_CHANGED = _register(
    "meeting.changed",
    "A meeting's title, place or time was changed.",
    {**_MEETING, "title": dict, "place": str, "starts_at": str},
    actor_required=True,
)
MEETING_AGENDA_CHANGED = _register(
    "meeting.agenda_changed", "A meeting's agenda was changed.", {**_MEETING, "items": list}, actor_required=True
)
MEETING_ATTENDANCE = _register(
    "meeting.attendance",
    "A side's attendance at a meeting was counted (how many, never who).",
    {**_MEETING, "side": str, "present": int},
    actor_required=True,
)
MEETING_ADVANCED = _register(
    "meeting.advanced", "A meeting moved to an agenda item.", {**_MEETING, "item": int}, actor_required=True
)
MEETING_SPOTLIGHT = _register(
    "meeting.spotlight",
    "A statement was put in a meeting's spotlight.",
    {**_MEETING, "statement": _ID},
    actor_required=True,
)
MEETING_ROUND_STARTED = _register(
    "meeting.round_started",
    "A timed round of votes on a statement started at a meeting.",
    {**_MEETING, "statement": _ID, "seconds": int, "ends_at": str},
    actor_required=True,
)
MEETING_PAPER_VOTES = _register(
    "meeting.paper_votes",
    "A side's paper ballots on a statement at a meeting were counted (apart from online votes).",
    {**_MEETING, "statement": _ID, "side": str, "agree": int, "disagree": int, "pass": int},
    actor_required=True,
)
MEETING_ENDED = _register("meeting.ended", "A meeting ended.", _MEETING, actor_required=True)


def check(type: str, payload: object, *, has_actor: bool | None = None) -> EntryType:
    """Return TYPE's registry entry; ValueError with a clear message if TYPE is unknown or PAYLOAD
    lacks one of its fields or has one of the wrong type (a sealed value counts as any type)."""
    kind = REGISTRY.get(type)
    if kind is None:
        raise ValueError(f"unknown record entry type {type!r}: register it in parley/record/entries.py")
    if not isinstance(payload, Mapping):
        raise ValueError(f"the payload of a {type} entry must be a dict, not {payload.__class__.__name__}")
    for name, expected in kind.fields.items():
        if name not in payload:
            raise ValueError(f"the payload of a {type} entry lacks its field {name!r}")
        value = payload[name]
        if _is_sealed(value):
            continue
        if not isinstance(value, expected) or (expected is int and isinstance(value, bool)):
            raise ValueError(f"the field {name!r} of a {type} entry must be {expected.__name__}, not {value!r}")
    if kind.actor_required and has_actor is False:
        raise ValueError(f"a {type} entry needs an actor")
    return kind


def envelope(
    dialogue: str, seq: int, time: str, type: str, payload: dict[str, Any], actor: dict[str, Any] | None = None
) -> dict[str, Any]:
    """One entry's body, checked against the registry: the form every record entry has."""
    check(type, payload, has_actor=actor is not None)
    return {"dialogue": dialogue, "seq": seq, "time": time, "type": type, "actor": actor, "payload": payload}


def _is_sealed(value: object) -> bool:
    # A private value before sealing (log.Private) or after (its commitment) stands for any type.
    return type(value).__name__ == "Private" or (isinstance(value, Mapping) and set(value) == {"commitment"})
