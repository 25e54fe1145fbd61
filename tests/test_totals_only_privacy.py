"""The attacker's test: a hostile reader of a totals-only dialogue links no vote to anyone.

The attacker reads only what a stranger can: the exported bundle, the public API, and the results
while polling them between votes. They identify a person by their `membership.joined` entry (the
pseudonym, if the entry names one, comes with it), and try every channel the privacy review found:
per-vote entries, entry timing after a join, differences between successive totals, the published
analysis's participant rows and map positions (inverted back to votes), and the order of the API's
map points; and the same channels for the participants' votes on a joint statement's final text
(per-vote entries, polling the joint statement's API between votes, its batches). The same attack
on a dialogue whose individual votes are public recovers them, so the attack is real.
"""

from __future__ import annotations

import io
import itertools
import json
import random
import zipfile
from dataclasses import dataclass, field

import numpy as np
import pytest
from django.test import Client

from parley.analysis.tasks import analyse_now
from parley.dialogues import actions
from parley.dialogues.models import Dialogue, Membership, TallyBatch, VoteHistory
from parley.joint import actions as joint_actions
from parley.joint import votes as joint_votes
from parley.joint.models import JointVoteHistory
from parley.joint.queries import common_ground_ids
from parley.ledger.models import RecordEntry
from parley.publicrecord.export import export_bundle
from parley.record.receipts import check_receipt_file
from parley.record.verifier import verify_bundle
from parley.testing.personas import build_world, committed, join, propose_and_approve

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

VOTERS = 40  # half on each side, joining and voting one after another
K = 5  # smaller than the default, so that this dialogue seals several batches
STATEMENTS = 5
JOINERS = 20  # who join later and vote on the joint statement's final text: on the whole, and clause 1
Claim = tuple[int, int, int]  # (seq of the record's last entry when the person joined, statement, value)
JointClaim = tuple[int, str, int]  # (the same, clause, value)
JointCounts = dict[tuple[str, str], tuple[int, int]]  # (clause, side) -> (agree, disagree)
TRANSLATED = {
    "az": "Çaylar haqqında {i} nömrəli bəyanat.",
    "hy": "Գետերի մասին թիվ {i} հայտարարություն։",
    "ru": "Заявление номер {i} о реках.",
}


@dataclass
class Observed:
    """What the attacker collected: the bundle's files, and each poll of the public API."""

    slug: str
    files: dict[str, bytes]
    polls: list[tuple[int, dict[tuple[str, str], tuple[int, int, int]]]] = field(default_factory=list)
    api_results: dict = field(default_factory=dict)
    truth: set[Claim] = field(default_factory=set)
    pseudonyms: list[str] = field(default_factory=list)
    joint_polls: list[tuple[int, JointCounts]] = field(default_factory=list)
    joint_api: dict = field(default_factory=dict)
    joint_truth: set[JointClaim] = field(default_factory=set)
    receipt: bytes = b""
    # Moments a side's shown participant count rose by one: (side, seq of the record's last entry).
    anchors: list[tuple[str, int]] = field(default_factory=list)
    bundle: bytes = b""

    @property
    def entries(self) -> list[dict]:
        return [json.loads(line) for line in self.files["record.jsonl"].splitlines()]


def poll(client: Client, slug: str) -> tuple[int, dict[tuple[str, str], tuple[int, int, int]]]:
    """The record's size and every per-side count the results API shows right now."""
    size = client.get(f"/api/v1/dialogues/{slug}/record/?after=1000000&limit=1").json()["size"]
    counts = {}
    for statement in client.get(f"/api/v1/dialogues/{slug}/results/").json()["statements"]:
        for row in statement["per_side"]:
            counts[(str(statement["id"]), row["side"])] = (row["agree"], row["disagree"], row["pass"])
    return size, counts


def poll_joint(client: Client, slug: str, joint: int) -> tuple[int, JointCounts]:
    """The record's size and every per-side count the joint statement's API shows right now."""
    size = client.get(f"/api/v1/dialogues/{slug}/record/?after=1000000&limit=1").json()["size"]
    results = client.get(f"/api/v1/dialogues/{slug}/joint/{joint}/").json()["joint"]["vote_results"]
    return size, {
        (clause, row["side"]): (row["agree"], row["disagree"]) for clause, rows in results.items() for row in rows
    }


