"""The results page's summary comes from the engine's verdicts: common ground, divides and bridging
as the engine ranked them, "too early to tell" while a side has too few votes, and nothing claimed
from a run stored before verdicts existed."""

import pytest
from django.urls import reverse
from django.utils import timezone

from parley.analysis.models import AnalysisRun
from parley.analysis.queries import analysis_summary
from parley.analysis.tasks import analyse_now
from parley.analysis.tests.test_analysis_runs import populate
from parley.dialogues import actions, queries
from parley.dialogues.models import Dialogue

pytestmark = pytest.mark.django_db


def summary_of(world):
    sides = queries.dialogue_dict(world.dialogue, "en")["sides"]
    return analysis_summary(world.dialogue, "en", sides)


def results_page(client, world, query: str = "", **headers) -> str:
    url = reverse("dialogues:results", args=[world.dialogue.slug]) + query
    return client.get(url, **headers).content.decode()


def side_evidence(n: int, agree: float) -> dict:
    return {"n": n, "agree": agree, "low": max(0.0, agree - 0.1), "high": min(1.0, agree + 0.1)}


def evidence(verdict: str, agree_a: float, agree_b: float, n: int = 40) -> dict:
    return {
        "verdict": verdict,
        "weaker_lower": min(agree_a, agree_b) - 0.1,
        "gap_lower": max(0.0, abs(agree_a - agree_b) - 0.2),
        "needs": {"A": max(0, 10 - n), "B": max(0, 10 - n)},
        "per_side": {"A": side_evidence(n, agree_a), "B": side_evidence(n, agree_b)},
    }


def stored_run(world, statements: dict, lists: dict | None, **old_fields) -> AnalysisRun:
    """A finished run whose result holds STATEMENTS (id -> evidence) and the top-level LISTS, as the
    engine writes them; without LISTS, a run stored by an engine from before verdicts."""
    rows = []
    for statement, found in statements.items():
        row = {
            "id": str(statement.pk),
            "per_side": {"A": {"agree": 30, "disagree": 5, "pass": 5}, "B": {"agree": 30, "disagree": 5, "pass": 5}},
            "bridging_intercept": 0.1,
            **old_fields,
        }
        if lists is not None:
            row["evidence"] = found
        rows.append(row)
    result = {
        "meta": {"input": {"sides": {"A": 40, "B": 40}}, "opinion_map": {"groups": 0}, "bridging": {}},
        "participants": [],
        "statements": rows,
        "groups": [],
        "consensus": {"agree": [], "disagree": []},
    }
    if lists is not None:
        rule = {"prior": [1, 1], "credibility": 0.9, "common_ground_lower": 0.5, "divide_gap_lower": 0.3}
        result["evidence"] = {
            "rule": {**rule, "min_votes_per_side": 10, "text": "The rule."},
            "too_early": 0,
            "needs": {"A": 0, "B": 0},
            **lists,
        }
    return AnalysisRun.objects.create(
        dialogue=world.dialogue, status=AnalysisRun.Status.DONE, finished_at=timezone.now(), result=result
    )


def three_statements(world):
    return (
        world.statement("alice", "Rivers need joint monitoring."),
        world.statement("bella", "Old maps should be shared."),
        world.statement("gayane", "The border should open this year."),
    )


def test_common_ground_divides_and_bridging_are_the_engines_ranked_lists(world):
    rivers, maps, border = three_statements(world)
    stored_run(
        world,
        {
            rivers: evidence("common_ground", 0.7, 0.7),
            maps: evidence("common_ground", 0.95, 0.9),
            border: evidence("divide", 0.1, 0.9),
        },
        # The engine ranks rivers first (say, its weaker side's bound is higher): the page keeps that order.
        {"common_ground": [str(rivers.pk), str(maps.pk)], "divides": [str(border.pk)], "bridging": [str(maps.pk)]},
    )
    summary = summary_of(world)
    assert [s["id"] for s in summary["common_ground"]] == [rivers.pk, maps.pk]
    assert [s["id"] for s in summary["divides"]] == [border.pk]
    assert [s["id"] for s in summary["bridging"]] == [maps.pk]
    assert summary["common_ground"][0]["evidence"]["per_side"][0]["n"] == 40


def test_on_a_real_analysis_no_statement_is_both_common_ground_and_a_divide(world):
    common, split = populate(world)
    analyse_now(world.dialogue.pk)
    summary = summary_of(world)
    common_ground = {s["id"] for s in summary["common_ground"]}
    divides = {s["id"] for s in summary["divides"]}
    assert common_ground == {common.pk} and divides == {split.pk}
    assert all(s["evidence"]["verdict"] == "common_ground" for s in summary["common_ground"])
    assert all(s["evidence"]["verdict"] == "divide" for s in summary["divides"])


def test_a_new_dialogue_with_a_few_votes_is_too_early_to_tell_and_says_what_each_side_needs(world, client):
    rivers, maps, _border = three_statements(world)
    for name in ("aysel", "bashir"):
        actions.do_cast_vote(world.members[name], rivers.pk, "agree")
        actions.do_cast_vote(world.members[name], maps.pk, "agree")
    analyse_now(world.dialogue.pk)
    summary = summary_of(world)
    assert summary["evidence_state"] == "ok"
    assert summary["common_ground"] == [] and summary["divides"] == []
    assert summary["too_early"] == 3
    assert all(p["n"] > 0 for p in summary["needs"])
    page = results_page(client, world)
    answer = page.split('id="answer-heading"')[1].split("</section>")[0]
    assert "Too early to tell." in answer and "3 statements are too early to tell." in answer
    assert "more votes before the first of them can be judged" in answer
    assert 'class="verdict verdict-early"' in page


def test_a_run_stored_before_verdicts_claims_no_common_ground(world, client):
    rivers, maps, border = three_statements(world)
    # What engines before 1.3 stored: a product of agreement on every statement, and no verdicts.
    stored_run(world, {rivers: None, maps: None, border: None}, None, common_ground=0.9, divide=0.1)
    summary = summary_of(world)
    assert summary["evidence_state"] == "outdated"
    assert summary["common_ground"] == [] and summary["divides"] == []
    page = results_page(client, world)
    assert "computed by an older version of the engine" in page
    common_ground = page.split('id="common-ground-heading"')[1].split("</section>")[0]
    assert rivers.text not in common_ground
    assert "verdict-" not in page  # nor does the list label a statement from it


def test_a_totals_only_dialogue_keeps_its_verdicts_and_shows_no_map(world, client, settings):
    settings.TALLY_MIN_VOTERS = 3
    common, _split = populate(world, per_side=10)
    analyse_now(world.dialogue.pk)
    Dialogue.objects.filter(pk=world.dialogue.pk).update(vote_visibility=Dialogue.VoteVisibility.AGGREGATE)
    world.dialogue.refresh_from_db()
    summary = summary_of(world)
    assert summary["evidence_state"] == "ok" and [s["id"] for s in summary["common_ground"]] == [common.pk]
    assert summary["map_state"] == "totals_only"
    page = results_page(client, world)
    assert "Only vote totals are public in this dialogue" in page and "<circle" not in page


def test_with_fewer_than_2k_participants_a_side_the_map_is_a_sentence(world, client, settings):
    settings.TALLY_MIN_VOTERS = 10  # 2K = 20 participants a side; populate has 13
    populate(world)
    analyse_now(world.dialogue.pk)
    assert summary_of(world)["map_state"] == "too_few"
    page = results_page(client, world)
    assert "Not enough participants for a map yet" in page and "at least 20 participants" in page
    assert "<circle" not in page
