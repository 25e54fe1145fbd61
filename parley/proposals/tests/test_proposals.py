"""Dual control: every kind of proposal takes effect only when the other side's co-chair or deputy approves."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from parley.dialogues import actions as dialogue_actions
from parley.dialogues.access import ActionError
from parley.dialogues.models import Dialogue, Invite, Membership, Statement
from parley.joint.models import JointStatement
from parley.ledger.models import RecordEntry
from parley.moderation.models import BlocklistTerm, ModerationPolicy
from parley.proposals import actions
from parley.proposals.kinds import KINDS
from parley.proposals.models import GlossaryTerm, Proposal, Report
from parley.record.replay import replay
from parley.testing.personas import World, make_user, propose_and_approve

pytestmark = pytest.mark.django_db


@dataclass(frozen=True)
class Case:
    """What side A proposes for a kind, and how to tell that it took effect."""

    data: Callable[[World], dict[str, Any]]
    took_effect: Callable[[World], bool]
    proposer: str = "aynur"


def _finished_run(world: World) -> int:
    from parley.analysis.tasks import analyse_now

    statement = world.statement("alice", "Rivers connect us.")
    dialogue_actions.do_cast_vote(world.bella, statement.pk, "agree")
    return analyse_now(world.dialogue.pk).pk


def _draft(world: World) -> JointStatement:
    from parley.joint.tests.joint_setup import drafted

    return drafted(world)


def _dialogue(world: World) -> Dialogue:
    return Dialogue.objects.get(pk=world.dialogue.pk)


CASES: dict[str, Case] = {
    "status": Case(lambda w: {"status": "closed"}, lambda w: _dialogue(w).status == "closed"),
    "vote_visibility": Case(
        lambda w: {"vote_visibility": "aggregate"}, lambda w: _dialogue(w).vote_visibility == "aggregate"
    ),
    "settings": Case(
        lambda w: {"title": {"en": "Rivers and roads", "az": "Çaylar və yollar"}, "side_names": {"A": {"en": "West"}}},
        lambda w: (
            _dialogue(w).title["en"] == "Rivers and roads"
            and w.side_a.__class__.objects.get(pk=w.side_a.pk).name == {"en": "West"}
        ),
    ),
    "role": Case(
        lambda w: {"member": w.farid.pk, "role": "deputy"},
        lambda w: Membership.objects.get(pk=w.farid.pk).role == "deputy",
    ),
    "invite": Case(
        lambda w: {"role": "observer", "note": "press"},
        lambda w: Invite.objects.filter(role="observer", awaiting_approval=False, revoked_at__isnull=True).exists(),
    ),
    "report": Case(lambda w: {"run": _finished_run(w)}, lambda w: Report.objects.filter(dialogue=w.dialogue).exists()),
    "finalise_joint_statement": Case(
        lambda w: {"joint": _draft(w).pk},
        lambda w: JointStatement.objects.filter(dialogue=w.dialogue, state="final").exists(),
    ),
    "remove_statement": Case(
        lambda w: {"statement": w.statement("bella", "A rude remark.").pk, "rule": "insult", "reason": "An insult."},
        lambda w: Statement.objects.filter(text="A rude remark.", status="removed").exists(),
    ),
    "merge_statements": Case(
        lambda w: {
            "keep": w.statement("alice", "Clean the river.").pk,
            "merge": [str(w.statement("bella", "Keep the river clean.").pk)],
        },
        lambda w: Statement.objects.filter(text="Keep the river clean.", status="removed").exists(),
    ),
    "moderation_policy": Case(
        lambda w: {"texts": {"en": "No insults, no personal data.", "ru": "Без оскорблений и личных данных."}},
        lambda w: ModerationPolicy.objects.filter(dialogue=w.dialogue).exists(),
    ),
    "blocklist": Case(
        lambda w: {"language": "en", "add": ["scum"]},
        lambda w: BlocklistTerm.objects.filter(dialogue=w.dialogue, language="en").exists(),
        proposer="elvin",
    ),
    "glossary": Case(
        lambda w: {"texts": {"en": "river basin", "az": "çay hövzəsi"}, "note": {"en": "The land a river drains."}},
        lambda w: GlossaryTerm.objects.filter(dialogue=w.dialogue, texts__en="river basin").exists(),
    ),
}


def test_every_kind_of_proposal_is_covered_by_these_tests():
    assert set(CASES) == set(KINDS)


@pytest.mark.parametrize("kind", sorted(CASES))
def test_the_proposing_side_cannot_approve_and_the_other_side_can(world, kind):
    case = CASES[kind]
    made = actions.do_propose(world.members[case.proposer], kind, case.data(world))
    for name in ("aynur", "farid", "elvin", "alice"):
        with pytest.raises(PermissionDenied):
            actions.do_approve_proposal(world.members[name], made.proposal.pk)
    assert not case.took_effect(world)
    for name in ("narek", "lilit", "bella"):  # the other side, but not its co-chair or deputy
        with pytest.raises(PermissionDenied):
            actions.do_approve_proposal(world.members[name], made.proposal.pk)
    assert not case.took_effect(world)
    actions.do_approve_proposal(world.gayane, made.proposal.pk)
    assert case.took_effect(world)
    assert Proposal.objects.get(pk=made.proposal.pk).state == "approved"


@pytest.mark.parametrize("kind", sorted(CASES))
def test_outsiders_and_the_site_administrator_cannot_approve(world, kind):
    case = CASES[kind]
    made = actions.do_propose(world.members[case.proposer], kind, case.data(world))
    with pytest.raises(Http404):
        actions.do_approve_proposal(world.outsider, made.proposal.pk)
    admin = make_user("site-admin")
    admin.is_superuser = admin.is_staff = True
    admin.save()
    url = reverse("proposals:decide", args=[world.dialogue.slug, made.proposal.pk, "approve"])
    for client in (Client(), world.client("outsider")):
        assert client.post(url).status_code == 403
    superuser = Client()
    superuser.force_login(admin)
    assert superuser.post(url).status_code == 403
    assert not case.took_effect(world)
    assert Proposal.objects.get(pk=made.proposal.pk).state == "pending"


@pytest.mark.parametrize("kind", sorted(CASES))
def test_a_withdrawn_proposal_does_nothing(world, kind):
    case = CASES[kind]
    made = actions.do_propose(world.members[case.proposer], kind, case.data(world))
    with pytest.raises(PermissionDenied):
        actions.do_withdraw_proposal(world.gayane, made.proposal.pk)  # not the other side's to withdraw
    actions.do_withdraw_proposal(world.members[case.proposer], made.proposal.pk)
    with pytest.raises(ActionError, match="no longer open"):
        actions.do_approve_proposal(world.gayane, made.proposal.pk)
    assert not case.took_effect(world)


@pytest.mark.parametrize("kind", sorted(CASES))
def test_an_expired_proposal_does_nothing(world, kind):
    case = CASES[kind]
    made = actions.do_propose(world.members[case.proposer], kind, case.data(world))
    Proposal.objects.filter(pk=made.proposal.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    with pytest.raises(ActionError, match="no longer open"):
        actions.do_approve_proposal(world.gayane, made.proposal.pk)
    assert not case.took_effect(world)
    assert Proposal.objects.get(pk=made.proposal.pk).state == "expired"
    assert RecordEntry.objects.filter(dialogue=world.dialogue, type="proposal.expired").count() == 1


@pytest.mark.parametrize("kind", sorted(CASES))
def test_a_rejected_proposal_does_nothing_and_needs_a_reason(world, kind):
    case = CASES[kind]
    made = actions.do_propose(world.members[case.proposer], kind, case.data(world))
    with pytest.raises(ActionError, match="Say why"):
        actions.do_reject_proposal(world.gayane, made.proposal.pk, "  ")
    actions.do_reject_proposal(world.gayane, made.proposal.pk, "Not before the next session.")
    assert not case.took_effect(world)
    rejected = Proposal.objects.get(pk=made.proposal.pk)
    assert rejected.state == "rejected" and rejected.reason == "Not before the next session."


def test_side_b_proposes_and_side_a_approves_the_same_way(world):
    made = actions.do_propose(world.gayane, "status", {"status": "closed"})
    with pytest.raises(PermissionDenied):
        actions.do_approve_proposal(world.gayane, made.proposal.pk)
    actions.do_approve_proposal(world.aynur, made.proposal.pk)
    assert _dialogue(world).status == "closed"


def test_a_deputy_approves_for_their_side_once_appointed(world):
    propose_and_approve(world.gayane, world.aynur, "role", {"member": world.narek.pk, "role": "deputy"})
    world.narek.refresh_from_db()
    made = actions.do_propose(world.aynur, "glossary", {"texts": {"en": "shared water"}})
    actions.do_approve_proposal(world.narek, made.proposal.pk)
    assert GlossaryTerm.objects.filter(texts__en="shared water").exists()


def test_a_new_co_chair_replaces_the_present_one_who_becomes_an_organizer(world):
    propose_and_approve(world.aynur, world.gayane, "role", {"member": world.farid.pk, "role": "cochair"})
    assert Membership.objects.get(pk=world.farid.pk).role == "cochair"
    assert Membership.objects.get(pk=world.aynur.pk).role == "organizer"
    types = [
        json.loads(bytes(e.data))["payload"].get("role")
        for e in RecordEntry.objects.filter(type="membership.role_changed")
    ]
    assert types == ["organizer", "cochair"]


def test_roles_are_given_only_to_members_of_ones_own_side_with_an_account(world):
    before = Proposal.objects.count()
    with pytest.raises(ActionError, match="your side"):
        actions.do_propose(world.aynur, "role", {"member": world.narek.pk, "role": "moderator"})
    with pytest.raises(ActionError, match="no account"):
        actions.do_propose(world.aynur, "role", {"member": world.alice.pk, "role": "moderator"})
    with pytest.raises(ActionError, match="appoint a new one"):
        actions.do_propose(world.aynur, "role", {"member": world.aynur.pk, "role": "participant"})
    with pytest.raises(ActionError):
        actions.do_propose(world.aynur, "role", {"member": "nobody", "role": "moderator"})
    assert Proposal.objects.count() == before


def test_only_co_chairs_and_deputies_propose_governance_changes(world):
    for name in ("farid", "elvin", "alice", "narek", "lilit", "bella"):
        with pytest.raises(PermissionDenied):
            actions.do_propose(world.members[name], "status", {"status": "closed"})
    # Organizers and moderators may propose glossary terms.
    actions.do_propose(world.farid, "glossary", {"texts": {"en": "water"}})


def test_an_invitation_proposal_gives_a_link_that_works_only_after_approval(world):
    made = actions.do_propose(world.aynur, "invite", {"role": "moderator"})
    with pytest.raises(ActionError, match="approves it"):
        dialogue_actions.do_join(made.extra, handle="Rashad", language="az", user=make_user("rashad"))
    actions.do_approve_proposal(world.gayane, made.proposal.pk)
    member, _token = dialogue_actions.do_join(made.extra, handle="Rashad", language="az", user=make_user("rashad2"))
    assert member.role == "moderator" and member.side == world.side_a


def test_a_rejected_invitation_proposal_revokes_its_link(world):
    made = actions.do_propose(world.gayane, "invite", {"role": "observer"})
    actions.do_reject_proposal(world.aynur, made.proposal.pk, "We agreed on no press yet.")
    with pytest.raises(ActionError, match="withdrawn"):
        dialogue_actions.do_join(made.extra, handle="Reporter", language="hy")


def test_an_observer_reads_but_cannot_vote(world):
    made = actions.do_propose(world.gayane, "invite", {"role": "observer"})
    actions.do_approve_proposal(world.aynur, made.proposal.pk)
    observer, _token = dialogue_actions.do_join(made.extra, handle="Reporter", language="hy")
    statement = world.statement("alice", "Rivers connect us.")
    with pytest.raises(PermissionDenied):
        dialogue_actions.do_cast_vote(observer, statement.pk, "agree")


def test_nothing_is_proposed_while_a_side_has_no_co_chair(db):
    from parley.testing.personas import SIDES

    _dialogue, chair = dialogue_actions.do_create_dialogue(
        make_user("lonely"),
        title={"en": "Solo"},
        description={},
        languages=["en"],
        sides=SIDES,
        my_side=0,
        handle="Solo",
    )
    with pytest.raises(ActionError, match="Both sides need a co-chair"):
        actions.do_propose(chair, "status", {"status": "open"})


@pytest.mark.parametrize(
    ("kind", "data"),
    [
        ("status", {"status": "draft"}),
        ("status", {"status": "deleted"}),
        ("vote_visibility", {"vote_visibility": "individual"}),
        ("settings", {}),
        ("settings", {"title": {"en": "x" * 201}}),
        ("settings", {"languages": []}),
        ("invite", {"role": "cochair"}),
        ("report", {"run": 999999}),
        ("glossary", {"texts": {}}),
        ("no-such-kind", {}),
    ],
)
def test_impossible_proposals_are_refused_and_write_nothing(world, kind, data):
    before = (RecordEntry.objects.count(), Proposal.objects.count())
    with pytest.raises(ActionError):
        actions.do_propose(world.aynur, kind, data)
    assert (RecordEntry.objects.count(), Proposal.objects.count()) == before


def test_a_proposal_lasts_one_to_thirty_days(world):
    for days in (0, 31, "soon"):
        with pytest.raises(ActionError, match=r"days|Days"):
            actions.do_propose(world.aynur, "status", {"status": "closed"}, days=days)


def test_the_record_replays_to_the_same_settings_and_roles(world):
    propose_and_approve(world.aynur, world.gayane, "vote_visibility", {"vote_visibility": "aggregate"})
    propose_and_approve(
        world.gayane, world.aynur, "settings", {"side_names": {"B": {"en": "East"}}, "languages": ["hy", "en"]}
    )
    propose_and_approve(world.gayane, world.aynur, "role", {"member": world.narek.pk, "role": "moderator"})
    entries = [json.loads(bytes(e.data)) for e in RecordEntry.objects.filter(dialogue=world.dialogue).order_by("seq")]
    state = replay(entries)
    assert state.vote_visibility == "aggregate" and set(state.languages) == {"hy", "en"}
    assert [s.name for s in state.sides][1] == {"en": "East"}
    assert state.members[world.narek.pk].role == "moderator"
    kinds = [e["type"] for e in entries if e["type"].startswith("proposal.")]
    assert kinds.count("proposal.made") == kinds.count("proposal.approved") >= 3


# --- the page ----------------------------------------------------------------------------------


def test_anyone_reads_the_proposals_of_an_open_dialogue_and_members_see_their_forms(world, client):
    actions.do_propose(world.aynur, "status", {"status": "closed"})
    page = client.get(reverse("proposals:proposals", args=[world.dialogue.slug])).content.decode()
    assert "Close the dialogue" in page and 'name="kind"' not in page
    page = world.client("gayane").get(reverse("proposals:proposals", args=[world.dialogue.slug])).content.decode()
    assert "Approve" in page and 'value="settings"' in page
    api = client.get(reverse("api:api_proposals", args=[world.dialogue.slug])).json()
    assert api["pending"][0]["kind"] == "status" and api["pending"][0]["side"] == "A"


def test_proposing_and_approving_through_the_page(world):
    slug = world.dialogue.slug
    response = world.client("aynur").post(
        reverse("proposals:propose", args=[slug]),
        {"kind": "settings", "title.en": "Rivers, roads and rails", "title.hy": "Գետեր", "days": "3"},
    )
    assert response.status_code == 302
    proposal = Proposal.objects.get(kind="settings")
    assert proposal.payload["title"] == {"en": "Rivers, roads and rails", "hy": "Գետեր"}
    assert (
        world.client("aynur").post(reverse("proposals:decide", args=[slug, proposal.pk, "approve"])).status_code == 403
    )
    response = world.client("gayane").post(reverse("proposals:decide", args=[slug, proposal.pk, "approve"]))
    assert response.status_code == 302
    assert _dialogue(world).title["en"] == "Rivers, roads and rails"


def test_the_page_says_what_is_wrong_and_writes_nothing(world):
    slug = world.dialogue.slug
    client = world.client("aynur")
    response = client.post(reverse("proposals:propose", args=[slug]), {"kind": "status", "status": "draft"})
    assert response.status_code == 400 and "not possible" in response.content.decode()
    response = client.post(reverse("proposals:propose", args=[slug]), {"kind": "nonsense"})
    assert response.status_code == 400 and "no such kind" in response.content.decode()
    made = actions.do_propose(world.aynur, "status", {"status": "closed"})
    response = world.client("gayane").post(
        reverse("proposals:decide", args=[slug, made.proposal.pk, "reject"]), {"reason": ""}
    )
    assert response.status_code == 400 and "Say why" in response.content.decode()
    assert Proposal.objects.get(pk=made.proposal.pk).state == "pending"
    assert client.post(reverse("proposals:decide", args=[slug, 999999, "approve"])).status_code == 404


@pytest.mark.parametrize("who", ["anonymous", "outsider", "alice", "farid", "elvin"])
def test_who_may_not_propose_a_status_change_through_the_page(world, who):
    client = Client() if who == "anonymous" else world.client(who)
    response = client.post(
        reverse("proposals:propose", args=[world.dialogue.slug]), {"kind": "status", "status": "closed"}
    )
    assert response.status_code == 403
    assert not Proposal.objects.filter(kind="status", state="pending").exists()


# --- the site administrator ----------------------------------------------------------------------


def test_the_site_administrator_creates_an_empty_dialogue_with_two_co_chair_links_and_nothing_else(db):
    from parley.testing.personas import SIDES

    admin = make_user("the-admin")
    admin.is_superuser = admin.is_staff = True
    admin.save()
    client = Client()
    client.force_login(admin)
    form = {"title_en": "Shell talks", "languages": ["en", "hy"], "side0_label": "A", "side0_colour": "#1f77b4"}
    form.update({"side1_label": "B", "side1_colour": "#d95f02"})
    response = client.post(reverse("dialogues:create"), form, follow=True)
    assert response.redirect_chain[0][1] == 302
    links = [line for line in response.content.decode().split('"') if "/join/" in line]
    assert len(links) == 2
    dialogue = Dialogue.objects.get(slug="shell-talks")
    assert not dialogue.memberships.exists()
    # Not a member: the administrator sees the draft's front page (to follow its first co-chairs) and
    # nothing else of it, and cannot act in it.
    assert client.get(reverse("dialogues:detail", args=[dialogue.slug])).status_code == 200
    assert client.get(reverse("dialogues:results", args=[dialogue.slug])).status_code == 404
    assert client.get(reverse("proposals:proposals", args=[dialogue.slug])).status_code == 404
    a_token, b_token = (link.rsplit("/join/", 1)[1].strip("/") for link in links)
    chair_a, _ = dialogue_actions.do_join(a_token, handle="Leyla", language="en", user=make_user("leyla"))
    chair_b, _ = dialogue_actions.do_join(b_token, handle="Anahit", language="hy", user=make_user("anahit"))
    assert chair_a.role == chair_b.role == "cochair" and chair_a.side != chair_b.side
    propose_and_approve(chair_a, chair_b, "status", {"status": "open"})
    assert (
        client.post(
            reverse("proposals:propose", args=[dialogue.slug]), {"kind": "status", "status": "closed"}
        ).status_code
        == 403
    )
    with pytest.raises(PermissionDenied):
        dialogue_actions.do_create_shell(
            make_user("not-admin"), title={"en": "x"}, description={}, languages=["en"], sides=SIDES
        )


def test_each_sides_delegation_is_public_on_the_dialogue_page(world, client):
    propose_and_approve(world.gayane, world.aynur, "role", {"member": world.narek.pk, "role": "deputy"})
    page = client.get(reverse("dialogues:detail", args=[world.dialogue.slug])).content.decode()
    section = page.split('id="delegations"', 1)[1]
    for handle in ("Aynur", "Farid", "Elvin", "Gayane", "Narek", "Lilit"):
        assert handle in section
    assert "Deputy co-chair" in section and "Alice" not in section


def test_side_labels_must_give_two_different_signing_roles(db):
    from parley.dialogues.actions import SideSpec

    sides = [SideSpec("Az", {}, "#111111"), SideSpec("Az.", {}, "#222222")]
    with pytest.raises(ActionError, match="letters or digits"):
        dialogue_actions.do_create_dialogue(
            make_user("twin"),
            title={"en": "Twins"},
            description={},
            languages=["en"],
            sides=sides,
            my_side=0,
            handle="Twin",
        )
    assert not Dialogue.objects.exists()


def _shell() -> tuple[tuple[Dialogue, list[str]], Any]:
    from parley.testing.personas import SIDES

    admin = make_user("shell-admin")
    admin.is_superuser = True
    admin.save()
    return dialogue_actions.do_create_shell(
        admin, title={"en": "Shell"}, description={}, languages=["en"], sides=SIDES
    ), admin


def test_in_a_dialogue_the_administrator_set_up_one_side_cannot_choose_the_other_sides_co_chair(db):
    (dialogue, tokens), admin = _shell()
    chair_a, _ = dialogue_actions.do_join(tokens[0], handle="Leyla", language="en", user=make_user("leyla"))
    with pytest.raises(PermissionDenied):
        dialogue_actions.do_create_invite(chair_a, side_id=dialogue.ordered_sides()[1].pk, role="cochair")
    with pytest.raises(ActionError, match="administrator"):
        dialogue_actions.do_join(tokens[1], handle="Admin", language="en", user=admin)
    chair_b, _ = dialogue_actions.do_join(tokens[1], handle="Anahit", language="en", user=make_user("anahit"))
    assert chair_b.role == "cochair" and chair_b.side.position == 1


def test_an_unknown_decision_changes_nothing(world):
    made = actions.do_propose(world.aynur, "status", {"status": "closed"})
    url = reverse("proposals:decide", args=[world.dialogue.slug, made.proposal.pk, "approvee"])
    assert world.client("aynur").post(url).status_code == 404
    assert Proposal.objects.get(pk=made.proposal.pk).state == "pending"


def test_dropping_an_invitation_proposal_revokes_its_link_in_the_record(world):
    made = actions.do_propose(world.aynur, "invite", {"role": "moderator"})
    actions.do_withdraw_proposal(world.aynur, made.proposal.pk)
    revoked = [json.loads(bytes(e.data))["payload"] for e in RecordEntry.objects.filter(type="invite.revoked")]
    assert revoked == [{"invite": made.proposal.payload["invite"], "proposal": made.proposal.pk}]


def test_an_invitation_that_expired_before_approval_is_not_approved(world):
    made = actions.do_propose(world.aynur, "invite", {"role": "moderator", "expires_in_days": 1})
    Invite.objects.filter(pk=made.proposal.payload["invite"]).update(expires_at=timezone.now() - timedelta(minutes=1))
    with pytest.raises(ActionError, match="expired"):
        actions.do_approve_proposal(world.gayane, made.proposal.pk)
    assert Proposal.objects.get(pk=made.proposal.pk).state == "pending"


def test_side_names_are_proposed_through_the_form_whatever_their_labels(world):
    response = world.client("gayane").post(
        reverse("proposals:propose", args=[world.dialogue.slug]),
        {"kind": "settings", "side_names.1.hy": "Արևելք", "side_names.1.en": "East"},
    )
    assert response.status_code == 302
    assert Proposal.objects.get(kind="settings").payload == {"side_names": {"B": {"hy": "Արևելք", "en": "East"}}}


def test_the_worker_expires_due_proposals_without_anyone_visiting(world):
    made = actions.do_propose(world.aynur, "status", {"status": "closed"})
    assert actions.settle_everything() == 0
    Proposal.objects.filter(pk=made.proposal.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    assert actions.settle_everything() == 1
    assert Proposal.objects.get(pk=made.proposal.pk).state == "expired"
    assert RecordEntry.objects.filter(dialogue=world.dialogue, type="proposal.expired").count() == 1


def test_a_replaced_co_chairs_key_is_retired_in_the_record(world):
    from parley.checkpoints import actions as record_actions
    from parley.record import keys

    key = keys.public_key_to_b64url(keys.public_key_raw(keys.generate_private_key()))
    record_actions.do_register_key(world.aynur, key)
    propose_and_approve(world.aynur, world.gayane, "role", {"member": world.farid.pk, "role": "cochair"})
    entries = [json.loads(bytes(e.data)) for e in RecordEntry.objects.filter(dialogue=world.dialogue).order_by("seq")]
    demoted = next(
        e["seq"] for e in entries if e["type"] == "membership.role_changed" and e["payload"]["role"] == "organizer"
    )
    registered_at, retired_at = replay(entries).cochair_keys("cochair-a")[key]
    assert registered_at < demoted == retired_at