def run_dialogue(slug: str, visibility: str, capture) -> Observed:
    world = build_world(slug, vote_visibility=visibility)
    with committed(capture):
        statements = [
            actions.do_submit_statement(
                world.members[("aynur", "gayane")[i % 2]],
                f"Statement number {i} about rivers.",
                "en",
                {code: text.format(i=i) for code, text in TRANSLATED.items()},
            )
            for i in range(5)
        ]
    stranger = Client()
    observed = Observed(slug, {})
    rng = random.Random(17)
    for i in range(VOTERS):
        side, inviter = (world.side_a, world.aynur) if i % 2 == 0 else (world.side_b, world.gayane)
        handle = f"Voter{i:02d}"
        member = join(inviter, side, handle)
        observed.pseudonyms.append(handle)
        # The person is known by the record's last entry when they joined: their join, where it has one.
        joined_at = RecordEntry.objects.filter(dialogue=world.dialogue).order_by("-seq").first()
        assert joined_at is not None
        for n, statement in enumerate(statements):
            # Most agree with the first two, so they are common ground to draft a joint statement from.
            value = rng.choice((-1, 0, 1, 1, 1, 1, 1, 1, 1, 1) if n < 2 else (-1, 0, 1))
            batches = TallyBatch.objects.count()
            with committed(capture):  # the vote commits: its after-commit work runs
                actions.do_cast_vote(member, statement.pk, value)
            observed.truth.add((joined_at.seq, statement.pk, value))
            if TallyBatch.objects.count() > batches:
                analyse_now(world.dialogue.pk)
            observed.polls.append(poll(stranger, slug))
    if visibility == Dialogue.VoteVisibility.INDIVIDUAL:
        analyse_now(world.dialogue.pk)
    joint, voter = vote_on_a_joint_statement(world, stranger, observed, capture)
    with committed(capture):
        propose_and_approve(world.aynur, world.gayane, "status", {"status": Dialogue.Status.CLOSED})
    analyse_now(world.dialogue.pk)
    observed.polls.append(poll(stranger, slug))
    observed.joint_polls.append(poll_joint(stranger, slug, joint.pk))
    observed.api_results = stranger.get(f"/api/v1/dialogues/{slug}/results/").json()
    observed.joint_api = stranger.get(f"/api/v1/dialogues/{slug}/joint/{joint.pk}/").json()
    out = io.BytesIO()
    export_bundle(Dialogue.objects.get(pk=world.dialogue.pk), out)
    report = verify_bundle(io.BytesIO(out.getvalue()))
    assert report.ok, report.summary
    with zipfile.ZipFile(io.BytesIO(out.getvalue())) as archive:
        observed.files = {name: archive.read(name) for name in archive.namelist()}
    observed.receipt = joint_votes.my_receipt(joint, voter).encode()
    observed.bundle = out.getvalue()
    return observed


def vote_on_a_joint_statement(world, stranger: Client, observed: Observed, capture):
    """Co-chairs draft a joint statement from the common ground and finalise it for a participants' vote;
    new participants join one after another and vote on it, the stranger polling its API after each vote."""
    with committed(capture):
        found = common_ground_ids(world.dialogue)
        assert found is not None, "the votes so far make a finished analysis with common ground"
        _run, candidates = found
        title = {"en": "On rivers", "az": "Çaylar haqqında", "hy": "Գետերի մասին", "ru": "О реках"}
        joint = joint_actions.do_start_joint(world.aynur, title, candidates[:2])
        propose_and_approve(
            world.aynur, world.gayane, "finalise_joint_statement", {"joint": joint.pk, "participant_vote": True}
        )
    rng = random.Random(11)
    member = world.aynur
    for i in range(JOINERS):
        side, inviter = (world.side_a, world.aynur) if i % 2 == 0 else (world.side_b, world.gayane)
        handle = f"Joiner{i:02d}"
        member = join(inviter, side, handle)
        observed.pseudonyms.append(handle)
        # The person is known by the record's last entry when they joined: their join, where it has one.
        joined_at = RecordEntry.objects.filter(dialogue=world.dialogue).order_by("-seq").first()
        assert joined_at is not None
        for clause in ("", "1"):
            value = rng.choice(("agree", "disagree"))
            with committed(capture):
                joint_actions.do_vote_joint(member, joint.pk, clause, value)
            observed.joint_truth.add((joined_at.seq, clause, 1 if value == "agree" else -1))
            observed.joint_polls.append(poll_joint(stranger, world.dialogue.slug, joint.pk))
    return joint, member


# --- the attack -----------------------------------------------------------------------------------


def joins(observed: Observed) -> list[dict]:
    return [e for e in observed.entries if e["type"] == "membership.joined" and e["payload"]["role"] == "participant"]


