import unicodedata

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from parley.dialogues import actions
from parley.dialogues.access import ActionError
from parley.dialogues.models import Statement, Vote, VoteHistory

pytestmark = pytest.mark.django_db


def write_url(world):
    return reverse("dialogues:write", args=[world.dialogue.slug])


def vote_url(world):
    return reverse("dialogues:cast_vote", args=[world.dialogue.slug])


def test_a_statement_is_stored_in_nfc_trimmed_with_its_side_and_language(world):
    decomposed = "  Çaylar   bizim\tümumi sərvətimizdir. "
    decomposed = unicodedata.normalize("NFD", decomposed)
    statement = actions.do_submit_statement(world.alice, decomposed, "az")
    assert statement.text == unicodedata.normalize("NFC", "Çaylar bizim ümumi sərvətimizdir.")
    assert statement.side == world.side_a and statement.language == "az" and not statement.is_seed


def test_statements_by_cochairs_and_organizers_are_seeds(world):
    assert actions.do_submit_statement(world.gayane, "Seed one.", "en").is_seed
    assert actions.do_submit_statement(world.narek, "Seed two.", "en").is_seed


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "empty"),
        ("   \n\t ", "empty"),
        ("\x00\x01\x02", "empty"),
        ("x" * 401, "at most 400"),
        (["a list"], "must be text"),
        (None, "must be text"),
        (42, "must be text"),
    ],
)
def test_bad_statements_get_a_clear_message_and_write_nothing(world, text, message):
    before = Statement.objects.count()
    with pytest.raises(ActionError, match=message):
        actions.do_submit_statement(world.alice, text, "en")
    assert Statement.objects.count() == before


def test_a_statement_of_exactly_400_characters_is_accepted(world):
    assert len(actions.do_submit_statement(world.alice, "y" * 400, "en").text) == 400


def test_the_write_page_shows_errors_and_keeps_nothing(world):
    client = world.client("alice")
    before = Statement.objects.count()
    response = client.post(write_url(world), {"text": "z" * 450, "language": "en"})
    assert response.status_code == 400
    assert "at most 400" in response.content.decode()
    response = client.post(write_url(world), {"text": "Fine text", "language": "klingon"})
    assert response.status_code == 400
    assert Statement.objects.count() == before


def test_a_forged_side_id_cannot_change_a_statements_side(world):
    client = world.client("alice")
    response = client.post(write_url(world), {"text": "From side A, truly.", "language": "en", "side": world.side_b.pk})
    assert response.status_code == 302
    assert Statement.objects.get(text="From side A, truly.").side == world.side_a


def test_a_second_vote_replaces_the_first_and_history_keeps_both(world):
    statement = world.statement("bella", "Clean rivers help everyone.")
    actions.do_cast_vote(world.alice, statement.pk, "agree")
    actions.do_cast_vote(world.alice, statement.pk, "disagree")
    assert list(Vote.objects.filter(membership=world.alice, statement=statement).values_list("value", flat=True)) == [
        -1
    ]
    history = VoteHistory.objects.filter(membership=world.alice, statement=statement).order_by("cast_at", "id")
    assert [h.value for h in history] == [1, -1]


def test_the_author_agrees_with_their_own_statement(world):
    statement = world.statement("bella", "Border crossings should open.")
    assert Vote.objects.get(membership=world.bella, statement=statement).value == 1


@pytest.mark.parametrize("statement_id", ["abc", "", "999999", "-1", "1.5"])
def test_unknown_statement_ids_are_refused(world, statement_id):
    client = world.client("alice")
    response = client.post(vote_url(world), {"statement": statement_id, "value": "agree"})
    assert response.status_code == 302  # back to the page, with the message
    page = client.get(reverse("dialogues:vote", args=[world.dialogue.slug])).content.decode()
    assert "does not exist" in page
    assert not Vote.objects.filter(membership=world.alice).exists()


def test_a_statement_of_another_dialogue_cannot_be_voted_on(world):
    foreign = actions.do_submit_statement(world.outsider, "Elsewhere.", "en")
    with pytest.raises(ActionError):
        actions.do_cast_vote(world.alice, foreign.pk, "agree")


def test_a_statement_on_hold_cannot_be_voted_on(world):
    statement = world.statement("bella", "To be held.")
    Statement.objects.filter(pk=statement.pk).update(status=Statement.Status.ON_HOLD)
    with pytest.raises(ActionError):
        actions.do_cast_vote(world.alice, statement.pk, "agree")


@pytest.mark.parametrize("value", ["yes", "2", "", None, True])
def test_bad_vote_values_are_refused(world, value):
    statement = world.statement("bella", "Shared monitoring of water.")
    with pytest.raises(ActionError, match="agree, disagree or pass"):
        actions.do_cast_vote(world.alice, statement.pk, value)


def test_an_htmx_vote_returns_the_next_statement(world):
    first = world.statement("bella", "First statement.")
    second = world.statement("gayane", "Second statement, a seed.")
    client = world.client("alice")
    page = client.get(reverse("dialogues:vote", args=[world.dialogue.slug])).content.decode()
    assert second.text in page  # seeds come first
    response = client.post(vote_url(world), {"statement": second.pk, "value": "pass"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert first.text in response.content.decode()
    response = client.post(vote_url(world), {"statement": first.pk, "value": "agree"}, HTTP_HX_REQUEST="true")
    assert "voted on every statement" in response.content.decode()


def test_votes_and_statements_wait_until_the_dialogue_opens(db):
    from parley.testing.personas import build_world

    world = build_world(slug="still-draft", open_dialogue=False)
    with pytest.raises(ActionError, match="not open"):
        actions.do_submit_statement(world.alice, "Too early.", "en")


def test_observers_cannot_vote(world):
    from parley.dialogues.models import Membership

    Membership.objects.filter(pk=world.bashir.pk).update(role=Membership.Role.OBSERVER)
    world.bashir.refresh_from_db()
    statement = world.statement("bella", "Observers only read.")
    with pytest.raises(PermissionDenied):
        actions.do_cast_vote(world.bashir, statement.pk, "agree")


def test_my_votes_shows_only_my_own_votes_and_changes_them(world):
    statement = world.statement("bella", "Youth exchanges every summer.")
    actions.do_cast_vote(world.alice, statement.pk, "agree")
    actions.do_cast_vote(world.aysel, statement.pk, "disagree")
    client = world.client("alice")
    url = reverse("dialogues:my_votes", args=[world.dialogue.slug])
    page = client.get(url).content.decode()
    assert statement.text in page and page.count('aria-pressed="true"') == 1
    response = client.post(
        vote_url(world), {"statement": statement.pk, "value": "pass", "from": "my-votes"}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200 and f'id="my-vote-{statement.pk}"' in response.content.decode()
    assert Vote.objects.get(membership=world.alice, statement=statement).value == 0
    assert Vote.objects.get(membership=world.aysel, statement=statement).value == -1


def test_writing_is_rate_limited(world, settings):
    client = world.client("alice")
    for i in range(10):
        assert client.post(write_url(world), {"text": f"Idea number {i}.", "language": "en"}).status_code == 302
    response = client.post(write_url(world), {"text": "One idea too many.", "language": "en"})
    assert response.status_code == 400 and "very fast" in response.content.decode()
    assert not Statement.objects.filter(text="One idea too many.").exists()
