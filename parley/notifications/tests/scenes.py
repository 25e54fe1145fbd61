"""Things awaiting each side in the personas' dialogue, made through the actions, for the notification tests."""

from __future__ import annotations

from dataclasses import dataclass

from parley.joint import actions as joint_actions
from parley.joint.models import Amendment
from parley.joint.tests.joint_setup import drafted
from parley.moderation import actions as moderation
from parley.moderation.models import Appeal, Hold
from parley.proposals import actions as governance
from parley.proposals.models import Proposal
from parley.testing.personas import World


@dataclass
class Scene:
    proposal: Proposal  # by side A, awaiting side B's co-chair
    hold_by_a: Hold  # of Bella's statement, awaiting side B's moderators
    hold_by_b: Hold  # of Alice's statement, awaiting side A's moderators
    appeal: Appeal  # Alice's, awaiting both sides


def busy(world: World) -> Scene:
    proposal = governance.do_propose(world.aynur, "status", {"status": "closed"}).proposal
    bellas = world.statement("bella", "A statement side A holds.")
    alices = world.statement("alice", "A statement side B holds.")
    hold_by_a = moderation.do_hold(world.elvin, bellas.pk, "insult", "Insults the other side")
    hold_by_b = moderation.do_hold(world.lilit, alices.pk, "off_topic", "Not about the rivers")
    appeal = moderation.do_appeal(world.alice, alices.pk, "It is about the rivers.")
    return Scene(proposal, hold_by_a, hold_by_b, appeal)


def amendment_by_side_b(world: World) -> Amendment:
    """A draft joint statement (by side A) and side B's organizer's amendment to it, awaiting side A."""
    joint = drafted(world)
    key = joint.versions.get(number=1).clauses[0]["key"]
    return joint_actions.do_propose_amendment(
        world.narek, joint.pk, {"action": "edit", "clause": key, "language": "en", "text": "Both sides keep it clean."}
    )
