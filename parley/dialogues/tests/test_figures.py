"""One definition of every figure: who counts as a participant and a voter, which statements and
which votes, the same on every page, in the API, the bundle and the command line."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from django.urls import reverse

from parley.analysis.tasks import analyse_now
from parley.cli import main
from parley.dialogues import actions, tallies
from parley.dialogues.figures import dialogue_figures
from parley.dialogues.models import Dialogue, Membership
from parley.ledger.models import RecordEntry
from parley.moderation import actions as moderation
from parley.record.figures import Figures, SideFigures, from_state
from parley.record.replay import replay
from parley.testing import figures as read
from parley.testing.personas import World, build_world, join

pytestmark = pytest.mark.django_db


def moderated_world(vote_visibility: str = Dialogue.VoteVisibility.INDIVIDUAL) -> World:
    """The personas' dialogue with a statement on hold, one removed, a changed vote, a co-chair who
    votes, an organizer whose only vote is on the removed statement, a participant who never voted
    and an observer.

    Each author's own statement gets their agree. Side A (aynur, farid, elvin, alice, aysel): alice
    writes S1 and changes her vote on S2; aynur, the co-chair, votes on S1; aysel writes S3, which
    is held; aysel never votes otherwise. Side B (gayane, narek, lilit, bella, bashir): bella writes
    S2 and votes on S1, S3 and S4; bashir writes S4, which is removed, and votes on S1; narek votes
    only on S4.
    """
    world = build_world(slug="figures-talks", vote_visibility=vote_visibility)
    world.members["olga"] = join(world.aynur, world.side_a, "Olga", Membership.Role.OBSERVER, approver=world.gayane)
    s1 = world.statement("alice", "Shared rivers need shared data.")
    s2 = world.statement("bella", "Monitoring stations on both banks.")
    s3 = world.statement("aysel", "A statement that waits for the other side's moderator.")
    s4 = world.statement("bashir", "A statement both sides remove.")
    vote = actions.do_cast_vote
    vote(world.aynur, s1.pk, 1)
    vote(world.alice, s2.pk, -1)
    vote(world.alice, s2.pk, 1)  # a changed vote
    vote(world.bella, s1.pk, 1)
    vote(world.bella, s3.pk, 0)
    vote(world.bella, s4.pk, -1)
    vote(world.bashir, s1.pk, -1)
    vote(world.narek, s4.pk, 1)
    moderation.do_hold(world.elvin, s3.pk, "off_topic", "Not about the rivers.")
    hold = moderation.do_hold(world.lilit, s4.pk, "insult", "An insult.")
    moderation.do_decide_hold(world.elvin, hold.pk, "remove")
    return world


# Counted by hand from the story above (A first, then B).
EXPECTED = Figures(
    sides=(
        # aynur, farid, elvin, alice, aysel (not the observer); voters aynur, alice (aysel's only
        # vote is on her held statement); current: aynur S1, alice S1 and S2; cast: those, alice's
        # first vote on S2 and aysel's agree on S3.
        SideFigures("A", participants=5, voters=2, current_votes=3, votes_cast=5),
        # gayane, narek, lilit, bella, bashir; voters bella, bashir (narek voted only on S4);
        # current: bella S2 and S1, bashir S1; cast: those, bella on S3 and S4, bashir's agree on S4, narek.
        SideFigures("B", participants=5, voters=2, current_votes=3, votes_cast=7),
    ),
    statements_visible=2,
    statements_on_hold=1,
    statements_removed=1,
)


def record_figures(dialogue: Dialogue) -> Figures:
    rows = RecordEntry.objects.filter(dialogue=dialogue).order_by("seq").values_list("data", flat=True)
    return from_state(replay([json.loads(bytes(data)) for data in rows]))


def test_held_and_removed_statements_count_as_statements_but_their_votes_are_not_current():
    figures = dialogue_figures(moderated_world().dialogue)
    assert (figures.statements, figures.statements_visible) == (4, 2)
    assert (figures.statements_on_hold, figures.statements_removed) == (1, 1)
    assert figures.current_votes == 6 and figures.votes_cast == 12


def test_a_changed_vote_is_one_current_vote_and_two_votes_cast():
    world = build_world(slug="changed-votes")
    statement = world.statement("gayane", "One statement.")
    before = dialogue_figures(world.dialogue)
    actions.do_cast_vote(world.alice, statement.pk, -1)
    actions.do_cast_vote(world.alice, statement.pk, 1)
    after = dialogue_figures(world.dialogue)
    assert after.current_votes - before.current_votes == 1
    assert after.votes_cast - before.votes_cast == 2


def test_a_co_chair_who_votes_is_a_participant_and_a_voter_and_an_observer_is_neither():
    world = build_world(slug="chair-votes")
    join(world.aynur, world.side_a, "Olga", Membership.Role.OBSERVER, approver=world.gayane)
    statement = world.statement("bella", "A statement of side B.")
    before = dialogue_figures(world.dialogue)
    actions.do_cast_vote(world.aynur, statement.pk, 1)
    after = dialogue_figures(world.dialogue)
    # aynur (co-chair), farid, elvin, alice, aysel: the observer is not counted.
    assert before.sides[0].participants == after.sides[0].participants == 5
    assert (before.sides[0].voters, after.sides[0].voters) == (0, 1)


def test_a_member_who_never_voted_is_a_participant_but_not_a_voter():
    world = build_world(slug="quiet-talks")
    figures = dialogue_figures(world.dialogue)
    assert figures.participants == 10 and figures.voters == 0
    world.statement("alice", "Alice's agree is her first vote.")
    assert dialogue_figures(world.dialogue).voters == 1


def test_the_record_counts_the_same_figures_as_the_tables():
    world = moderated_world()
    assert dialogue_figures(world.dialogue) == record_figures(world.dialogue) == EXPECTED


def totals_only_world(settings) -> World:
    """The moderated world where only vote totals are public, its votes published by a final batch."""
    settings.TALLY_MIN_VOTERS = 1
    world = moderated_world(Dialogue.VoteVisibility.AGGREGATE)
    tallies.do_seal_batch(world.dialogue.pk, final=True)
    return world


def test_where_only_totals_are_public_the_figures_are_the_published_batches_without_voters(settings):
    waiting = build_world(slug="quiet-totals", vote_visibility=Dialogue.VoteVisibility.AGGREGATE)
    waiting.statement("alice", "Waiting for a batch.")
    figures = dialogue_figures(waiting.dialogue)
    assert figures.voters is None and figures.current_votes == figures.votes_cast == 0
    published = totals_only_world(settings).dialogue
    assert dialogue_figures(published) == record_figures(published) == EXPECTED.totals_only()


def test_every_place_states_the_same_figures(client, tmp_path):
    world = moderated_world()
    analyse_now(world.dialogue.pk)
    assert_every_place_agrees(client, world.dialogue, read.normal(EXPECTED), tmp_path)


def test_every_place_states_the_same_figures_where_only_totals_are_public(client, tmp_path, settings):
    world = totals_only_world(settings)
    analyse_now(world.dialogue.pk)
    assert_every_place_agrees(client, world.dialogue, read.normal(EXPECTED.totals_only()), tmp_path)


def assert_every_place_agrees(client, dialogue: Dialogue, expected: read.Normal, tmp_path: Path) -> None:
    """The dialogue page, the results page (its counts and, with no vote since, the analysis's), the
    API, the home page, `parley dialogues`, `parley export` and the bundle all state EXPECTED."""
    slug = dialogue.slug
    pages = read.on_the_pages(slug, client)
    assert "results page, as of the analysis" in pages  # no vote since the analysis: the same figures
    for place, found in pages.items():
        assert found == expected, place
    api = client.get(reverse("api:api_results", args=[slug])).json()
    assert sum(s["n_votes"] for s in api["statements"]) == api["n_votes"] == expected["current_votes"][0]
    assert api["n_statements"] == len(api["statements"]) == expected["statements"][1]
    listed = next(d for d in client.get(reverse("api:api_dialogues")).json()["dialogues"] if d["slug"] == slug)
    assert read.from_counts(listed["figures"]["counts"]) == expected, "dialogue list API"
    assert (listed["participants"], listed["statements"], listed["votes"]) == (
        expected["participants"][0],
        expected["statements"][1],
        expected["current_votes"][0],
    )
    home = client.get(reverse("dialogues:home")).content.decode()
    card = home.split(f'href="{reverse("dialogues:detail", args=[slug])}"', 1)[1]
    assert read.from_compact_html(card) == (
        expected["participants"][0],
        expected["statements"][0],
        expected["current_votes"][0],
    )
    figures = dialogue_figures(dialogue)
    listing = CliRunner().invoke(main, ["dialogues"])
    line = next(line for line in listing.output.splitlines() if line.startswith(f"{slug}\t"))
    assert read.from_description(line) == read.described(figures), "parley dialogues"
    bundle = tmp_path / "bundle.zip"
    exported = CliRunner().invoke(main, ["export", slug, str(bundle)])
    assert exported.exit_code == 0, exported.output
    assert read.from_description(exported.output) == read.described(figures), "parley export"
    assert_the_bundle_states(bundle, expected, dialogue.languages)


def assert_the_bundle_states(bundle: Path, expected: read.Normal, languages: list[str]) -> None:
    """Every README and summary of BUNDLE states EXPECTED; analysis.json's input counts what it says it does."""
    n_sides = len(expected["participants"][1])
    with zipfile.ZipFile(bundle) as archive:
        files = {name: archive.read(name) for name in archive.namelist()}
    assert read.from_readme(files["README.md"].decode(), "en") == expected, "README.md"
    assert read.from_summary(files["summary.csv"], n_sides) == expected, "summary.csv"
    for code in (c for c in languages if c != "en"):
        assert read.from_readme(files[f"README.{code}.md"].decode(), code) == expected, f"README.{code}.md"
        assert read.from_summary(files[f"summary.{code}.csv"], n_sides) == expected, f"summary.{code}.csv"
    # The analysis describes the engine's input: every statement, those moderated out among them.
    engine_input = json.loads(files["analysis.json"])["meta"]["input"]
    assert engine_input["statements"] == expected["statements"][0]
    assert engine_input["moderated_out"] == expected["statements"][2] + expected["statements"][3]
