"""Build the load benchmark's dialogue through the product's own actions, and sign its participants in.

Run in a process with Django set up on the benchmark's database (`python -m bench.load_data N S`): it
prints one JSON line with the dialogue's slug, its id and, for each participant, the session key its
browser would hold after signing in, its membership id and the statement its first card shows.
"""

from __future__ import annotations

import json
import sys
import time
from typing import Any


def build(participants: int, statements: int, slug: str = "load") -> dict[str, Any]:
    import django

    django.setup()
    from django.contrib.sessions.backends.db import SessionStore
    from django.contrib.sessions.models import Session
    from django.db import transaction

    from parley.dialogues import actions, queries
    from parley.dialogues.access import SESSION_KEY
    from parley.dialogues.models import Membership
    from parley.testing.personas import build_world

    started = time.perf_counter()
    world = build_world(slug=slug)
    chairs = [world.aynur, world.gayane]
    sides = [world.side_a, world.side_b]
    members: list[Membership] = []
    # Joining is the product's own path (an invitation each, an entry each in the record), in a few
    # large transactions so that the fsync-on database commits a few times, not once per participant.
    for start in range(0, participants, 200):
        with transaction.atomic():
            for i in range(start, min(participants, start + 200)):
                _invite, token = actions.do_create_invite(chairs[i % 2], side_id=sides[i % 2].pk, role="participant")
                member, _return = actions.do_join(token, handle=f"Voter {i:05d}", language="en")
                members.append(member)
    joined = time.perf_counter()
    with transaction.atomic():
        for j in range(statements):
            author = members[j % len(members)]
            actions.do_submit_statement(author, f"Statement number {j} about the shared river, side {j % 2}.", "en")
    written = time.perf_counter()
    # Signed in: a session holding the membership, exactly what the sign-in and return link store.
    store = SessionStore()
    sessions, out = [], []
    for member in members:
        key = store._get_new_session_key()  # type: ignore[attr-defined]
        data = store.encode({SESSION_KEY: {str(member.dialogue_id): member.pk}})
        sessions.append(Session(session_key=key, session_data=data, expire_date=store.get_expiry_date()))
        out.append({"session": key, "member": member.pk})
    Session.objects.bulk_create(sessions, batch_size=500)
    # Every participant's first card: nobody has voted yet, so they all show the same statement.
    first, _remaining, _total = queries.voting_queue(members[0])
    for row in out:
        row["statement"] = first.pk if first else None
    return {
        "slug": slug,
        "dialogue": world.dialogue.pk,
        "participants": out,
        "seconds": {
            "join": joined - started,
            "statements": written - joined,
            "sessions": time.perf_counter() - written,
        },
    }


def dump(dialogue_id: int) -> dict[str, Any]:
    """The dialogue's vote table and its record's vote entries (seq order), for the crash check."""
    import django

    django.setup()
    from parley.dialogues.models import Vote
    from parley.ledger.models import RecordEntry

    votes = list(
        Vote.objects.filter(statement__dialogue_id=dialogue_id).values_list("membership_id", "statement_id", "value")
    )
    entries = []
    rows = (
        RecordEntry.objects.filter(dialogue_id=dialogue_id, type="vote.cast")
        .order_by("seq")
        .values_list("data", flat=True)
    )
    for data in rows.iterator(chunk_size=5000):
        payload = json.loads(bytes(data))["payload"]
        entries.append((payload["member"], payload["statement"], payload["value"]))
    return {"votes": votes, "entries": entries}


if __name__ == "__main__":
    import os

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "parley.settings")
    if sys.argv[1] == "dump":
        print(json.dumps(dump(int(sys.argv[2]))))
    else:
        print(json.dumps(build(int(sys.argv[1]), int(sys.argv[2]))))