def person_of_member(observed: Observed) -> dict[int, int]:
    """Member id -> the seq of their join entry, where join entries name ids."""
    return {e["payload"]["member"]: e["seq"] for e in joins(observed) if "member" in e["payload"]}


def last_join_before(observed: Observed, side: str, size: int) -> int | None:
    """Timing: the person of SIDE who joined last among the first SIZE entries, by their join entry or
    by the participant count the stranger saw rise."""
    seqs = [e["seq"] for e in joins(observed) if e["payload"]["side"] == side and e["seq"] < size]
    seqs += [seq for label, seq in observed.anchors if label == side and seq < size]
    return max(seqs) if seqs else None


def participants_shown(client: Client, slug: str) -> tuple[int, dict[str, int]]:
    size = client.get(f"/api/v1/dialogues/{slug}/record/?after=1000000&limit=1").json()["size"]
    answer = client.get(f"/api/v1/dialogues/{slug}/results/").json()
    return size, {row["side"]: row["participants"] for row in answer["participants_per_side"]}


def from_vote_entries(observed: Observed) -> set[Claim]:
    """Per-vote entries: named ones directly; unnamed ones by timing after a join."""
    people = person_of_member(observed)
    claims = set()
    for entry in observed.entries:
        if entry["type"] != "vote.cast":
            continue
        payload = entry["payload"]
        if payload.get("member") in people:
            claims.add((people[payload["member"]], payload["statement"], payload["value"]))
    return claims


def from_differences(observed: Observed) -> set[Claim]:
    """Successive totals (polls of the API, and batch entries) differing by one vote: its value is known;
    the person is the one of that side who joined last."""
    claims = set()
    for (_size0, before), (size1, after) in itertools.pairwise(observed.polls):
        changed = {key for key in after if after[key] != before.get(key, (0, 0, 0))}
        if len(changed) != 1:
            continue
        ((statement, side),) = changed
        old, new = np.array(before.get((statement, side), (0, 0, 0))), np.array(after[(statement, side)])
        delta = new - old
        if delta.sum() == 1 and delta.max() == 1:
            person = last_join_before(observed, side, size1)
            if person is not None:
                claims.add((person, int(statement), (1, -1, 0)[int(delta.argmax())]))
    batches = [e for e in observed.entries if e["type"] == "votes.tallied"]
    for previous, batch in itertools.pairwise([{"payload": {"totals": {}}}, *batches]):
        for statement, per_side in batch["payload"]["totals"].items():
            for side, counts in per_side.items():
                before = previous["payload"]["totals"].get(statement, {}).get(side, [0, 0, 0])
                delta = np.array(counts) - np.array(before)
                voters = batch["payload"]["sides"].get(side, {}).get("voters", 0)
                if voters == 1 and delta.sum() == 1:
                    person = last_join_before(observed, side, batch["seq"])
                    if person is not None:
                        claims.add((person, int(statement), (1, -1, 0)[int(delta.argmax())]))
    return claims


def from_analysis(observed: Observed) -> set[Claim]:
    """Participant rows of analysis.json, linked by id, their map positions inverted to vote vectors."""
    if "analysis.json" not in observed.files:
        return set()
    analysis = json.loads(observed.files["analysis.json"])
    people = person_of_member(observed)
    statements = analysis["statements"]
    n = len(statements)
    seen = np.array([s["n_agree"] + s["n_disagree"] + s["n_pass"] for s in statements], dtype=float)
    mean = np.array([s["n_agree"] - s["n_disagree"] for s in statements], dtype=float) / np.maximum(seen, 1)
    positions = np.array([[s["x"], s["y"]] for s in statements], dtype=float)
    components = positions / (np.sqrt(n) * (1.0 - mean))[:, None]
    # Every vote vector, with "not seen" (nan), projected as the engine projects participants.
    options = np.array(list(itertools.product((1.0, -1.0, 0.0, np.nan), repeat=n)))
    voted = ~np.isnan(options)
    deviations = np.where(voted, options - mean, 0.0)
    projected = np.sqrt(n / np.maximum(voted.sum(axis=1), 1))[:, None] * (deviations @ components)
    claims = set()
    for row in analysis.get("participants", []):
        person = people.get(int(row["id"]))
        if person is None or row["x"] is None:
            continue
        distance = np.abs(projected - np.array([row["x"], row["y"]])).max(axis=1)
        best = np.flatnonzero(distance < 1e-6 * max(1.0, abs(row["x"]) + abs(row["y"])))
        if len(best) == 1:
            for statement, value in zip(statements, options[best[0]], strict=True):
                if not np.isnan(value):
                    claims.add((person, int(statement["id"]), int(value)))
    return claims


