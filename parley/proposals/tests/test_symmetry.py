"""Swapping the sides mirrors every outcome: the same actions by side-A and side-B personas, then swapped."""

from __future__ import annotations

import itertools
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from parley.dialogues import actions as dialogue_actions
from parley.dialogues.access import ActionError
from parley.dialogues.models import Vote
from parley.ledger.models import RecordEntry
from parley.moderation import actions as moderation
from parley.moderation.models import Flag, Hold
from parley.proposals import actions
from parley.proposals.models import GlossaryTerm, Proposal
from parley.testing.personas import World, build_world

pytestmark = pytest.mark.django_db

# Each side's personas in the same order: its co-chair, organizer, moderator and two participants.
PERSONAS = [["aynur", "farid", "elvin", "alice", "aysel"], ["gayane", "narek", "lilit", "bella", "bashir"]]
TEXTS = ["Share the river data.", "Open the border crossing.", "Teach both languages.", "Return the archives."]
_worlds = itertools.count()
# A statement from a participant of each side, so that votes, flags and holds have something to act on.
PRELUDE = [("write", (0, 3), 0), ("write", (1, 3), 1)]

persona = st.tuples(st.integers(0, 1), st.integers(0, 4))
action = st.one_of(
    st.tuples(st.just("propose_status"), persona, st.sampled_from(["open", "closed"])),
    st.tuples(st.just("propose_visibility"), persona, st.sampled_from(["aggregate", "individual"])),
    st.tuples(st.just("propose_glossary"), persona, st.integers(0, 3)),
    st.tuples(st.just("approve"), persona, st.integers(0, 3)),
    st.tuples(st.just("reject"), persona, st.integers(0, 3)),
    st.tuples(st.just("withdraw"), persona, st.integers(0, 3)),
    st.tuples(st.just("write"), persona, st.integers(0, 3)),
    st.tuples(st.just("vote"), persona, st.tuples(st.integers(0, 3), st.sampled_from([-1, 0, 1]))),
    st.tuples(st.just("flag"), persona, st.integers(0, 3)),
    st.tuples(st.just("hold"), persona, st.integers(0, 3)),
    st.tuples(
        st.just("decide_hold"), persona, st.tuples(st.integers(0, 3), st.sampled_from(["remove", "keep", "return"]))
    ),
)


def _act(world: World, step: tuple[str, tuple[int, int], Any], swap: bool) -> tuple[str, str]:
    """Carry out one step as the persona it names (on the other side when SWAP); return its outcome."""
    name, (side, slot), argument = step
    member = world.members[PERSONAS[side ^ swap][slot]]
    member.refresh_from_db()
    # The n-th proposal and statement in the order they were made: the same objects in both runs.
    proposals = list(Proposal.objects.filter(dialogue=world.dialogue).exclude(kind="invite").order_by("id"))
    statements = list(world.dialogue.statements.order_by("id"))
    try:
        if name == "propose_status":
            actions.do_propose(member, "status", {"status": argument})
        elif name == "propose_visibility":
            actions.do_propose(member, "vote_visibility", {"vote_visibility": argument})
        elif name == "propose_glossary":
            actions.do_propose(member, "glossary", {"texts": {"en": TEXTS[argument]}})
        elif name in ("approve", "reject", "withdraw"):
            target = proposals[argument % len(proposals)].pk if proposals else 0
            if name == "approve":
                actions.do_approve_proposal(member, target)
            elif name == "reject":
                actions.do_reject_proposal(member, target, "Not now.")
            else:
                actions.do_withdraw_proposal(member, target)
        elif name == "write":
            dialogue_actions.do_submit_statement(member, TEXTS[argument], "en")
        elif name == "flag":
            target = statements[argument % len(statements)].pk if statements else 0
            moderation.do_flag(member, target, "off_topic")
        elif name == "hold":
            target = statements[argument % len(statements)].pk if statements else 0
            moderation.do_hold(member, target, "off_topic", "Not about the river.")
        elif name == "decide_hold":
            index, decision = argument
            holds = list(Hold.objects.filter(dialogue=world.dialogue).order_by("id"))
            moderation.do_decide_hold(member, holds[index % len(holds)].pk if holds else 0, decision)
        else:
            index, value = argument
            target = statements[index % len(statements)].pk if statements else 0
            dialogue_actions.do_cast_vote(member, target, value)
    except (ActionError, PermissionDenied, Http404) as error:
        return ("refused", type(error).__name__)
    return ("done", "")


