import pytest

from parley.record.replay import ReplayError, Side, cochair_role, engine_input, replay
from parley.record.tests.records import build_record, parsed

RECORD = build_record()
STATE = replay(parsed(RECORD.entries))


def test_replay_knows_the_sides_members_and_their_roles():
    assert STATE.slug == "water-talks"
    assert STATE.side_labels == ["AZ", "AM"]
    assert STATE.members[1].handle == "Leyla" and STATE.members[1].role == "cochair"
    assert STATE.members[2].side == "AM"
    assert len(STATE.members) == 10


def test_confirmed_changes_apply_to_the_dialogue():
    assert STATE.status == "open"
    assert STATE.vote_visibility == "individual"


def test_statements_carry_author_side_and_moderation():
    first = STATE.statements[1]
    assert (first.author, first.side, first.language, first.status) == (1, "AZ", "az", "visible")
    assert STATE.statements[8].status == "removed" and STATE.statements[8].moderated
    assert STATE.statements[5].status == "visible" and STATE.statements[5].moderated
    assert not STATE.statements[1].moderated


def test_every_vote_is_kept_and_the_latest_per_member_and_statement_counts():
    history = [v.value for v in STATE.votes if (v.member, v.statement) == (3, 6)]
    assert history[-2:] == [1, 0]
    assert STATE.latest[(3, 6)].value == 0
    assert len(STATE.latest) == 80


def test_only_keys_a_cochair_registered_for_their_own_side_are_signers_keys():
    assert [(k.member, k.side) for k in STATE.keys] == [(1, "AZ"), (2, "AM")]


def test_unknown_entry_types_are_counted_and_carried():
    assert STATE.types["translation.added"] == 1
    assert STATE.entries == len(RECORD.entries)


def test_engine_input_uses_member_and_statement_ids_and_sequence_numbers_as_time():
    args = engine_input(STATE)
    assert set(args) == {"votes", "sides", "texts", "moderated_out"}
    votes = args["votes"]
    assert list(votes.timestamp) == [float(v.seq) for v in STATE.votes]
    assert votes.participant[0] == "1" and votes.statement[0] == "1"
    assert args["sides"]["2"] == "AM"
    assert args["moderated_out"] == {"8"}
    assert args["texts"]["3"].startswith("Water data")


def test_with_only_totals_public_replay_keeps_the_side_of_each_vote_and_no_voter():
    state = replay(parsed(build_record(visibility="aggregate").entries))
    assert state.votes == [] and len(state.hidden_votes) == 92
    assert {v.side for v in state.hidden_votes} == {"AZ", "AM"}
    assert len(engine_input(state)["votes"]) == 0


def test_a_vote_by_someone_who_never_joined_names_its_entry():
    entries = parsed(RECORD.entries)
    vote = next(e for e in entries if e["type"] == "vote.cast")
    vote["payload"]["member"] = 99
    with pytest.raises(ReplayError, match=f"entry {vote['seq']}: member 99 never joined"):
        replay(entries)


def test_a_record_must_start_with_the_dialogue_being_created():
    with pytest.raises(ReplayError, match=r"entry 1: a record starts with dialogue\.created"):
        replay(parsed(RECORD.entries)[1:])


@pytest.mark.parametrize(
    ("label", "position", "role"),
    [("AZ", 0, "cochair-az"), ("Side B", 1, "cochair-side-b"), ("Ազգ", 1, "cochair-1"), ("Tür-k ", 0, "cochair-tur-k")],
)
def test_cochair_roles_follow_the_slug_of_the_side_label(label, position, role):
    assert cochair_role(Side(position, label, {}, "#000000")) == role
