import pytest
from django.urls import reverse

from parley.dialogues import actions, queries

pytestmark = pytest.mark.django_db


def test_results_count_each_sides_votes_separately(world):
    statement = world.statement("gayane", "Demining maps should be shared.")
    actions.do_cast_vote(world.alice, statement.pk, "agree")
    actions.do_cast_vote(world.aysel, statement.pk, "disagree")
    actions.do_cast_vote(world.bella, statement.pk, "pass")
    data = queries.results(world.dialogue, "en")
    row = next(s for s in data["statements"] if s["id"] == statement.pk)
    by_side = {p["side"]: (p["agree"], p["disagree"], p["pass"]) for p in row["per_side"]}
    assert by_side == {"A": (1, 1, 0), "B": (1, 0, 1)}  # the author gayane agrees; bella passes


def test_the_results_api_returns_the_same_dict_as_the_page(world, client):
    statement = world.statement("alice", "Heritage sites deserve protection.")
    actions.do_cast_vote(world.aysel, statement.pk, "disagree")
    actions.do_cast_vote(world.bella, statement.pk, "agree")
    actions.do_cast_vote(world.bashir, statement.pk, "pass")
    api = client.get(reverse("api:api_results", args=[world.dialogue.slug]))
    assert api.status_code == 200 and api["Content-Type"] == "application/json"
    data = api.json()
    analysis = data.pop("analysis")
    assert data == queries.results(world.dialogue, "en")
    assert analysis == {"available": False, "pending": None}
    # The figures themselves, known from the votes above (the author alice agrees with her own statement).
    assert (data["n_statements"], data["n_votes"]) == (1, 4)
    (row,) = data["statements"]
    assert row["id"] == statement.pk and row["text"] == "Heritage sites deserve protection."
    by_side = {p["side"]: (p["agree"], p["disagree"], p["pass"], p["total"], p["agree_pct"]) for p in row["per_side"]}
    assert by_side == {"A": (1, 1, 0, 2, 50), "B": (1, 0, 1, 2, 50)}
    # The page shows the same statement and counts.
    page = client.get(reverse("dialogues:results", args=[world.dialogue.slug])).content.decode()
    assert f'id="statement-{statement.pk}"' in page and "Heritage sites deserve protection." in page


def test_results_are_public_but_a_draft_dialogue_is_not(world, client, db):
    assert client.get(reverse("dialogues:results", args=[world.dialogue.slug])).status_code == 200
    from parley.testing.personas import build_world

    draft = build_world(slug="a-draft", open_dialogue=False)
    assert client.get(reverse("dialogues:results", args=[draft.dialogue.slug])).status_code == 404
    assert draft.client("alice").get(reverse("dialogues:results", args=[draft.dialogue.slug])).status_code == 200


def test_the_results_page_shows_statements_in_the_readers_language_with_the_original(world, client):
    statement = actions.do_submit_statement(
        world.alice, "Çaylar ortaqdır.", "az", translations={"en": "Rivers are shared.", "hy": "Գետերը ընդհանուր են։"}
    )
    page = client.get(
        reverse("dialogues:results", args=[world.dialogue.slug]), HTTP_ACCEPT_LANGUAGE="hy"
    ).content.decode()
    assert "Գետերը ընդհանուր են։" in page and "Çaylar ortaqdır." in page
    assert f'id="statement-{statement.pk}"' in page


def test_an_empty_dialogue_says_so(world, client):
    page = client.get(reverse("dialogues:results", args=[world.dialogue.slug])).content.decode()
    assert "No statements yet" in page
