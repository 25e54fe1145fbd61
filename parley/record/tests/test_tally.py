"""Batches of totals-only votes replay only when consistent; receipts check against them."""

from __future__ import annotations

import base64
import json

import pytest

from parley.record.replay import ReplayError, replay
from parley.record.tally import (
    Batch,
    Receipt,
    ReceiptVote,
    TallyError,
    check_analysis_totals,
    check_receipt,
    read_receipt,
    receipt_json,
    vote_commitment,
)

SALT = bytes(range(16))
C1 = vote_commitment(7, 1, 1, SALT)
C2 = vote_commitment(8, 1, -1, SALT)


def entry(seq: int, kind: str, payload: dict, actor: dict | None = None) -> dict:
    return {
        "dialogue": "quiet-talks",
        "seq": seq,
        "time": f"2026-05-01T10:00:{seq:02d}.000000Z",
        "type": kind,
        "actor": actor,
        "payload": payload,
    }


def record(*batches: dict) -> list[dict]:
    sides = [{"position": i, "label": label, "name": {}, "colour": "#000000"} for i, label in enumerate("AB")]
    created = {"title": {}, "description": {}, "languages": ["en"], "sides": sides, "status": "open"}
    entries = [entry(0, "dialogue.created", {**created, "vote_visibility": "aggregate"})]
    for side in "AABB":
        entries.append(entry(len(entries), "membership.joined", {"side": side, "role": "participant"}))
    unnamed = {"side": "A", "role": "participant"}
    entries.append(entry(len(entries), "statement.submitted", statement_payload(), unnamed))
    for payload in batches:
        entries.append(entry(len(entries), "votes.tallied", payload))
    return entries


def statement_payload() -> dict:
    return {"statement": 1, "text": "Open the river data.", "language": "en", "side": "A", "seed": False}


def batch(number: int, totals: dict, sides: dict | None = None, commitments: list[str] | None = None) -> dict:
    return {
        "batch": number,
        "sides": sides if sides is not None else {"A": {"voters": 2, "votes": 2}},
        "totals": totals,
        "commitments": commitments if commitments is not None else sorted([C1, C2]),
    }


def test_unnamed_participants_count_as_members_of_their_side_and_author_nothing():
    state = replay(record())
    assert state.members_per_side() == {"A": 2, "B": 2} and state.members == {}
    assert state.statements[1].author is None


def test_consistent_batches_replay_in_order():
    state = replay(record(batch(1, {"1": {"A": [1, 1, 0]}}), batch(2, {"1": {"A": [0, 2, 0]}})))
    assert [b.number for b in state.batches] == [1, 2] and state.batches[1].totals == {"1": {"A": [0, 2, 0]}}


@pytest.mark.parametrize(
    ("payloads", "problem"),
    [
        ([batch(2, {"1": {"A": [1, 1, 0]}})], "batch 2 follows batch 0"),
        ([batch(1, {"1": {"A": [2, 0, 0]}}), batch(2, {"1": {"A": [1, 0, 0]}})], "fewer voters than batch before"),
        ([batch(1, {"1": {"A": [3, 0, 0]}})], "more votes than members"),
        ([batch(1, {"1": {"A": [-1, 0, 0]}})], "not three non-negative counts"),
        ([batch(1, {"9": {"A": [1, 0, 0]}})], "statement 9, which was never submitted"),
        ([batch(1, {"1": {"C": [1, 0, 0]}})], "'C' is not a side"),
        ([batch(1, {}, commitments=sorted([C1, C2], reverse=True))], "not sorted and distinct"),
        ([batch(1, {}, commitments=[C1])], "not the number of votes"),
        ([batch(1, {}, sides={"A": {"voters": 3, "votes": 2}})], "no more voters than votes"),
        ([batch(1, {}, sides={"A": {"voters": 3, "votes": 3}}, commitments=sorted([C1, C2, "0" * 64]))], "members"),
        (
            [batch(1, {"1": {"B": [1, 0, 0]}}), batch(2, {"1": {"B": [0, 1, 0]}})],
            "changed with no votes of that side",
        ),
    ],
)
def test_an_inconsistent_batch_stops_the_replay_naming_its_entry(payloads, problem):
    with pytest.raises(ReplayError, match=problem) as caught:
        replay(record(*payloads))
    assert caught.value.seq >= 6