def linked_positions(observed: Observed) -> int:
    """Map positions the attacker can tie to a person: analysis rows by id, API points by their order."""
    analysis = json.loads(observed.files.get("analysis.json", b"{}"))
    by_id = sum(1 for row in analysis.get("participants", []) if int(row["id"]) in person_of_member(observed))
    by_order = len(observed.api_results["analysis"].get("map", {}).get("points", []))
    return by_id + by_order


def attack(observed: Observed) -> set[Claim]:
    return from_vote_entries(observed) | from_differences(observed) | from_analysis(observed)


def from_joint_vote_entries(observed: Observed) -> set[JointClaim]:
    """Per-vote entries on the joint statement: named ones directly."""
    people = person_of_member(observed)
    return {
        (people[e["payload"]["member"]], e["payload"]["clause"], e["payload"]["value"])
        for e in observed.entries
        if e["type"] == "joint.vote" and e["payload"].get("member") in people
    }


def from_joint_differences(observed: Observed) -> set[JointClaim]:
    """Successive counts of the joint statement (its API between votes, and its batch entries) differing
    by one vote: its value is known; the person is the one of that side who joined last."""
    claims = set()
    for (_size0, before), (size1, after) in itertools.pairwise(observed.joint_polls):
        changed = [key for key in after if after[key] != before.get(key, (0, 0))]
        if len(changed) != 1:
            continue
        ((clause, side),) = changed
        delta = np.array(after[(clause, side)]) - np.array(before.get((clause, side), (0, 0)))
        if delta.sum() == 1 and delta.max() == 1:
            person = last_join_before(observed, side, size1)
            if person is not None:
                claims.add((person, clause, (1, -1)[int(delta.argmax())]))
    batches = [e for e in observed.entries if e["type"] == "joint.votes_tallied"]
    for previous, batch in itertools.pairwise([{"payload": {"totals": {}}}, *batches]):
        for clause, per_side in batch["payload"]["totals"].items():
            for side, counts in per_side.items():
                delta = np.array(counts) - np.array(previous["payload"]["totals"].get(clause, {}).get(side, [0, 0]))
                if batch["payload"]["sides"].get(side, {}).get("voters", 0) == 1 and delta.sum() == 1:
                    person = last_join_before(observed, side, batch["seq"])
                    if person is not None:
                        claims.add((person, clause, (1, -1)[int(delta.argmax())]))
    return claims


def joint_attack(observed: Observed) -> set[JointClaim]:
    return from_joint_vote_entries(observed) | from_joint_differences(observed)


# --- the verdicts ---------------------------------------------------------------------------------


@pytest.fixture
def capture(django_capture_on_commit_callbacks, settings):
    settings.TALLY_MIN_VOTERS = K
    return django_capture_on_commit_callbacks


def test_the_attack_recovers_the_votes_of_a_dialogue_whose_individual_votes_are_public(capture):
    observed = run_dialogue("open-ballot", Dialogue.VoteVisibility.INDIVIDUAL, capture)
    assert from_vote_entries(observed) == observed.truth
    right = from_differences(observed) & observed.truth
    assert len(right) > 0.8 * len(observed.truth)  # polling alone: most votes, by timing
    inverted = from_analysis(observed)
    assert len(inverted & observed.truth) > 0.8 * len(observed.truth) and inverted <= observed.truth
    assert linked_positions(observed) >= VOTERS
    # The votes on the joint statement: every one from its entry, most by polling its API alone.
    assert from_joint_vote_entries(observed) == observed.joint_truth
    assert len(from_joint_differences(observed) & observed.joint_truth) > 0.8 * len(observed.joint_truth)


