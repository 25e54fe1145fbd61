"""What one vote costs the database: the statements and commits of a real vote request.

The request is the one the vote page makes (an htmx POST), with the next card it returns. A
statement run outside any transaction commits on its own and counts as a commit too.
"""

from unittest import mock

import pytest
from django.db import connection
from django.urls import reverse

from parley.analysis.models import AnalysisRun
from parley.ledger.models import RecordEntry

pytestmark = pytest.mark.django_db(transaction=True)

# Today's code made 29 (SQLite) and 26 (PostgreSQL) statements and a failing INSERT rolled back.
# PostgreSQL's 3 commits: the rate count (an UNLOGGED table: no WAL flush), the vote, and the batch
# that moves it into the record, shared by the votes waiting at that moment.
# The hot path without ORM compilation or repeated loads (the next card's list and statement and the
# statement voted on as raw statements, the glossary tag on the dialogue already loaded): 20 and 23.
MAX_QUERIES = {"sqlite": 20, "postgresql": 23}
MAX_COMMITS = 3


class Cost:
    def __init__(self) -> None:
        self.queries: list[str] = []
        self.commits = 0
        self.rollbacks = 0

    def __call__(self, execute, sql, params, many, context):
        self.queries.append(sql)
        if not connection.in_atomic_block and sql.lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE")):
            self.commits += 1  # autocommit: the statement is its own transaction
        return execute(sql, params, many, context)


def cost_of_a_vote(world, client, statement) -> Cost:
    cost = Cost()
    real_commit, real_rollback = connection.commit, connection.rollback

    def commit() -> None:
        cost.commits += 1
        real_commit()

    def rollback() -> None:
        cost.rollbacks += 1
        real_rollback()

    url = reverse("dialogues:cast_vote", args=[world.dialogue.slug])
    with (
        connection.execute_wrapper(cost),
        mock.patch.object(connection, "commit", commit),
        mock.patch.object(connection, "rollback", rollback),
    ):
        response = client.post(url, {"statement": statement.pk, "value": "agree"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    return cost


def test_a_vote_request_takes_few_statements_and_commits(world):
    statements = [world.statement("aynur", f"Statement {i} about the river.") for i in range(3)]
    client = world.client("alice")
    client.get(reverse("dialogues:vote", args=[world.dialogue.slug]))
    first = cost_of_a_vote(world, client, statements[0])
    # The second vote is the usual one: the session is warm and an analysis run already waits.
    assert AnalysisRun.objects.filter(dialogue=world.dialogue, status="queued").exists()
    second = cost_of_a_vote(world, client, statements[1])
    print(
        f"vote request: first {len(first.queries)} queries, {first.commits} commits; "
        f"then {len(second.queries)} queries, {second.commits} commits, {second.rollbacks} rollbacks"
    )
    assert second.rollbacks == 0  # no statement fails on the way (the analysis already waits)
    assert len(second.queries) <= MAX_QUERIES[connection.vendor], "\n".join(second.queries)
    assert second.commits <= MAX_COMMITS
    # The first vote also creates the analysis run and the vote's counters.
    assert len(first.queries) <= MAX_QUERIES[connection.vendor] + 4, "\n".join(first.queries)
    # Acknowledged: both votes are in the record already.
    votes = RecordEntry.objects.filter(dialogue=world.dialogue, type="vote.cast")
    assert votes.count() == len(statements) + 2  # the authors' own votes, and these two
