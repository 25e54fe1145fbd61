"""The first hour of the co-chairs: the setup checklist of a draft, what the Manage and Proposals pages
offer before the other side has a co-chair, and role and note labels in the reader's language."""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from parley.dialogues import actions
from parley.dialogues.models import Dialogue, Invite, Membership
from parley.proposals import actions as governance
from parley.proposals.setup_queries import setup_checklist
from parley.testing.personas import SIDES, build_world, client_for, join, make_user, propose_and_approve

pytestmark = pytest.mark.django_db

TITLE = {"en": "River talks", "az": "Çay danışıqları", "hy": "Գետի շուրջ զրույցներ", "ru": "Разговоры о реке"}


def shell() -> tuple[Dialogue, list[str]]:
    """A draft the site administrator created, with the two first co-chairs' links."""
    admin = get_user_model().objects.create_superuser("site-admin", password="correct horse battery staple")
    return actions.do_create_shell(admin, title=TITLE, description={}, languages=["az", "hy", "ru", "en"], sides=SIDES)


def join_shell(token: str, handle: str, language: str) -> Membership:
    member, _return = actions.do_join(token, handle=handle, language=language, user=make_user(handle.lower()))
    return member


def own_draft() -> Membership:
    """A draft that a co-chair created, before the other side has a co-chair."""
    _dialogue, aynur = actions.do_create_dialogue(
        make_user("aynur"), title=TITLE, description={}, languages=["az", "hy"], sides=SIDES, my_side=0, handle="Aynur"
    )
    return aynur


def steps(member: Membership) -> dict:
    member.dialogue.refresh_from_db()
    return {step.key: step for step in setup_checklist(member.dialogue, member, "en")}


def test_a_cochair_who_joins_a_draft_lands_on_its_setup_checklist_not_on_voting():
    _dialogue, tokens = shell()
    client = Client()
    response = client.post(
        reverse("dialogues:join", args=[tokens[0]]),
        {
            "handle": "Aynur",
            "language": "en",
            "account-username": "aynur",
            "account-password": "correct horse battery staple",
            "account-password2": "correct horse battery staple",
        },
    )
    assert response.status_code == 302 and response["Location"].endswith("#setup")
    page = client.get(response["Location"]).content.decode()
    assert 'id="setup"' in page and "Start voting" not in page
    assert "joins with the link the site administrator gave them" in page


def test_the_checklist_says_what_waits_on_whom_from_joining_to_opening():
    _dialogue, tokens = shell()
    aynur = join_shell(tokens[0], "Aynur", "en")
    first = steps(aynur)
    assert [key for key in first] == ["cochairs", "settings", "moderators", "participants", "policy", "open"]
    assert not any(step.done for step in first.values())
    assert "Waiting on the other side (Side B)" in first["cochairs"].waiting
    assert first["open"].waiting == "Possible once both sides have a co-chair."

    gayane = join_shell(tokens[1], "Gayane", "hy")
    assert steps(aynur)["cochairs"].done
    assert steps(aynur)["open"].waiting == "Either side proposes it; the other side approves."

    made = governance.do_propose(aynur, "status", {"status": "open"})
    assert steps(aynur)["open"].waiting == "Your side's proposal waits for the other side's approval."
    assert steps(gayane)["open"].waiting == "The other side's proposal waits for your approval."
    assert steps(gayane)["open"].link.endswith("/proposals/#pending")

    actions.do_create_invite(aynur, side_id=aynur.side_id)
    assert steps(aynur)["participants"].waiting == "Waiting on the other side (Side B)."
    assert steps(gayane)["participants"].waiting == "Waiting on your side."
    actions.do_create_invite(gayane, side_id=gayane.side_id)
    assert steps(aynur)["participants"].done

    join(aynur, aynur.side, "Elvin", Membership.Role.MODERATOR, user=make_user("elvin"), approver=gayane)
    assert steps(gayane)["moderators"].waiting == "Waiting on your side."
    propose_and_approve(aynur, gayane, "moderation_policy", {"texts": {"en": "Be civil."}})
    assert steps(aynur)["policy"].done

    governance.do_approve_proposal(gayane, made.proposal.pk)
    final = steps(aynur)
    assert final["open"].done and final["settings"].done


def test_the_checklist_stays_on_the_dialogue_page_after_opening_but_folded():
    world = build_world()
    page = world.client("aynur").get(reverse("dialogues:detail", args=[world.dialogue.slug])).content.decode()
    assert 'id="setup"' in page and "<details open" not in page
    participant = world.client("alice").get(reverse("dialogues:detail", args=[world.dialogue.slug]))
    assert 'id="setup"' not in participant.content.decode()


