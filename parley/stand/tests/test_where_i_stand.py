"""A participant's "where I stand": their place on the latest analysis's map, their group, and how their
votes compare with each side's majority; shown to them alone, with an empty state until it can say anything."""

import pytest
from django.urls import reverse

from parley.analysis.models import AnalysisRun
from parley.analysis.tasks import analyse_now
from parley.dialogues import actions, queries
from parley.stand.queries import compare_with_sides, majority, stand_view
from parley.testing.personas import build_outsider, client_for, join

pytestmark = pytest.mark.django_db

N_STATEMENTS = 8


def split_dialogue(world, per_side: int = 6):
    """Eight statements; side A's voters agree with the first four and disagree with the rest, side
    B's the other way round. Alice votes as side A's majority everywhere, Bella as side B's."""
    statements = [
        world.statement("aynur" if i % 2 else "gayane", f"Statement number {i} about the shared river.")
        for i in range(N_STATEMENTS)
    ]

    def a_vote(i: int) -> str:
        return "agree" if i < N_STATEMENTS // 2 else "disagree"

    def b_vote(i: int) -> str:
        return "disagree" if i < N_STATEMENTS // 2 else "agree"

    for n in range(per_side):
        a = join(world.aynur, world.side_a, f"Avoter {n}")
        b = join(world.gayane, world.side_b, f"Bvoter {n}")
        actions.do_cast_votes(a, [(s.pk, a_vote(i)) for i, s in enumerate(statements)])
        actions.do_cast_votes(b, [(s.pk, b_vote(i)) for i, s in enumerate(statements)])
    actions.do_cast_votes(world.alice, [(s.pk, a_vote(i)) for i, s in enumerate(statements)])
    actions.do_cast_votes(world.bella, [(s.pk, b_vote(i)) for i, s in enumerate(statements)])
    return statements


def stand_of(world, name: str) -> dict:
    sides = queries.dialogue_dict(world.dialogue, "en")["sides"]
    return stand_view(world.dialogue, world.members[name], "en", sides)


def stand_page(world, name: str):
    return client_for(world.members[name]).get(reverse("stand:stand", args=[world.dialogue.slug]))


def test_a_participant_voting_as_side_a_majority_everywhere_stands_100_percent_with_a(world, settings):
    settings.TALLY_MIN_VOTERS = 2
    split_dialogue(world)
    analyse_now(world.dialogue.pk)
    stand = stand_of(world, "alice")
    by_side = {row["label"]: row for row in stand["sides"]}
    assert stand["state"] == "ok" and stand["placed"]
    assert (by_side["A"]["same"], by_side["A"]["compared"], by_side["A"]["same_pct"]) == (8, 8, 100)
    assert (by_side["B"]["same"], by_side["B"]["compared"], by_side["B"]["same_pct"]) == (0, 8, 0)
    assert by_side["A"]["differ"] == []
    # Where she differs from side B most: three statements, with her vote and B's majority each.
    assert len(by_side["B"]["differ"]) == 3
    assert all({d["mine"], d["side_majority"]} == {"agree", "disagree"} for d in by_side["B"]["differ"])


def test_the_page_shows_the_participants_own_dot_group_and_the_text_alternative(world, settings):
    settings.TALLY_MIN_VOTERS = 2
    split_dialogue(world)
    analyse_now(world.dialogue.pk)
    stand = stand_of(world, "alice")
    assert stand["group"] is not None and stand["group"]["size"] >= 7
    # Alice shares a group with side A's voters, not with side B's.
    run = AnalysisRun.objects.get(dialogue=world.dialogue, status="done")
    assert run.result is not None
    group_of = {p["id"]: p["group"] for p in run.result["participants"]}
    assert group_of[str(world.alice.pk)] != group_of[str(world.bella.pk)]
    page = stand_page(world, "alice")
    html = page.content.decode()
    assert page.status_code == 200
    assert html.count('class="me-dot') == 1 and 'role="img"' in html
    assert "You are " in html and "participants placed by the analysis" in html
    assert f"You are in group {stand['group']['label']} of" in html
    assert "majority on 8 of 8 statements" in html


def test_the_figures_come_from_the_stored_run_not_a_new_computation(world, settings):
    settings.TALLY_MIN_VOTERS = 2
    split_dialogue(world)
    analyse_now(world.dialogue.pk)
    run = AnalysisRun.objects.get(dialogue=world.dialogue, status="done")
    result = run.result
    assert result is not None
    # Rewrite the stored counts: the page follows them, so it reads the stored result.
    for statement in result["statements"]:
        statement["per_side"]["A"] = {"agree": 0, "disagree": 0, "pass": 9}
    AnalysisRun.objects.filter(pk=run.pk).update(result=result)
    by_side = {row["label"]: row for row in stand_of(world, "alice")["sides"]}
    assert by_side["A"]["same_pct"] == 0


def test_each_participant_sees_only_their_own_stand(world, settings):
    settings.TALLY_MIN_VOTERS = 2
    split_dialogue(world)
    analyse_now(world.dialogue.pk)
    html = stand_page(world, "bella").content.decode()
    # Bella votes as side B: her page says 8 of 8 with B and 0 of 8 with A, whatever Alice's says.
    assert html.count("majority on 8 of 8 statements") == 1
    assert html.count("majority on 0 of 8 statements") == 1
    # Side A is listed first: 0 of 8 with A, then 8 of 8 with B.
    assert html.index("majority on 0 of 8") < html.index("majority on 8 of 8")
    assert "Alice" not in html.split("<main", 1)[-1]