def test_the_attack_links_no_vote_to_anyone_in_a_totals_only_dialogue(capture):
    observed = run_dialogue("secret-ballot", Dialogue.VoteVisibility.AGGREGATE, capture)
    claims = attack(observed)
    assert claims & observed.truth == set()
    assert linked_positions(observed) == 0
    # Nothing public names a participant: no pseudonym, no member id, in any file or API answer.
    public = b"".join(observed.files.values()).decode() + json.dumps([observed.api_results, observed.joint_api])
    assert not [handle for handle in observed.pseudonyms if handle in public]
    participant_ids = set(
        Membership.objects.filter(dialogue__slug="secret-ballot", role="participant").values_list("pk", flat=True)
    )
    assert person_of_member(observed).keys() & participant_ids == set()
    # The votes are all there, as totals: the final batch published every vote still waiting.
    batches = [e["payload"] for e in observed.entries if e["type"] == "votes.tallied"]
    assert (
        sum(sum(side["votes"] for side in b["sides"].values()) for b in batches)
        == VoteHistory.objects.filter(statement__dialogue__slug="secret-ballot").count()
    )
    # Every batch, the final one too, mixes at least K voters of each side it covers.
    assert len(batches) >= 4
    assert all(side["voters"] >= K for b in batches for side in b["sides"].values())
    # Polling between votes saw the totals change only when a batch was sealed.
    changes = sum(1 for (_a, x), (_b, y) in itertools.pairwise(observed.polls) if x != y)
    assert changes <= len(batches)

    # The votes on the joint statement: none linked to anyone, by entries, polling or batches.
    assert joint_attack(observed) & observed.joint_truth == set()
    assert [e for e in observed.entries if e["type"] == "joint.vote"] == []
    joint_batches = [e["payload"] for e in observed.entries if e["type"] == "joint.votes_tallied"]
    assert len(joint_batches) >= 2
    assert all(side["voters"] >= K for b in joint_batches for side in b["sides"].values())
    assert sum(sum(side["votes"] for side in b["sides"].values()) for b in joint_batches) == (
        JointVoteHistory.objects.filter(joint__dialogue__slug="secret-ballot").count()
    )
    joint_changes = sum(1 for (_a, x), (_b, y) in itertools.pairwise(observed.joint_polls) if x != y)
    assert 0 < joint_changes <= len(joint_batches)
    # The published totals count every vote, as the voters cast them.
    final = joint_batches[-1]["totals"]
    assert sum(sum(counts) for per_side in final.values() for counts in per_side.values()) == 2 * JOINERS
    # A voter's receipt shows their votes on the joint statement in the batches that published them.
    lines = check_receipt_file(io.BytesIO(observed.bundle), observed.receipt)
    assert len(lines) == 2 and all("included in batch" in line for line in lines)


def from_authorship(observed: Observed) -> set[Claim]:
    """A participant's statement carries its author's own agree: its entry, unnamed, follows the author's join."""
    claims = set()
    for entry in observed.entries:
        if entry["type"] == "statement.submitted" and (entry["actor"] or {}).get("role") == "participant":
            person = last_join_before(observed, entry["actor"]["side"], entry["seq"])
            if person is not None:
                claims.add((person, entry["payload"]["statement"], 1))
    return claims


def write_after_joining(slug: str, visibility: str, capture) -> Observed:
    """Participants join one after another and each writes a statement (with its author's agree) right
    away, the stranger polling the shown participant counts after each join."""
    world = build_world(slug, vote_visibility=visibility)
    observed, stranger = Observed(slug, {}), Client()
    _size, shown = participants_shown(stranger, slug)
    for i in range(2 * K):
        side, inviter = (world.side_a, world.aynur) if i % 2 == 0 else (world.side_b, world.gayane)
        member = join(inviter, side, f"Author{i:02d}")
        joined_at = RecordEntry.objects.filter(dialogue=world.dialogue).order_by("-seq").first()
        assert joined_at is not None
        size, now = participants_shown(stranger, slug)
        observed.anchors += [(label, size - 1) for label in now if now[label] == shown.get(label, 0) + 1]
        shown = now
        with committed(capture):
            statement = actions.do_submit_statement(member, f"Statement {i} about the bridge.", "en")
        observed.truth.add((joined_at.seq, statement.pk, 1))
    out = io.BytesIO()
    export_bundle(Dialogue.objects.get(pk=world.dialogue.pk), out)
    with zipfile.ZipFile(io.BytesIO(out.getvalue())) as archive:
        observed.files = {"record.jsonl": archive.read("record.jsonl")}
    return observed


def test_where_votes_are_public_an_authors_own_agree_follows_their_join(capture):
    observed = write_after_joining("open-authors", Dialogue.VoteVisibility.INDIVIDUAL, capture)
    assert from_authorship(observed) == observed.truth  # the attack is real: each statement follows a join
    assert len(observed.anchors) == 2 * K  # and the shown count rose with each join


def test_in_a_totals_only_dialogue_no_join_marks_the_moment_so_no_authors_agree_links_to_anyone(capture):
    observed = write_after_joining("quiet-authors", Dialogue.VoteVisibility.AGGREGATE, capture)
    assert observed.anchors == [] and joins(observed) == []
    assert from_authorship(observed) & observed.truth == set()
