"""A joint statement: drafted from common ground, amended by both sides, finalised, voted on, signed, ratified."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from parley.dialogues.access import ActionError
from parley.dialogues.models import Dialogue
from parley.joint import actions as joint_actions
from parley.joint.models import Amendment, JointSignature, JointStatement, JointVote
from parley.joint.queries import joint_page
from parley.joint.tests.joint_setup import (
    RIVERS,
    agreed_by_everyone,
    common_ground,
    drafted,
    finalised,
    register_keys,
    signature,
)
from parley.ledger.models import RecordEntry
from parley.ledger.openings import opened_entries
from parley.proposals import actions as governance
from parley.record import keys
from parley.record.joint import sha256
from parley.testing.personas import propose_and_approve

pytestmark = pytest.mark.django_db


def entries(world, kind: str) -> list[dict]:
    rows = RecordEntry.objects.filter(dialogue=world.dialogue, type=kind).order_by("seq")
    return opened_entries(world.dialogue.pk, rows)


def clause(version, key: str) -> dict:
    found = version.clause(key)
    assert found is not None
    return found


def amend(member, joint, **data):
    return joint_actions.do_propose_amendment(member, joint.pk, data)


# --- drafting -------------------------------------------------------------------------------------


def test_a_co_chair_drafts_clauses_from_common_ground_in_every_language_with_their_sources(world):
    rivers, data, _border = common_ground(world)
    joint = joint_actions.do_start_joint(world.gayane, {"en": "Rivers"}, [data.pk, rivers.pk])
    clauses = joint.versions.get(number=1).clauses
    assert [c["sources"] for c in clauses] == [[data.pk], [rivers.pk]]
    assert clauses[0]["original"] == "hy" and set(clauses[0]["texts"]) == {"en", "az", "hy", "ru"}
    assert clauses[1]["texts"] == RIVERS and clauses[1]["original"] == "en"
    (entry,) = entries(world, "joint.drafted")
    assert entry["payload"]["version"] == 1 and entry["payload"]["clauses"] == clauses
    assert entry["actor"]["handle"] == "Gayane"


def test_the_draft_page_shows_each_clauses_sources_with_both_sides_counts(world):
    joint = drafted(world)
    page = joint_page(joint, world.alice, "ru")
    clause = page["clauses"][0]
    assert clause["text"] == RIVERS["ru"] and clause["is_translation"] and clause["original"] == "en"
    per_side = clause["sources"][0]["per_side"]
    assert [(s["side"], s["agree"]) for s in per_side] == [("A", 4 + 7), ("B", 3 + 7)]  # with joint_setup's voters
    assert [t["is_original"] for t in clause["texts"]] == [c == "en" for c in world.dialogue.languages]


def test_drafting_before_any_analysis_says_so_and_writes_nothing(world):
    statement = world.statement("alice", "Fish for everyone.")
    with pytest.raises(ActionError, match="no finished analysis yet"):
        joint_actions.do_start_joint(world.aynur, {"en": "Fish"}, [statement.pk])
    assert not JointStatement.objects.exists()


def test_a_draft_needs_a_title_and_statements_of_the_common_ground(world):
    rivers, *_rest = common_ground(world)
    other = joint_actions.Statement.objects.exclude(dialogue=world.dialogue).first()
    with pytest.raises(ActionError) as error:
        joint_actions.do_start_joint(world.aynur, {"en": " "}, [rivers.pk])
    assert error.value.field == "title"
    with pytest.raises(ActionError, match="at least one"):
        joint_actions.do_start_joint(world.aynur, {"en": "Rivers"}, [])
    with pytest.raises(ActionError, match="common ground"):
        joint_actions.do_start_joint(world.aynur, {"en": "Rivers"}, [other.pk if other else 10**6])
    assert not JointStatement.objects.exists()


@pytest.mark.parametrize("name", ["farid", "elvin", "alice", "bella"])
def test_only_a_co_chair_or_deputy_starts_a_draft(world, name):
    rivers, *_rest = common_ground(world)
    with pytest.raises(PermissionDenied):
        joint_actions.do_start_joint(world.members[name], {"en": "Rivers"}, [rivers.pk])


# --- amendments -------------------------------------------------------------------------------------


def test_an_amendment_by_side_b_accepted_by_side_a_makes_version_2(world):
    joint = drafted(world)
    amendment = amend(world.narek, joint, action="edit", clause="1", language="ru", text="Обе стороны берегут реку.")
    with pytest.raises(PermissionDenied):
        joint_actions.do_accept_amendment(world.gayane, joint.pk, amendment.pk)
    version = joint_actions.do_accept_amendment(world.aynur, joint.pk, amendment.pk)
    assert version.number == 2 and version.reason == f"amendment {amendment.pk} accepted"
    assert clause(version, "1")["texts"]["ru"] == "Обе стороны берегут реку."
    assert clause(version, "1")["texts"]["en"] == RIVERS["en"]
    assert clause(joint.versions.get(number=1), "1")["texts"]["ru"] == RIVERS["ru"]
    (proposed,) = entries(world, "joint.amendment_proposed")
    (accepted,) = entries(world, "joint.amendment_accepted")
    assert proposed["payload"]["side"] == "B" and accepted["payload"]["version"] == 2
    assert accepted["actor"]["handle"] == "Aynur"


def test_side_b_cannot_accept_its_own_amendment_nor_can_a_participant_of_side_a(world):
    joint = drafted(world)
    amendment = amend(world.gayane, joint, action="remove", clause="2")
    for name in ("gayane", "narek", "alice", "farid"):
        with pytest.raises(PermissionDenied):
            joint_actions.do_accept_amendment(world.members[name], joint.pk, amendment.pk)
    assert Amendment.objects.get().state == Amendment.State.PENDING


def test_participants_and_moderators_cannot_propose_amendments(world):
    joint = drafted(world)
    for name in ("alice", "lilit"):
        with pytest.raises(PermissionDenied):
            amend(world.members[name], joint, action="remove", clause="2")


def test_a_rejection_needs_a_reason_which_is_kept(world):
    joint = drafted(world)
    amendment = amend(world.farid, joint, action="remove", clause="2")
    with pytest.raises(ActionError, match="Say why"):
        joint_actions.do_reject_amendment(world.gayane, joint.pk, amendment.pk, "  ")
    joint_actions.do_reject_amendment(world.gayane, joint.pk, amendment.pk, "Both clauses matter.")
    amendment.refresh_from_db()
    assert amendment.state == Amendment.State.REJECTED and amendment.reason == "Both clauses matter."
    assert entries(world, "joint.amendment_rejected")[0]["payload"]["reason"] == "Both clauses matter."
    assert joint.versions.count() == 1
    with pytest.raises(ActionError, match="no longer open"):
        joint_actions.do_accept_amendment(world.gayane, joint.pk, amendment.pk)


def test_the_proposing_side_may_withdraw_its_amendment_and_the_other_side_may_not(world):
    joint = drafted(world)
    amendment = amend(world.narek, joint, action="remove", clause="1")
    with pytest.raises(PermissionDenied):
        joint_actions.do_withdraw_amendment(world.aynur, joint.pk, amendment.pk)
    with pytest.raises(PermissionDenied):
        joint_actions.do_withdraw_amendment(world.bella, joint.pk, amendment.pk)
    joint_actions.do_withdraw_amendment(world.gayane, joint.pk, amendment.pk)
    assert Amendment.objects.get().state == Amendment.State.WITHDRAWN
    assert len(entries(world, "joint.amendment_withdrawn")) == 1


def test_an_added_clause_gets_a_new_key_where_asked_and_a_removed_key_is_never_reused(world):
    joint = drafted(world)
    removed = amend(world.aynur, joint, action="remove", clause="2")
    joint_actions.do_accept_amendment(world.gayane, joint.pk, removed.pk)
    added = amend(
        world.gayane, joint, action="add", texts={"hy": "Նոր կետ։", "en": "A new clause."}, language="hy", position="1"
    )
    assert added.language == "hy"
    version = joint_actions.do_accept_amendment(world.aynur, joint.pk, added.pk)
    assert [c["key"] for c in version.clauses] == ["3", "1"]
    assert version.clauses[0] == {
        "key": "3",
        "texts": {"en": "A new clause.", "hy": "Նոր կետ։"},
        "original": "hy",
        "sources": [],
    }


def test_amendments_that_change_nothing_or_are_malformed_are_refused(world):
    joint = drafted(world)
    cases: list[tuple[dict[str, Any], str]] = [
        ({"action": "edit", "clause": "1", "language": "en", "text": RIVERS["en"]}, "text"),
        ({"action": "edit", "clause": "9", "language": "en", "text": "x"}, "clause"),
        ({"action": "edit", "clause": "1", "language": "fr", "text": "x"}, "language"),
        ({"action": "edit", "clause": "1", "language": "en", "text": "x" * 1001}, "text"),
        ({"action": "add", "texts": {}}, "texts"),
        ({"action": "add", "texts": {"en": "x"}, "position": "7"}, "position"),
        ({"action": "rewrite"}, "action"),
    ]
    for data, field in cases:
        with pytest.raises(ActionError) as error:
            joint_actions.do_propose_amendment(world.aynur, joint.pk, data)
        assert error.value.field == field, data
    assert not Amendment.objects.exists()


def test_an_amendment_whose_clause_changed_since_is_refused_at_acceptance(world):
    joint = drafted(world)
    first = amend(world.narek, joint, action="edit", clause="1", language="en", text="Both sides protect the river.")
    second = amend(world.narek, joint, action="edit", clause="1", language="az", text="Tərəflər çayı qoruyur.")
    other_clause = amend(world.narek, joint, action="edit", clause="2", language="en", text="Data comes monthly.")
    joint_actions.do_accept_amendment(world.aynur, joint.pk, first.pk)
    with pytest.raises(ActionError, match="proposed on version 1, and clause 1 has changed since"):
        joint_actions.do_accept_amendment(world.aynur, joint.pk, second.pk)
    assert Amendment.objects.get(pk=second.pk).state == Amendment.State.PENDING
    version = joint_actions.do_accept_amendment(world.aynur, joint.pk, other_clause.pk)
    assert version.number == 3 and clause(version, "1")["texts"]["en"] == "Both sides protect the river."


# --- finalising -------------------------------------------------------------------------------------------


def test_finalising_is_a_proposal_the_other_side_approves_and_fixes_the_signed_bytes(world):
    joint = drafted(world)
    made = governance.do_propose(world.aynur, "finalise_joint_statement", {"joint": joint.pk, "participant_vote": "1"})
    for name in ("aynur", "farid"):
        with pytest.raises(PermissionDenied):
            governance.do_approve_proposal(world.members[name], made.proposal.pk)
    with pytest.raises(Http404):
        governance.do_approve_proposal(world.outsider, made.proposal.pk)
    assert JointStatement.objects.get().state == JointStatement.State.DRAFT
    governance.do_approve_proposal(world.gayane, made.proposal.pk)
    joint.refresh_from_db()
    assert joint.state == JointStatement.State.FINAL and joint.participant_vote
    assert joint.final_version is not None and joint.final_version.number == 1
    body = json.loads(bytes(joint.canonical))
    assert body["type"] == "parley.joint-statement" and body["sides"] == ["A", "B"]
    assert body["clauses"][0]["texts"] == RIVERS and body["title"]["hy"]
    (entry,) = entries(world, "joint.finalised")
    assert entry["payload"]["sha256"] == sha256(bytes(joint.canonical)) and entry["payload"]["participant_vote"]


@pytest.mark.parametrize("name", ["farid", "alice", "lilit"])
def test_only_a_co_chair_or_deputy_proposes_finalising(world, name):
    joint = drafted(world)
    with pytest.raises(PermissionDenied):
        governance.do_propose(world.members[name], "finalise_joint_statement", {"joint": joint.pk})


def test_a_text_missing_a_language_or_with_pending_amendments_cannot_be_finalised(world):
    rivers, *_rest = common_ground(world)
    english_only = agreed_by_everyone(world, world.statement("alice", "Fish stocks are shared."))
    joint = joint_actions.do_start_joint(world.aynur, {"en": "Rivers"}, [rivers.pk, english_only.pk])
    with pytest.raises(ActionError, match="Clause 2 has no text in"):
        governance.do_propose(world.aynur, "finalise_joint_statement", {"joint": joint.pk})
    amend(world.gayane, joint, action="remove", clause="2")
    with pytest.raises(ActionError, match="pending amendments"):
        governance.do_propose(world.aynur, "finalise_joint_statement", {"joint": joint.pk})


def test_a_finalise_proposal_for_a_text_that_changed_since_is_refused_at_approval(world):
    joint = drafted(world)
    made = governance.do_propose(world.aynur, "finalise_joint_statement", {"joint": joint.pk})
    amendment = amend(world.narek, joint, action="remove", clause="2")
    joint_actions.do_accept_amendment(world.aynur, joint.pk, amendment.pk)
    with pytest.raises(ActionError, match="changed since this was proposed"):
        governance.do_approve_proposal(world.gayane, made.proposal.pk)
    assert JointStatement.objects.get().state == JointStatement.State.DRAFT


def test_a_final_text_can_no_longer_be_amended(world):
    joint = finalised(world)
    with pytest.raises(ActionError, match="is final"):
        amend(world.narek, joint, action="remove", clause="2")


# --- participants' votes ------------------------------------------------------------------------------------


def test_participants_of_both_sides_vote_and_the_results_show_per_side(world):
    joint = finalised(world, participant_vote=True)
    joint_actions.do_vote_joint(world.alice, joint.pk, "1", "agree")
    joint_actions.do_vote_joint(world.aysel, joint.pk, "1", "disagree")
    joint_actions.do_vote_joint(world.aysel, joint.pk, "1", "agree")  # the latest vote counts
    joint_actions.do_vote_joint(world.bella, joint.pk, "1", "disagree")
    joint_actions.do_vote_joint(world.bashir, joint.pk, "", "agree")
    results = joint_page(joint, world.alice, "en")["vote_results"]
    assert [(r["side"], r["agree"], r["disagree"]) for r in results["1"]] == [("A", 2, 0), ("B", 0, 1)]
    assert [(r["side"], r["agree"]) for r in results[""]] == [("A", 0), ("B", 1)]
    assert JointVote.objects.count() == 4
    votes = entries(world, "joint.vote")
    assert len(votes) == 5 and votes[0]["payload"] == {
        "joint": joint.pk,
        "clause": "1",
        "value": 1,
        "member": world.alice.pk,
    }


def test_with_only_totals_public_a_vote_on_a_joint_statement_makes_no_entry_of_its_own(world):
    joint = finalised(world, participant_vote=True)
    Dialogue.objects.filter(pk=world.dialogue.pk).update(vote_visibility=Dialogue.VoteVisibility.AGGREGATE)
    world.bella.refresh_from_db()
    before = RecordEntry.objects.filter(dialogue=world.dialogue).count()
    joint_actions.do_vote_joint(world.bella, joint.pk, "2", "agree")
    assert entries(world, "joint.vote") == []
    assert RecordEntry.objects.filter(dialogue=world.dialogue).count() == before


def test_votes_are_refused_on_drafts_without_a_vote_and_with_bad_values(world):
    joint = drafted(world)
    with pytest.raises(ActionError, match="not open for votes"):
        joint_actions.do_vote_joint(world.alice, joint.pk, "1", "agree")
    propose_and_approve(world.aynur, world.gayane, "finalise_joint_statement", {"joint": joint.pk})
    with pytest.raises(ActionError, match="not open for votes"):
        joint_actions.do_vote_joint(world.alice, joint.pk, "1", "agree")
    JointStatement.objects.filter(pk=joint.pk).update(participant_vote=True)
    with pytest.raises(ActionError) as error:
        joint_actions.do_vote_joint(world.alice, joint.pk, "1", "pass")
    assert error.value.field == "value"
    with pytest.raises(ActionError) as error:
        joint_actions.do_vote_joint(world.alice, joint.pk, "7", "agree")
    assert error.value.field == "clause"
    assert not JointVote.objects.exists()


# --- signatures and ratification -----------------------------------------------------------------------


def test_only_both_co_chairs_signatures_over_the_final_bytes_ratify_it(world):
    joint = finalised(world)
    private = register_keys(world)
    data = bytes(joint.canonical)
    joint_actions.do_sign_joint(world.aynur, joint.pk, signature(private["aynur"], data))
    joint.refresh_from_db()
    assert joint.state == JointStatement.State.FINAL
    with pytest.raises(ActionError, match="already signed"):
        joint_actions.do_sign_joint(world.aynur, joint.pk, signature(private["aynur"], data))
    joint_actions.do_sign_joint(world.gayane, joint.pk, signature(private["gayane"], data))
    joint.refresh_from_db()
    assert joint.state == JointStatement.State.RATIFIED and joint.ratified_at is not None
    signed = entries(world, "joint.signed")
    assert [e["payload"]["role"] for e in signed] == ["cochair-a", "cochair-b"]
    assert signed[1]["payload"]["fingerprint"] == keys.fingerprint(keys.public_key_raw(private["gayane"]))
    (ratified,) = entries(world, "joint.ratified")
    assert ratified["payload"] == {"joint": joint.pk, "sha256": sha256(data)}
    with pytest.raises(ActionError, match="already ratified"):
        joint_actions.do_sign_joint(world.gayane, joint.pk, signature(private["gayane"], data))


def test_a_signature_by_another_key_or_over_other_bytes_is_refused(world):
    joint = finalised(world)
    private = register_keys(world)
    data = bytes(joint.canonical)
    for bad in (
        signature(keys.generate_private_key(), data),
        signature(private["aynur"], data + b" "),
        signature(private["gayane"], data),
        "not base64!",
    ):
        with pytest.raises(ActionError) as error:
            joint_actions.do_sign_joint(world.aynur, joint.pk, bad)
        assert error.value.field == "signature"
    assert not JointSignature.objects.exists() and not entries(world, "joint.signed")


def test_a_draft_is_not_signed_and_only_co_chairs_sign(world):
    joint = drafted(world)
    private = register_keys(world)
    with pytest.raises(ActionError, match="still a draft"):
        joint_actions.do_sign_joint(world.aynur, joint.pk, signature(private["aynur"], b"{}"))
    for name in ("farid", "alice"):
        with pytest.raises(PermissionDenied):
            joint_actions.do_sign_joint(world.members[name], joint.pk, "AAAA")


def test_a_co_chair_without_a_registered_key_is_told_to_register_one(world):
    joint = finalised(world)
    with pytest.raises(ActionError, match="Register your signing key"):
        joint_actions.do_sign_joint(world.gayane, joint.pk, "AAAA")