def _persona_of(world: World, member_id: int | None, swap: bool) -> tuple[int, int] | None:
    """The (side, slot) of a member, with sides swapped back when SWAP, so both runs compare."""
    for side, names in enumerate(PERSONAS):
        for slot, name in enumerate(names):
            if world.members[name].pk == member_id:
                return (side ^ swap, slot)
    return None


def _outcome(world: World, swap: bool, setup: tuple[int, int]) -> dict[str, Any]:
    def side(position: int) -> int:
        return position ^ swap

    dialogue = world.dialogue.__class__.objects.get(pk=world.dialogue.pk)
    return {
        "status": dialogue.status,
        "vote_visibility": dialogue.vote_visibility,
        "proposals": [
            (p.kind, side(p.side.position), p.state, _persona_of(world, p.proposed_by_id, swap))
            # Proposals made after the world was built: its own setup is side A's doing in both.
            for p in Proposal.objects.filter(dialogue=dialogue, id__gt=setup[1]).order_by("id").select_related("side")
        ],
        "glossary": sorted(t.texts["en"] for t in GlossaryTerm.objects.filter(dialogue=dialogue)),
        "holds": [
            (h.statement.text, None if h.side is None else side(h.side.position), h.state)
            for h in Hold.objects.filter(dialogue=dialogue).order_by("id").select_related("statement", "side")
        ],
        "flags": sorted(
            (f.statement.text, _persona_of(world, f.flagger_id, swap))
            for f in Flag.objects.filter(statement__dialogue=dialogue).select_related("statement")
        ),
        "statements": [
            (side(s.side.position), _persona_of(world, s.author_id, swap), s.text, s.status, s.is_seed)
            for s in dialogue.statements.order_by("id").select_related("side")
        ],
        "votes": sorted(
            (_persona_of(world, v.membership_id, swap), v.statement.text, v.value)
            for v in Vote.objects.filter(statement__dialogue=dialogue).select_related("statement")
        ),
        "record": [
            (e.type, None if not e.actor_side else side(0 if e.actor_side == "A" else 1))
            for e in RecordEntry.objects.filter(dialogue=dialogue, seq__gte=setup[0]).order_by("seq")
        ],
    }


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=st.lists(action, min_size=1, max_size=12))
def test_swapping_the_sides_mirrors_every_outcome(db, steps):
    worlds = [build_world(slug=f"symmetry-{next(_worlds)}") for _ in range(2)]
    # Building and opening a world is the same in both; the steps after it are what must mirror.
    setup = [
        (RecordEntry.objects.filter(dialogue=w.dialogue).count(), Proposal.objects.order_by("-id")[0].pk)
        for w in worlds
    ]
    steps = PRELUDE + steps
    straight = [_act(worlds[0], step, swap=False) for step in steps]
    mirrored = [_act(worlds[1], step, swap=True) for step in steps]
    assert straight == mirrored
    assert _outcome(worlds[0], swap=False, setup=setup[0]) == _outcome(worlds[1], swap=True, setup=setup[1])


def test_the_mirror_check_would_see_a_rule_that_favours_one_side(db, monkeypatch):
    """The property is not vacuous: a rule that lets only side A's co-chair approve breaks it."""
    from parley.proposals import access

    original = access.check_can_decide

    def favour_side_a(member, proposal):
        if member.side.position == 0:
            return
        original(member, proposal)

    monkeypatch.setattr(access, "check_can_decide", favour_side_a)
    steps = [("propose_status", (0, 0), "open"), ("approve", (0, 0), 0)]
    worlds = [build_world(slug=f"symmetry-{next(_worlds)}", open_dialogue=False) for _ in range(2)]
    straight = [_act(worlds[0], step, swap=False) for step in steps]
    mirrored = [_act(worlds[1], step, swap=True) for step in steps]
    assert straight != mirrored