def test_the_public_an_outsider_and_an_observer_get_not_found(world, client):
    url = reverse("stand:stand", args=[world.dialogue.slug])
    assert client.get(url).status_code == 404
    outsider = build_outsider("far-away")
    assert client_for(outsider).get(url).status_code == 404
    observer = join(world.aynur, world.side_a, "Watcher", role="observer", approver=world.gayane)
    assert client_for(observer).get(url).status_code == 404


def test_before_any_analysis_the_page_says_so_and_how_many_votes_to_cast(world):
    statements = [world.statement("aynur", f"Point {i} on the agenda.") for i in range(10)]
    actions.do_cast_votes(world.alice, [(s.pk, "agree") for s in statements[:3]])
    stand = stand_of(world, "alice")
    assert (stand["state"], stand["votes_needed"], stand["more_votes"]) == ("no_analysis", 7, 4)
    html = stand_page(world, "alice").content.decode()
    assert "has not been analysed yet" in html and "vote on 4 more statements" in html


def test_with_too_few_votes_the_page_says_how_many_more_are_needed(world, settings):
    settings.TALLY_MIN_VOTERS = 2
    split_dialogue(world)
    analyse_now(world.dialogue.pk)
    statements = list(world.dialogue.statements.order_by("pk"))
    actions.do_cast_votes(world.aysel, [(s.pk, "agree") for s in statements[:5]])
    stand = stand_of(world, "aysel")
    assert (stand["state"], stand["more_votes"]) == ("too_few_votes", 2)
    html = stand_page(world, "aysel").content.decode()
    assert "Vote on 2 more statements to see where you stand" in html


def test_my_votes_links_to_where_i_stand(world):
    html = client_for(world.alice).get(reverse("dialogues:my_votes", args=[world.dialogue.slug])).content.decode()
    assert reverse("stand:stand", args=[world.dialogue.slug]) in html


def test_a_side_without_a_majority_on_a_statement_is_not_counted_for_it():
    assert majority({"agree": 3, "disagree": 3, "pass": 1}) is None
    assert majority({"agree": 0, "disagree": 0, "pass": 0}) is None
    assert majority({"agree": 1, "disagree": 0, "pass": 2}) == "pass"
    result = {"statements": [{"id": "1", "per_side": {"A": {"agree": 2, "disagree": 2, "pass": 0}}}]}
    sides = [{"id": 1, "label": "A", "name": "Side A"}]
    assert compare_with_sides({"1": 1}, result, sides)[0]["compared"] == 0


def test_where_only_totals_are_public_the_page_compares_with_each_side_but_places_nobody(settings):
    from django.utils import timezone

    from parley.dialogues.models import Dialogue
    from parley.testing.personas import build_world

    world = build_world(slug="totals-talks", vote_visibility=Dialogue.VoteVisibility.AGGREGATE)
    statements = [world.statement("aynur", f"Point {i} on the agenda.") for i in range(7)]
    actions.do_cast_votes(world.alice, [(s.pk, "disagree") for s in statements])
    per_side = {"A": {"agree": 1, "disagree": 9, "pass": 0}, "B": {"agree": 9, "disagree": 1, "pass": 0}}
    AnalysisRun.objects.create(
        dialogue=world.dialogue,
        status=AnalysisRun.Status.DONE,
        finished_at=timezone.now(),
        # As a totals-only run stores it: no participants, groups of at least K only.
        result={
            "meta": {"input": {"sides": {"A": 10, "B": 10}}, "opinion_map": {"groups": 0}, "bridging": {}},
            "statements": [{"id": str(s.pk), "per_side": per_side} for s in statements],
            "groups": [],
            "consensus": {"agree": [], "disagree": []},
        },
    )
    stand = stand_of(world, "alice")
    assert stand["totals_only"] and not stand["placed"] and stand["map"] is None and stand["group"] is None
    assert [row["same_pct"] for row in stand["sides"]] == [100, 0]
    html = stand_page(world, "alice").content.decode()
    assert "the analysis keeps nobody" in html and 'class="me-dot' not in html


@pytest.mark.parametrize("language", ["ru", "az", "hy"])
def test_the_maps_coordinates_are_plain_numbers_in_every_language(world, settings, language):
    import re

    settings.TALLY_MIN_VOTERS = 2
    split_dialogue(world)
    analyse_now(world.dialogue.pk)
    url = reverse("stand:stand", args=[world.dialogue.slug])
    html = client_for(world.alice).get(url, HTTP_ACCEPT_LANGUAGE=language).content.decode()
    svg = html[html.index('<svg class="opinion-map') : html.index("</svg>")]
    coordinates = re.findall(r'\b(?:cx|cy|x|y)="([^"]*)"', svg)
    assert len(coordinates) > 20
    assert all(re.fullmatch(r"\d+\.\d", c) for c in coordinates), coordinates[:6]


def test_the_api_answers_the_same_figures_to_the_participant_and_404_to_others(world, settings, client):
    settings.TALLY_MIN_VOTERS = 2
    split_dialogue(world)
    analyse_now(world.dialogue.pk)
    url = reverse("api:api_stand", args=[world.dialogue.slug])
    data = client_for(world.alice).get(url).json()
    assert data["state"] == "ok" and data["position"] is not None and data["group"]["label"] >= 1
    assert [(s["label"], s["same"], s["compared"], s["same_pct"]) for s in data["sides"]] == [
        ("A", 8, 8, 100),
        ("B", 0, 8, 0),
    ]
    assert {"id", "text", "lang", "mine", "side_majority"} <= set(data["sides"][1]["differ"][0])
    answer = client.get(url)
    assert answer.status_code == 404 and answer.json() == {"error": "not found"}
