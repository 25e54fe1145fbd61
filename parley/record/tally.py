"""Totals-only votes: per-vote commitments, sealed batches of totals, and receipts (no Django).

In a dialogue where only totals are public, no record entry names a vote. Votes wait in the
server's private tables and are published in batches: one `votes.tallied` entry gives, per side,
how many voters and votes the batch holds, the cumulative totals of the latest votes, and the
sorted list of the batch's vote commitments. A voter keeps the salt of each vote (their receipt)
and can check that the commitment to their vote is in the batch the receipt names; nobody else
can tell whose a commitment is.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from parley.record.canonical import canonical_json
from parley.record.entries import JOINT_VOTES_TALLIED, VOTES_TALLIED

VOTE_COMMITMENT_PREFIX = b"parley-vote-v1\x00"
JOINT_VOTE_COMMITMENT_PREFIX = b"parley-joint-vote-v1\x00"
SALT_BYTES = 16
TALLIED = VOTES_TALLIED
# The sibling entry for participants' votes on a joint statement's final text: one series of
# batches per joint statement, totals per clause ("" = the whole text) and side as [agree, disagree].
JOINT_TALLIED = JOINT_VOTES_TALLIED
_HEX64 = re.compile(r"[0-9a-f]{64}")

# {"<statement>": {"<side>": [agree, disagree, pass]}}
Totals = dict[str, dict[str, list[int]]]


class TallyError(ValueError):
    """A batch entry or a receipt that is malformed or inconsistent."""


def vote_commitment(member: int, statement: int, value: int, salt: bytes) -> str:
    """Return the hex SHA-256 commitment to one cast vote (see docs/record-format.md)."""
    if len(salt) != SALT_BYTES:
        raise TallyError(f"a vote's salt has {SALT_BYTES} bytes")
    body = canonical_json({"member": member, "statement": statement, "value": value})
    return hashlib.sha256(VOTE_COMMITMENT_PREFIX + salt + body).hexdigest()


def joint_vote_commitment(member: int, joint: int, clause: str, value: int, salt: bytes) -> str:
    """Return the hex SHA-256 commitment to one vote on a joint statement (see docs/record-format.md)."""
    if len(salt) != SALT_BYTES:
        raise TallyError(f"a vote's salt has {SALT_BYTES} bytes")
    body = canonical_json({"clause": clause, "joint": joint, "member": member, "value": value})
    return hashlib.sha256(JOINT_VOTE_COMMITMENT_PREFIX + salt + body).hexdigest()


def is_commitment(text: object) -> bool:
    return isinstance(text, str) and _HEX64.fullmatch(text) is not None


@dataclass(frozen=True)
class Batch:
    """One sealed batch as the record states it."""

    seq: int
    time: str
    number: int
    sides: Mapping[str, Mapping[str, int]]  # side -> {"voters": n, "votes": n}
    totals: Totals
    commitments: tuple[str, ...]
    # The joint statement whose votes a `joint.votes_tallied` batch counts (None: votes on statements).
    joint: int | None = None
    # How many participants of each side joined since the batch before (their joins have no entries).
    joined: Mapping[str, int] = field(default_factory=dict)

    @property
    def counted(self) -> str:
        """What each key of the totals names, for messages."""
        return "statement" if self.joint is None else "clause"


def read_batch(
    seq: int, time: str, payload: Mapping[str, Any], side_labels: list[str], *, joint: int | None = None
) -> Batch:
    """Return the batch PAYLOAD describes; raise TallyError unless it is well formed.

    JOINT: the joint statement a `joint.votes_tallied` batch counts, whose totals are [agree, disagree]
    per clause and side; else totals are [agree, disagree, pass] per statement and side.
    """
    width, noun, many = (3, "statement", "three") if joint is None else (2, "clause", "two")
    number = payload.get("batch")
    if not isinstance(number, int) or isinstance(number, bool) or number < 1:
        raise TallyError("field 'batch' is missing or not a positive integer")
    sides = payload.get("sides")
    if not isinstance(sides, Mapping):
        raise TallyError("field 'sides' is missing or not an object")
    for label, counts in sides.items():
        if label not in side_labels:
            raise TallyError(f"side {label!r} is not a side of this dialogue")
        if not isinstance(counts, Mapping) or set(counts) != {"voters", "votes"}:
            raise TallyError(f"side {label!r}: counts are an object with voters and votes")
        if not all(_count(counts[k]) for k in ("voters", "votes")) or counts["voters"] > counts["votes"]:
            raise TallyError(f"side {label!r}: voters and votes are counts, with no more voters than votes")
        if counts["voters"] < 1:
            # A side the batch covers has votes in it: listed with none, its totals could change unbounded.
            raise TallyError(f"side {label!r}: a side the batch covers has at least one voter and one vote")
    totals = payload.get("totals")
    if not isinstance(totals, Mapping):
        raise TallyError("field 'totals' is missing or not an object")
    clean: Totals = {}
    for statement, per_side in totals.items():
        if not isinstance(per_side, Mapping):
            raise TallyError(f"totals of {noun} {statement}: not an object of sides")
        clean[statement] = {}
        for label, counts in per_side.items():
            if label not in side_labels:
                raise TallyError(f"totals of {noun} {statement}: {label!r} is not a side of this dialogue")
            if not isinstance(counts, list) or len(counts) != width or not all(_count(c) for c in counts):
                raise TallyError(f"totals of {noun} {statement}, side {label}: not {many} non-negative counts")
            clean[statement][label] = list(counts)
    commitments = payload.get("commitments")
    if not isinstance(commitments, list) or not all(is_commitment(c) for c in commitments):
        raise TallyError("field 'commitments' is not a list of 64-hex-digit commitments")
    if commitments != sorted(set(commitments)):
        raise TallyError("commitments are not sorted and distinct")
    if len(commitments) != sum(c["votes"] for c in sides.values()):
        raise TallyError("the number of commitments is not the number of votes the sides report")
    joined = payload.get("joined", {})
    if not isinstance(joined, Mapping) or not all(
        label in side_labels and _count(n) and n > 0 for label, n in joined.items()
    ):
        raise TallyError("field 'joined' is not an object of sides and positive counts")
    return Batch(seq, time, number, sides, clean, tuple(commitments), joint, dict(joined))


def check_follows(
    previous: Batch | None, batch: Batch, members: Mapping[str, int], *, baseline: Totals | None = None
) -> None:
    """Raise TallyError unless BATCH can follow PREVIOUS: numbered next, with no total falling below
    a count of voters it already had, no side counting more voters than it has members, and the
    totals changed by no more than the batch's votes can change them.

    Each vote in a batch changes the latest vote of one voter on one statement (or clause): it adds
    one to a count, and may take one from another count of the same statement (a changed vote). So,
    per side, the counts that rose rose by at most the side's votes in the batch (hence so did the
    totals, and at most that many statements changed), and a side the batch does not cover keeps
    every count. BASELINE: the totals before the first batch (votes public one by one before the
    dialogue became totals-only); without it the first batch is bounded only by the members.
    """
    expected = 1 if previous is None else previous.number + 1
    if batch.number != expected:
        raise TallyError(f"batch {batch.number} follows batch {expected - 1}")
    for label, side_counts in batch.sides.items():
        if side_counts["voters"] > members.get(label, 0):
            raise TallyError(f"side {label}: {side_counts['voters']} voters, but only {members.get(label, 0)} members")
    for statement, per_side in batch.totals.items():
        for label, votes in per_side.items():
            if sum(votes) > members.get(label, 0):
                raise TallyError(f"totals of {batch.counted} {statement}, side {label}: more votes than members")
    before_totals = previous.totals if previous is not None else baseline
    if before_totals is None:
        return
    width = 3 if batch.joint is None else 2
    grown: dict[str, int] = {}  # side -> how much its totals rose, over all statements
    raised: dict[str, int] = {}  # side -> how much its counts that rose rose (one per vote at most)
    changed: dict[str, int] = {}  # side -> how many statements' counts changed
    for statement in sorted(set(before_totals) | set(batch.totals)):
        was, now_all = before_totals.get(statement, {}), batch.totals.get(statement, {})
        for label in sorted(set(was) | set(now_all)):
            zero = [0] * width
            before, now = was.get(label, zero), now_all.get(label, zero)
            where = f"totals of {batch.counted} {statement}, side {label}"
            # A voter's latest vote may change, never disappear: each total counts distinct voters.
            if sum(now) < sum(before):
                raise TallyError(f"{where}: fewer voters than batch before")
            if now == before:
                continue
            if label not in batch.sides:
                raise TallyError(f"{where}: changed with no votes of that side")
            grown[label] = grown.get(label, 0) + sum(now) - sum(before)
            raised[label] = raised.get(label, 0) + sum(max(0, n - b) for n, b in zip(now, before, strict=False))
            changed[label] = changed.get(label, 0) + 1
    for label, side_counts in sorted(batch.sides.items()):
        cast = side_counts["votes"]
        where = f"side {label}: batch {batch.number} holds {cast} votes"
        if grown.get(label, 0) > cast:
            raise TallyError(f"{where}, but its totals grew by {grown[label]} voters")
        if changed.get(label, 0) > cast:
            raise TallyError(f"{where}, but the counts of {changed[label]} {batch.counted}s changed")
        if raised.get(label, 0) > cast:
            raise TallyError(f"{where}, but its counts rose by {raised[label]} in all")


def _count(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


# --- receipts -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class ReceiptVote:
    statement: int  # 0 for a vote on a joint statement
    value: int
    salt: bytes
    commitment: str
    batch: int | None
    # A vote on a joint statement's final text: the statement, and the clause ("" = the whole text).
    joint: int | None = None
    clause: str = ""

    def matches(self, member: int) -> bool:
        """Whether the commitment is to this vote by MEMBER under its salt."""
        if self.joint is None:
            return vote_commitment(member, self.statement, self.value, self.salt) == self.commitment
        return joint_vote_commitment(member, self.joint, self.clause, self.value, self.salt) == self.commitment


@dataclass(frozen=True)
class Receipt:
    dialogue: str
    member: int
    votes: tuple[ReceiptVote, ...]


def read_receipt(data: bytes) -> Receipt:
    """Parse a receipt file; raise TallyError naming what is wrong."""
    try:
        raw = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise TallyError("the receipt is not a JSON file") from None
    if not isinstance(raw, dict) or not isinstance(raw.get("dialogue"), str) or not isinstance(raw.get("votes"), list):
        raise TallyError("a receipt is an object with dialogue, member and votes")
    member = raw.get("member")
    if not _count(member):
        raise TallyError("a receipt names its member id")
    votes = []
    for index, item in enumerate(raw["votes"], start=1):
        where = f"vote {index}"
        if not isinstance(item, dict):
            raise TallyError(f"{where}: not an object")
        statement, value, batch = item.get("statement"), item.get("value"), item.get("batch")
        joint, clause = item.get("joint"), item.get("clause", "")
        if joint is not None:
            if not _count(joint) or not isinstance(clause, str) or value not in (-1, 1) or isinstance(value, bool):
                raise TallyError(f"{where}: a vote on a joint statement has joint, clause and value (-1 or 1)")
            statement = 0
        elif not _count(statement) or value not in (-1, 0, 1) or isinstance(value, bool):
            raise TallyError(f"{where}: statement and value (-1, 0 or 1) are required")
        if batch is not None and (not _count(batch) or batch < 1):
            raise TallyError(f"{where}: batch is a positive number or null")
        try:
            salt = base64.b64decode(str(item.get("salt")), validate=True)
        except (binascii.Error, ValueError):
            raise TallyError(f"{where}: salt is not base64") from None
        if len(salt) != SALT_BYTES or not is_commitment(item.get("commitment")):
            raise TallyError(f"{where}: needs a {SALT_BYTES}-byte salt and a 64-hex-digit commitment")
        joint_id = None if joint is None else int(str(joint))
        votes.append(ReceiptVote(int(str(statement)), value, salt, item["commitment"], batch, joint_id, clause))
    return Receipt(raw["dialogue"], int(str(member)), tuple(votes))


def receipt_json(dialogue: str, member: int, votes: list[ReceiptVote]) -> str:
    """Return the receipt file's text for VOTES."""
    return json.dumps(
        {
            "dialogue": dialogue,
            "member": member,
            "votes": [
                {
                    **({"statement": v.statement} if v.joint is None else {"joint": v.joint, "clause": v.clause}),
                    "value": v.value,
                    "salt": base64.b64encode(v.salt).decode("ascii"),
                    "commitment": v.commitment,
                    "batch": v.batch,
                }
                for v in votes
            ],
        },
        indent=1,
        sort_keys=True,
    )


