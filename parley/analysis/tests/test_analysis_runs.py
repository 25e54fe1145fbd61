import re

import pytest
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse

from parley.analysis.models import AnalysisRun
from parley.analysis.tasks import analyse_now, run_analysis
from parley.dialogues import actions
from parley.dialogues.figures import dialogue_figures
from parley.testing.personas import build_world, join


def populate(world, per_side=12):
    """Both sides agree on one statement; they split on another along side lines."""
    common = world.statement("aynur", "Families of the missing deserve answers.")
    split = world.statement("gayane", "The border should open this year.")
    voters: dict[str, list] = {"A": [], "B": []}
    for i in range(per_side):
        voters["A"].append(join(world.aynur, world.side_a, f"Avoter {i}"))
        voters["B"].append(join(world.gayane, world.side_b, f"Bvoter {i}"))
    for side, members in voters.items():
        for i, member in enumerate(members):
            actions.do_cast_vote(member, common.pk, "agree" if i % 6 else "pass")
            actions.do_cast_vote(member, split.pk, ("agree" if side == "B" else "disagree") if i % 5 else "pass")
    return common, split


@pytest.mark.django_db(transaction=True)
def test_a_burst_of_votes_queues_one_analysis_after_commit():
    world = build_world(slug="burst")
    statement = world.statement("alice", "Rivers need joint monitoring.")
    AnalysisRun.objects.all().delete()
    with transaction.atomic():
        for name in ("aysel", "bella", "bashir"):
            actions.do_cast_vote(world.members[name], statement.pk, "agree")
        assert not AnalysisRun.objects.exists()  # nothing before the votes are committed
    assert AnalysisRun.objects.filter(dialogue=world.dialogue, status="queued").count() == 1
    actions.do_cast_vote(world.alice, statement.pk, "disagree")
    assert AnalysisRun.objects.filter(dialogue=world.dialogue).count() == 1  # still the one waiting


@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_vote_schedules_nothing():
    world = build_world(slug="rollback")
    statement = world.statement("alice", "Rolled back.")
    AnalysisRun.objects.all().delete()
    with pytest.raises(RuntimeError), transaction.atomic():
        actions.do_cast_vote(world.bella, statement.pk, "agree")
        raise RuntimeError("abort")
    assert not AnalysisRun.objects.exists()
    actions.do_cast_vote(world.bella, statement.pk, "agree")  # the next vote is not blocked by the rolled-back one
    assert AnalysisRun.objects.filter(status="queued").count() == 1


@pytest.mark.django_db
def test_a_second_run_waits_while_one_is_computing(world):
    AnalysisRun.objects.create(dialogue=world.dialogue, status="running")
    queued = AnalysisRun.objects.create(dialogue=world.dialogue)
    assert run_analysis.call(queued.pk) == "another run is computing"
    queued.refresh_from_db()
    assert queued.status == "queued"


@pytest.mark.django_db
def test_an_analysis_stores_its_result_parameters_and_timings(world):
    common, split = populate(world)
    run = analyse_now(world.dialogue.pk)
    assert run.status == "done" and run.error == ""
    assert run.n_votes == 2 + 12 * 2 * 2  # the authors' own votes, then every voter on both
    assert run.parameters and set(run.timings) >= {"opinion_map", "bridging"}
    assert run.result is not None
    statements = {s["id"]: s for s in run.result["statements"]}
    assert statements[str(common.pk)]["evidence"]["verdict"] == "common_ground"
    assert statements[str(split.pk)]["evidence"]["verdict"] == "divide"


@pytest.mark.django_db
def test_an_analysis_records_the_libraries_it_ran_on_beside_its_hash_not_inside_it(world):
    import hashlib
    import json

    import numpy
    import scipy

    from parley.ledger.models import RecordEntry

    populate(world)
    run = analyse_now(world.dialogue.pk)
    assert run.result is not None
    environment = run.result["meta"]["environment"]
    assert environment["numpy"] == numpy.__version__ and environment["scipy"] == scipy.__version__
    assert set(environment["blas"]) == {"numpy", "scipy"}
    entry = json.loads(bytes(RecordEntry.objects.filter(dialogue=world.dialogue).order_by("-seq")[0].data))
    assert entry["type"] == "analysis.recorded" and entry["payload"]["environment"] == environment
    assert "environment" not in json.loads(run.published_json)["meta"]
    assert entry["payload"]["result_sha256"] == hashlib.sha256(run.published_json.encode()).hexdigest()


