"""The next card and the per-side counts at 500 statements x 200k votes: the counters against the
aggregation over all votes they replace (issue 12), on the same data in the same run.

Rows are bulk-created (no record entries): this times reads only. Run from the repository root:
DATABASE_URL=sqlite:////tmp/queue.sqlite3 python -m bench.voting_queue [--votes 200000]
(an empty database; a PostgreSQL URL works too). `bench/end_to_end.py` times whole pages.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import time
from collections import defaultdict
from collections.abc import Callable
from typing import Any

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "parley.settings")
django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from bench.harness import table  # noqa: E402
from parley.dialogues import counters, queries  # noqa: E402
from parley.dialogues.models import Dialogue, Membership, Side, Statement, Vote  # noqa: E402
from parley.dialogues.provenance import translations_prefetch  # noqa: E402


def aggregated_queue(member: Membership) -> tuple[Statement | None, int, int]:
    """The next card as it was chosen before the counters: Count over every vote of unseen statements."""
    visible = Statement.objects.filter(dialogue_id=member.dialogue_id, status=Statement.Status.VISIBLE)
    total = visible.count()
    unseen = visible.exclude(votes__membership=member)
    remaining = unseen.count()
    candidates = list(
        unseen.annotate(n_votes=Count("votes"))
        .order_by("-is_seed", "n_votes", "id")
        .prefetch_related(translations_prefetch())[:12]
    )
    if not candidates:
        return None, 0, total
    best = min(candidates, key=lambda s: (not s.is_seed, s.n_votes, queries._spread(member.pk, s.pk)))  # type: ignore[attr-defined]
    return best, remaining, total


def aggregated_counts(dialogue: Dialogue) -> dict[int, dict[int, dict[str, int]]]:
    """Per-side counts as they were read before the counters: grouped over every vote."""
    counts: dict[int, dict[int, dict[str, int]]] = defaultdict(
        lambda: defaultdict(lambda: {"agree": 0, "disagree": 0, "pass": 0})
    )
    rows = (
        Vote.objects.filter(statement__dialogue=dialogue)
        .values("statement_id", "membership__side_id", "value")
        .annotate(n=Count("id"))
    )
    for row in rows:
        counts[row["statement_id"]][row["membership__side_id"]][queries.VOTE_NAMES[row["value"]]] = row["n"]
    return counts


def build(n_statements: int, n_votes: int, n_members: int) -> tuple[Dialogue, list[Membership]]:
    rng = random.Random(12)
    dialogue = Dialogue.objects.create(
        slug=f"bench-queue-{time.time_ns()}",
        title={"en": "bench"},
        languages=["en"],
        status="open",
        vote_visibility=Dialogue.VoteVisibility.INDIVIDUAL,
    )
    sides = [Side.objects.create(dialogue=dialogue, position=i, label=label) for i, label in enumerate("AB")]
    members = Membership.objects.bulk_create(
        Membership(dialogue=dialogue, side=sides[i % 2], handle=f"m{i}", handle_key=f"m{i}") for i in range(n_members)
    )
    statements = Statement.objects.bulk_create(
        Statement(
            dialogue=dialogue,
            author=members[i % n_members],
            side=sides[i % 2],
            text=f"s{i}",
            language="en",
            is_seed=i < 5,
        )
        for i in range(n_statements)
    )
    per_member = n_votes // n_members
    votes = []
    for m in members:
        for s in rng.sample(statements, per_member):
            votes.append(Vote(membership=m, statement=s, value=rng.choice((1, -1, 0))))
    Vote.objects.bulk_create(votes, batch_size=5000)
    counters.recount(dialogue.pk)
    return dialogue, members


def timed(call: Callable[[], Any], repeat: int) -> tuple[float, int]:
    """Median milliseconds of CALL over REPEAT runs, and its number of queries."""
    with CaptureQueriesContext(connection) as captured:
        call()
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        call()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), len(captured.captured_queries)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--statements", type=int, default=500)
    parser.add_argument("--votes", type=int, default=200_000)
    parser.add_argument("--members", type=int, default=1_000)
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    call_command("migrate", interactive=False, verbosity=0)
    dialogue, members = build(args.statements, args.votes, args.members)
    member = members[7]
    old, new = aggregated_queue(member), queries.voting_queue(member)
    assert (old[0].pk if old[0] else None, old[1:]) == (new[0].pk if new[0] else None, new[1:]), (old, new)
    assert {s: dict(v) for s, v in aggregated_counts(dialogue).items()} == {
        s: dict(v) for s, v in queries.per_side_counts(dialogue).items()
    }
    rows = []
    for name, call in [
        ("next card, aggregated over votes (before)", lambda: aggregated_queue(member)),
        ("next card, from the counters (after)", lambda: queries.voting_queue(member)),
        ("per-side counts, aggregated (before)", lambda: aggregated_counts(dialogue)),
        ("per-side counts, from the counters (after)", lambda: queries.per_side_counts(dialogue)),
    ]:
        ms, n = timed(call, args.repeat)
        rows.append([name, f"{ms:.1f}", n])
    print(f"{connection.vendor}: {args.statements} statements x {Vote.objects.count()} votes, {args.members} members\n")
    print(table(rows, ["read", "median ms", "queries"]))


if __name__ == "__main__":
    main()