def test_the_manage_page_offers_the_first_cochair_invitation_when_the_other_side_has_none():
    aynur = own_draft()
    side_b = aynur.dialogue.ordered_sides()[1]
    url = reverse("dialogues:manage", args=[aynur.dialogue.slug])
    page = client_for(aynur).get(url).content.decode()
    assert 'id="invite-first-cochair"' in page and f'name="side" value="{side_b.pk}"' in page
    # The general form no longer offers the other side or the co-chair role, which would fail there.
    general = page.split('id="invite-first-cochair"')[1].split("</form>", 1)[1]
    assert f'<option value="{side_b.pk}"' not in general and '<option value="cochair"' not in general
    response = client_for(aynur).post(
        url, {"side": side_b.pk, "role": "cochair", "max_uses": 1, "expires_in_days": 14}, follow=True
    )
    assert response.status_code == 200
    assert Invite.objects.filter(side=side_b, role="cochair", created_by=aynur).exists()


def test_in_an_administrators_draft_the_manage_page_says_the_other_cochair_comes_with_the_administrators_link():
    _dialogue, tokens = shell()
    aynur = join_shell(tokens[0], "Aynur", "en")
    page = client_for(aynur).get(reverse("dialogues:manage", args=[aynur.dialogue.slug])).content.decode()
    assert 'id="invite-first-cochair"' not in page and "Invite them below" not in page
    assert "the link the site administrator gave them" in page
    assert "the dialogue cannot be opened yet" in page


def test_nothing_is_offered_on_the_proposals_page_before_the_other_cochair_exists_and_the_server_refuses_it():
    aynur = own_draft()
    url = reverse("proposals:proposals", args=[aynur.dialogue.slug])
    page = client_for(aynur).get(url).content.decode()
    assert 'id="propose-status"' not in page
    assert "Side B has no co-chair to answer" in page
    response = client_for(aynur).post(
        reverse("proposals:propose", args=[aynur.dialogue.slug]), {"kind": "status", "status": "open"}
    )
    assert response.status_code == 400
    assert "Both sides need a co-chair before anything can be proposed." in response.content.decode()


def test_proposals_that_cannot_succeed_yet_say_why_instead_of_offering_a_form():
    world = build_world(open_dialogue=False)
    page = world.client("aynur").get(reverse("proposals:proposals", args=[world.dialogue.slug])).content.decode()
    assert '<details class="propose" id="propose-status">' in page
    linked = world.client("aynur").get(steps(world.aynur)["open"].link).content.decode()
    assert '<details class="propose" id="propose-status" open>' in linked
    assert '<details class="propose" id="propose-report">' not in page
    assert "No finished analysis yet." in page
    assert "There are no statements yet." in page
    assert "No joint statement is being drafted." in page
    assert '<details class="propose" id="propose-role">' in page  # side A has organizers and moderators


def test_a_side_with_no_one_to_appoint_is_told_so_instead_of_an_empty_choice():
    aynur = own_draft()
    join(aynur, aynur.dialogue.ordered_sides()[1], "Gayane", Membership.Role.COCHAIR, user=make_user("gayane"))
    page = client_for(aynur).get(reverse("proposals:proposals", args=[aynur.dialogue.slug])).content.decode()
    assert '<details class="propose" id="propose-role">' not in page
    assert "Your side has no one to appoint yet: invite them first." in page


@pytest.mark.parametrize(
    ("language", "word", "first_cochair"),
    [
        ("az", "Həmsədr", "İlk həmsədr"),
        ("hy", "Համանախագահ", "Առաջին համանախագահ"),
        ("ru", "Сопредседатель", "Первый сопредседатель"),
    ],
)
def test_the_first_cochair_note_and_roles_read_in_the_readers_language(language, word, first_cochair):
    _dialogue, tokens = shell()
    aynur = join_shell(tokens[0], "Aynur", language)
    client = client_for(aynur)
    client.cookies["django_language"] = language
    page = client.get(reverse("dialogues:manage", args=[aynur.dialogue.slug]), HTTP_ACCEPT_LANGUAGE=language)
    html = page.content.decode()
    assert first_cochair in html and "First co-chair" not in html
    detail = client.get(reverse("dialogues:detail", args=[aynur.dialogue.slug]), HTTP_ACCEPT_LANGUAGE=language)
    html = detail.content.decode()
    assert word in html and "cochair-" not in html
    assert "Waiting on" not in html and "Either side" not in html
