"""Runs stored before today in totals-only dialogues may hold `participants` (ids, map positions):
pages and the API never serve them, and a data migration strips them from `result`."""

import importlib

import pytest
from django.apps import apps
from django.urls import reverse

from parley.analysis.models import AnalysisRun
from parley.analysis.tasks import analyse_now
from parley.analysis.tests.test_analysis_runs import populate
from parley.dialogues.models import Dialogue

pytestmark = pytest.mark.django_db

migration = importlib.import_module("parley.analysis.migrations.0003_totals_only_results_without_participants")


def stored_with_participants(world) -> AnalysisRun:
    """A run stored with everything per participant, in a dialogue that is now totals-only."""
    populate(world, per_side=10)  # enough votes from each side for common ground
    run = analyse_now(world.dialogue.pk)
    assert run.result and run.result["participants"]
    Dialogue.objects.filter(pk=world.dialogue.pk).update(vote_visibility=Dialogue.VoteVisibility.AGGREGATE)
    return run


def keys(value: object) -> set[str]:
    """Every key of every object within VALUE."""
    if isinstance(value, dict):
        return set(value).union(*(keys(v) for v in value.values()))
    if isinstance(value, list):
        return set().union(*(keys(v) for v in value))
    return set()


def test_a_stored_result_with_participants_is_not_served_for_a_totals_only_dialogue(world, client, settings):
    settings.TALLY_MIN_VOTERS = 3
    stored_with_participants(world)
    answer = client.get(reverse("api:api_results", args=[world.dialogue.slug]))
    analysis = answer.json()["analysis"]
    assert analysis["available"] is True and analysis["common_ground"]
    assert analysis["map"]["points"] == [] and analysis["map"]["groups"] == []
    assert all(group["size"] >= 3 for group in analysis["groups"])
    # The figures are counts per side (no voters where only totals are public); nothing else names participants.
    figures = analysis.pop("figures")
    assert figures is None or figures["counts"]["voters"] is None
    assert "participants" not in keys(analysis) and "bridging_factor" not in keys(analysis["groups"])
    page = client.get(reverse("dialogues:results", args=[world.dialogue.slug])).content.decode()
    assert '<circle class="dot side-' not in page


def test_the_migration_strips_participants_from_stored_results_and_leaves_the_published_text(world, settings):
    settings.TALLY_MIN_VOTERS = 3
    run = stored_with_participants(world)
    published = run.published_json
    migration.strip_participants(apps, None)
    run.refresh_from_db()
    result = run.result or {}
    assert result and "participants" not in result
    assert result["meta"]["privacy"] == {"totals_only": True, "min_group_size": 3}
    assert all(group["size"] >= 3 for group in result["groups"])
    assert run.published_json == published  # the record holds its hash
    migration.strip_participants(apps, None)  # again: nothing changes
    run.refresh_from_db()
    assert run.result == result


def test_the_migration_leaves_dialogues_whose_votes_are_public_one_by_one(world):
    populate(world, per_side=10)  # enough votes from each side for common ground
    run = analyse_now(world.dialogue.pk)
    migration.strip_participants(apps, None)
    run.refresh_from_db()
    assert (run.result or {})["participants"]