def check_receipt(receipt: Receipt, slug: str, batches: list[Batch]) -> list[str]:
    """Return one line per vote of RECEIPT: found in its batch, not yet published, or a problem.

    Raise TallyError at the first vote that does not match its commitment or is missing from the
    batch its receipt names.
    """
    if receipt.dialogue != slug:
        raise TallyError(f"the receipt is for dialogue {receipt.dialogue!r}, this bundle is of {slug!r}")
    by_number = {(b.joint, b.number): b for b in batches}
    lines = []
    for index, vote in enumerate(receipt.votes, start=1):
        what = f"statement {vote.statement}" if vote.joint is None else f"joint statement {vote.joint}"
        where = f"receipt vote {index} ({what})"
        if not vote.matches(receipt.member):
            raise TallyError(f"{where}: the commitment does not match the vote and salt")
        if vote.batch is None:
            lines.append(f"{where}: not yet published when the receipt was made")
            continue
        batch = by_number.get((vote.joint, vote.batch))
        if batch is None:
            raise TallyError(f"{where}: the record has no batch {vote.batch}")
        if vote.commitment not in batch.commitments:
            raise TallyError(f"{where}: its commitment is not in batch {vote.batch} (entry {batch.seq})")
        lines.append(f"{where}: included in batch {vote.batch} (entry {batch.seq})")
    return lines


