"""A world with common ground to draft from, and the steps of a joint statement, for the joint tests."""

from __future__ import annotations

import base64

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from parley.analysis.tasks import analyse_now
from parley.checkpoints import actions as record_actions
from parley.dialogues import actions
from parley.dialogues.models import Membership, Statement
from parley.joint import actions as joint_actions
from parley.joint.models import JointStatement
from parley.record import keys
from parley.testing.personas import World, join, propose_and_approve

RIVERS = {
    "en": "Both sides keep the river clean.",
    "az": "Hər iki tərəf çayı təmiz saxlayır.",
    "hy": "Երկու կողմերն էլ գետը մաքուր են պահում։",
    "ru": "Обе стороны сохраняют реку чистой.",
}
DATA = {
    "hy": "Ջրի տվյալները հրապարակվում են ամեն ամիս։",
    "en": "Water data is published every month.",
    "az": "Su məlumatları hər ay dərc olunur.",
    "ru": "Данные о воде публикуются ежемесячно.",
}
TITLE = {"en": "On the shared river", "az": "Ortaq çay haqqında", "hy": "Ընդհանուր գետի մասին", "ru": "Об общей реке"}


# Voters per side: common ground needs the engine's minimum of votes from every side (10).
PER_SIDE = 10


def common_ground(world: World) -> list[Statement]:
    """Two statements both sides agree with (in four languages) and one that divides them, analysed.

    Three members of each side and seven more voters per side vote, so that every side has cast
    PER_SIDE votes on each: the two are then common ground by the engine's rule."""
    rivers = actions.do_submit_statement(
        world.aynur, RIVERS["en"], "en", {k: v for k, v in RIVERS.items() if k != "en"}
    )
    data = actions.do_submit_statement(world.gayane, DATA["hy"], "hy", {k: v for k, v in DATA.items() if k != "hy"})
    border = world.statement("alice", "Only our side should manage the dam.")
    for name in ("alice", "aysel", "bella", "bashir", "farid", "narek"):
        member = world.members[name]
        for statement in (rivers, data):
            actions.do_cast_vote(member, statement.pk, "agree")
        if name != "alice":
            actions.do_cast_vote(member, border.pk, "agree" if member.side_id == world.side_a.pk else "disagree")
    for inviter, side, letter in ((world.aynur, world.side_a, "A"), (world.gayane, world.side_b, "B")):
        for i in range(PER_SIDE - 3):
            voter = join(inviter, side, f"Voter {letter}{i}")
            for statement in (rivers, data):
                actions.do_cast_vote(voter, statement.pk, "agree")
    analyse_now(world.dialogue.pk)
    return [rivers, data, border]


def agreed_by_everyone(world: World, statement: Statement) -> Statement:
    """Every voter of `common_ground` agrees with STATEMENT too; analysed again, it is common ground."""
    named = [world.members[name] for name in ("alice", "aysel", "bella", "bashir", "farid", "narek")]
    voters = Membership.objects.filter(dialogue=world.dialogue, handle__startswith="Voter ")
    for member in [*named, *voters]:
        if member.pk != statement.author_id:
            actions.do_cast_vote(member, statement.pk, "agree")
    analyse_now(world.dialogue.pk)
    return statement


def drafted(world: World) -> JointStatement:
    rivers, data, _border = common_ground(world)
    return joint_actions.do_start_joint(world.aynur, TITLE, [rivers.pk, data.pk])


def finalised(world: World, participant_vote: bool = False) -> JointStatement:
    joint = drafted(world)
    propose_and_approve(
        world.aynur, world.gayane, "finalise_joint_statement", {"joint": joint.pk, "participant_vote": participant_vote}
    )
    joint.refresh_from_db()
    return joint


def register_keys(world: World) -> dict[str, Ed25519PrivateKey]:
    private = {}
    for name in ("aynur", "gayane"):
        private[name] = keys.generate_private_key()
        record_actions.do_register_key(
            world.members[name], keys.public_key_to_b64url(keys.public_key_raw(private[name]))
        )
    return private


def signature(key: Ed25519PrivateKey, data: bytes) -> str:
    return base64.b64encode(keys.sign(key, data)).decode("ascii")
