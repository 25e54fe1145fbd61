"""The people of the tests, from both communities, made through the action layer.

Side A: aynur (co-chair), farid (organizer), elvin (moderator), alice and aysel (participants).
Side B: gayane (co-chair), narek (organizer), lilit (moderator), bella and bashir (participants).
outsider: a participant of another dialogue. Anonymous visitors use a plain client.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.db import transaction
from django.test import Client

from parley.dialogues import actions
from parley.dialogues.access import APPROVED_INVITE_ROLES, SESSION_KEY
from parley.dialogues.actions import SideSpec
from parley.dialogues.models import Dialogue, Membership, Side, Statement
from parley.proposals import actions as governance

SIDES = [
    SideSpec(label="A", name={"en": "Side A", "az": "A tərəfi", "hy": "Ա կողմ", "ru": "Сторона А"}, colour="#1f77b4"),
    SideSpec(label="B", name={"en": "Side B", "az": "B tərəfi", "hy": "Բ կողմ", "ru": "Сторона Б"}, colour="#d95f02"),
]


def make_user(username: str) -> Any:
    return actions.do_create_account(username, "correct horse battery staple")


def join(
    inviter: Membership,
    side: Side,
    handle: str,
    role: str = Membership.Role.PARTICIPANT,
    user: Any = None,
    language: str = "en",
    approver: Membership | None = None,
) -> Membership:
    """Invite HANDLE and let them join; invitations to privileged roles are proposed by INVITER
    and approved by APPROVER (the other side's co-chair or deputy)."""
    if role in APPROVED_INVITE_ROLES:
        assert approver is not None, f"an invitation for a {role} needs the other side's approval"
        made = governance.do_propose(inviter, "invite", {"role": role})
        governance.do_approve_proposal(approver, made.proposal.pk)
        token = made.extra
    else:
        _invite, token = actions.do_create_invite(inviter, side_id=side.pk, role=role)
    member, _return = actions.do_join(token, handle=handle, language=language, user=user)
    return member


def propose_and_approve(proposer: Membership, approver: Membership, kind: str, data: dict[str, Any]) -> Any:
    """Make a proposal and have the other side approve it; return the proposal."""
    made = governance.do_propose(proposer, kind, data)
    return governance.do_approve_proposal(approver, made.proposal.pk)


def client_for(member: Membership) -> Client:
    """A browser acting as MEMBER: logged in for account holders, by session for participants."""
    client = Client()
    if member.user is not None:
        client.force_login(member.user)
    else:
        session = client.session
        session[SESSION_KEY] = {str(member.dialogue_id): member.pk}
        session.save()
    return client


@dataclass
class World:
    dialogue: Dialogue
    side_a: Side
    side_b: Side
    members: dict[str, Membership] = field(default_factory=dict)

    def __getattr__(self, name: str) -> Membership:
        try:
            return self.__dict__["members"][name]
        except KeyError:
            raise AttributeError(name) from None

    def client(self, name: str) -> Client:
        return client_for(self.members[name])

    def statement(self, author: str, text: str, language: str = "en") -> Statement:
        return actions.do_submit_statement(self.members[author], text, language)


def build_world(
    slug: str = "river-talks",
    open_dialogue: bool = True,
    vote_visibility: str = Dialogue.VoteVisibility.INDIVIDUAL,
) -> World:
    """The personas' dialogue. Its votes are public one by one unless VOTE_VISIBILITY says otherwise:
    most tests read individual votes from the record (new dialogues default to totals only)."""
    aynur_user, gayane_user = make_user(f"aynur-{slug}"), make_user(f"gayane-{slug}")
    dialogue, aynur = actions.do_create_dialogue(
        aynur_user,
        slug=slug,
        title={"en": "River talks", "az": "Çay danışıqları", "hy": "Գետի շուրջ զրույցներ", "ru": "Разговоры о реке"},
        description={"en": "Shared rivers."},
        languages=["az", "hy", "ru", "en"],
        sides=SIDES,
        my_side=0,
        handle="Aynur",
        vote_visibility=vote_visibility,
    )
    side_a, side_b = dialogue.ordered_sides()
    gayane = join(aynur, side_b, "Gayane", Membership.Role.COCHAIR, user=gayane_user)
    world = World(dialogue=dialogue, side_a=side_a, side_b=side_b, members={"aynur": aynur, "gayane": gayane})
    for name, role, inviter, side, approver in [
        ("farid", Membership.Role.ORGANIZER, aynur, side_a, gayane),
        ("narek", Membership.Role.ORGANIZER, gayane, side_b, aynur),
        ("elvin", Membership.Role.MODERATOR, aynur, side_a, gayane),
        ("lilit", Membership.Role.MODERATOR, gayane, side_b, aynur),
    ]:
        user = make_user(f"{name}-{slug}")
        world.members[name] = join(inviter, side, name.capitalize(), role, user=user, approver=approver)
    for name, inviter, side in [
        ("alice", aynur, side_a),
        ("aysel", aynur, side_a),
        ("bella", gayane, side_b),
        ("bashir", gayane, side_b),
    ]:
        world.members[name] = join(inviter, side, name.capitalize())
    if open_dialogue:
        propose_and_approve(aynur, gayane, "status", {"status": Dialogue.Status.OPEN})
        world.dialogue.refresh_from_db()
        for member in world.members.values():
            member.refresh_from_db()
    return world


@pytest.fixture
def world(db: None) -> World:
    """An open two-sided dialogue with every persona, and an outsider from another dialogue."""
    world = build_world()
    world.members["outsider"] = build_outsider()
    return world


def build_outsider(slug: str = "other-dialogue") -> Membership:
    """A participant of another, open dialogue, which has just its co-chair and them."""
    _dialogue, chair = actions.do_create_dialogue(
        make_user(f"chair-{slug}"),
        slug=slug,
        title={"en": "Other talks"},
        description={},
        languages=["en"],
        sides=SIDES,
        my_side=0,
        handle="Other chair",
        status=Dialogue.Status.OPEN,
    )
    return join(chair, chair.side, "Alice")


@contextmanager
def committed(capture: Any) -> Iterator[None]:
    """Run the block as if its transaction committed: its after-commit callbacks run, then are dropped
    (inside a test's transaction they would stay registered and hide later ones). CAPTURE is pytest-django's
    `django_capture_on_commit_callbacks`."""
    connection = transaction.get_connection()
    start = len(connection.run_on_commit)
    with capture(execute=True):
        yield
    del connection.run_on_commit[start:]