def check_analysis_totals(analysis: Mapping[str, Any], batch: Batch) -> None:
    """Raise TallyError unless ANALYSIS counts exactly BATCH's totals.

    Every statement of the analysis names each side the batch counts on it, with the batch's counts
    per side (a side it names that the batch does not count has none), and its n_agree, n_disagree
    and n_pass, where it carries them, are the sums over the sides. Every statement the batch counts
    votes on is in the analysis, but for as many as the analysis says it left out as moderated
    (`meta.input.moderated_out`: the engine drops those from its statements).
    """
    statements = analysis.get("statements", [])
    if not isinstance(statements, list):
        raise TallyError("the analysis has no list of statements")
    seen: set[str] = set()
    for index, statement in enumerate(statements, start=1):
        ident = statement.get("id") if isinstance(statement, Mapping) else None
        if not isinstance(ident, str) or ident in seen:
            raise TallyError(f"statement {index} of the analysis has no id of its own")
        seen.add(ident)
        published = batch.totals.get(ident, {})
        per_side = statement.get("per_side")
        if not isinstance(per_side, Mapping):
            raise TallyError(f"statement {ident}: the analysis gives no counts per side")
        for label, counts in sorted(published.items()):
            if sum(counts) and label not in per_side:
                raise TallyError(
                    f"statement {ident}, side {label}: missing from the analysis, "
                    f"batch {batch.number} published {counts}"
                )
        for label, counts in per_side.items():
            found = [counts.get(k) for k in ("agree", "disagree", "pass")] if isinstance(counts, Mapping) else None
            if found != published.get(label, [0, 0, 0]):
                raise TallyError(
                    f"statement {ident}, side {label}: the analysis counts {found}, "
                    f"batch {batch.number} published {published.get(label, [0, 0, 0])}"
                )
        sums = [sum(counts[i] for counts in published.values()) for i in range(3)]
        for i, key in enumerate(("n_agree", "n_disagree", "n_pass")):
            if key in statement and not (_count(statement[key]) and statement[key] == sums[i]):
                raise TallyError(
                    f"statement {ident}: the analysis counts {key} = {statement[key]}, "
                    f"batch {batch.number} published {sums[i]} over the sides"
                )
    left_out = [s for s, per_side in batch.totals.items() if s not in seen and any(map(sum, per_side.values()))]
    meta = analysis.get("meta")
    given = meta.get("input") if isinstance(meta, Mapping) else None
    moderated = given.get("moderated_out") if isinstance(given, Mapping) else None
    allowed = moderated if isinstance(moderated, int) and not isinstance(moderated, bool) else 0
    if len(left_out) > allowed:
        shown = ", ".join(sorted(left_out, key=lambda s: (len(s), s))[:5])
        raise TallyError(
            f"statements {shown}: batch {batch.number} counts votes on {len(left_out)} statements the analysis "
            f"leaves out, but it says it left out {allowed} as moderated"
        )