@pytest.mark.django_db
def test_the_results_page_shows_common_ground_divides_the_map_and_groups(world, client, settings):
    settings.TALLY_MIN_VOTERS = 5  # a map needs 2K = 10 participants per side: here 13
    common, split = populate(world)
    analyse_now(world.dialogue.pk)
    page = client.get(reverse("dialogues:results", args=[world.dialogue.slug])).content.decode()
    common_ground = page.split('id="common-ground-heading"')[1].split('id="divides-heading"')[0]
    divides = page.split('id="divides-heading"')[1].split("</section>")[0]
    assert common.text in common_ground and split.text not in common_ground
    assert split.text in divides and common.text not in divides
    assert "Common ground: both sides at least" in common_ground and "12+ votes each" in common_ground
    assert page.count('<circle class="dot side-') == 12 * 2 + 2  # every voter: 24, and the two authors
    # The analysis states the figures as of its votes, labelled with its time: here the live ones.
    run = AnalysisRun.objects.get(dialogue=world.dialogue)
    assert "As of the analysis, computed" in page and run.figures == dialogue_figures(world.dialogue).to_dict()
    assert run.n_votes == run.figures["current_votes"] == 50


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["ru", "az"])
def test_the_maps_coordinates_stay_svg_numbers_on_pages_with_a_decimal_comma(world, client, settings, language):
    """Russian and Azerbaijani write 16,5 for 16.5; an SVG attribute must still read 16.5."""
    settings.TALLY_MIN_VOTERS = 5
    populate(world)
    analyse_now(world.dialogue.pk)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    page = client.get(reverse("dialogues:results", args=[world.dialogue.slug])).content.decode()
    svg = page.split('<svg class="opinion-map"')[1].split("</svg>")[0]
    numbers = re.findall(r' (?:cx|cy|x|y)="([^"]*)"', svg)
    assert numbers and all(re.fullmatch(r"-?\d+(\.\d+)?", n) for n in numbers), numbers[:4]


@pytest.mark.django_db
def test_the_api_returns_the_analysis_too(world, client):
    populate(world, per_side=4)
    analyse_now(world.dialogue.pk)
    data = client.get(reverse("api:api_results", args=[world.dialogue.slug])).json()
    assert data["analysis"]["available"] is True
    assert {s["id"] for s in data["analysis"]["common_ground"]} <= {s["id"] for s in data["statements"]}


@pytest.mark.django_db
def test_without_votes_the_page_says_no_analysis_yet(world, client):
    page = client.get(reverse("dialogues:results", args=[world.dialogue.slug])).content.decode()
    assert "There is no analysis yet" in page


@pytest.mark.django_db
def test_a_failing_run_is_marked_failed_and_the_page_still_renders(world, client, monkeypatch):
    world.statement("alice", "Any statement.")
    run = AnalysisRun.objects.create(dialogue=world.dialogue)

    def broken(*args, **kwargs):
        raise ValueError("engine exploded")

    monkeypatch.setattr("parley.analysis.tasks.analyze", broken)
    with pytest.raises(ValueError):
        run_analysis.call(run.pk)
    run.refresh_from_db()
    assert run.status == "failed" and "engine exploded" not in run.error
    assert client.get(reverse("dialogues:results", args=[world.dialogue.slug])).status_code == 200


@pytest.mark.django_db(transaction=True)
def test_the_worker_runs_the_queued_analysis(settings, django_capture_on_commit_callbacks):
    settings.ANALYSIS_DEBOUNCE_SECONDS = 0
    world = build_world(slug="worker-world")
    statement = world.statement("alice", "A worker will analyse this.")
    actions.do_cast_vote(world.bella, statement.pk, "agree")
    assert AnalysisRun.objects.filter(dialogue=world.dialogue, status="queued").exists()
    call_command("db_worker", batch=True, startup_delay=False, verbosity=0)
    assert AnalysisRun.objects.get(dialogue=world.dialogue).status == "done"


@pytest.mark.django_db
def test_a_run_left_running_by_a_dead_worker_is_failed_and_no_longer_blocks(world):
    from datetime import timedelta

    from django.utils import timezone

    stale = AnalysisRun.objects.create(
        dialogue=world.dialogue, status="running", started_at=timezone.now() - timedelta(hours=2)
    )
    world.statement("alice", "After a crash.")
    queued = AnalysisRun.objects.create(dialogue=world.dialogue)
    assert run_analysis.call(queued.pk) == "done"
    stale.refresh_from_db()
    assert stale.status == "failed" and "stopped" in stale.error