def published(totals: dict) -> Batch:
    return Batch(9, "", 1, {"A": {"voters": 2, "votes": 2}}, totals, (C1, C2))


def test_an_analysis_must_count_exactly_what_its_batch_published():
    analysis = {"statements": [{"id": "1", "per_side": {"A": {"agree": 1, "disagree": 1, "pass": 0}}}]}
    check_analysis_totals(analysis, published({"1": {"A": [1, 1, 0]}}))
    with pytest.raises(TallyError, match="the analysis counts"):
        check_analysis_totals(analysis, published({"1": {"A": [2, 0, 0]}}))


def test_a_receipt_checks_each_vote_against_the_batch_it_names():
    receipt = read_receipt(receipt_json("quiet-talks", 7, [ReceiptVote(1, 1, SALT, C1, 1)]).encode())
    assert check_receipt(receipt, "quiet-talks", [published({})]) == [
        "receipt vote 1 (statement 1): included in batch 1 (entry 9)"
    ]
    with pytest.raises(TallyError, match="is for dialogue"):
        check_receipt(receipt, "other-talks", [published({})])
    lying = Receipt("quiet-talks", 7, (ReceiptVote(1, -1, SALT, C1, 1),))
    with pytest.raises(TallyError, match="does not match"):
        check_receipt(lying, "quiet-talks", [published({})])
    missing = Receipt("quiet-talks", 8, (ReceiptVote(1, -1, SALT, C2, 1),))
    check_receipt(missing, "quiet-talks", [published({})])
    with pytest.raises(TallyError, match="not in batch 1"):
        check_receipt(missing, "quiet-talks", [Batch(9, "", 1, {}, {}, (C1,))])


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("[", "not a JSON file"),
        ("[]", "an object with dialogue"),
        (json.dumps({"dialogue": "d", "member": 1, "votes": [{"statement": 1, "value": 2}]}), "value"),
        (
            json.dumps(
                {
                    "dialogue": "d",
                    "member": 1,
                    "votes": [{"statement": 1, "value": 1, "salt": base64.b64encode(b"x").decode(), "commitment": C1}],
                }
            ),
            "16-byte salt",
        ),
    ],
)
def test_a_malformed_receipt_is_refused_with_a_clear_reason(text, problem):
    with pytest.raises(TallyError, match=problem):
        read_receipt(text.encode())


def test_the_first_batch_is_bounded_by_its_votes_too():
    # With no batch before it, the first one is measured against the votes the record named one by one
    # (none here): one vote cannot put two agrees on the books.
    with pytest.raises(ReplayError, match="grew by 2") as caught:
        replay(record(batch(1, {"1": {"A": [2, 0, 0]}}, sides={"A": {"voters": 1, "votes": 1}}, commitments=[C1])))
    assert caught.value.seq == 6


def test_a_first_batch_after_unnamed_votes_of_an_older_parley_counts_them_unbounded():
    # Before batches, a totals-only vote was an unnamed `vote.cast` entry; the first batch counts those
    # too, and nobody knows their values, so only the members bound it.
    entries = record()
    for _ in range(2):
        entries.append(entry(len(entries), "vote.cast", {"statement": 1, "side": "A"}))
    entries.append(
        entry(len(entries), "votes.tallied", batch(1, {"1": {"A": [1, 1, 0]}}, {"A": {"voters": 1, "votes": 1}}, [C1]))
    )
    assert [b.number for b in replay(entries).batches] == [1]
