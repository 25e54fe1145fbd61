"""Synthetic two-sided conversations with a known truth, for tests, benchmarks and demos."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .table import VoteTable

# Statement kinds and the probability that each side agrees with them.
KINDS = {
    "common": (0.75, 0.75),
    "larger_only": (0.98, 0.3),
    "smaller_only": (0.3, 0.98),
    "divisive": (0.9, 0.1),
    "rejected": (0.15, 0.15),
}


@dataclass(frozen=True, eq=False)
class Conversation:
    """Votes, declared sides, and what each statement really is."""

    votes: VoteTable
    sides: dict[str, str]
    kinds: dict[str, str]


def two_sided(
    n_participants: int,
    n_statements: int,
    n_votes: int,
    *,
    ratio: float = 1.0,
    pass_rate: float = 0.15,
    revote_rate: float = 0.0,
    mix: dict[str, float] | None = None,
    seed: int = 0,
) -> Conversation:
    """Generate a conversation between side "A" and side "B" (A has `ratio` times B's members).

    Each participant holds a position along the divide near their side's
    (spread so that some cross over); each statement is of a kind from
    KINDS, drawn in the proportions of `mix`. Votes fall on random
    (participant, statement) pairs, busier participants voting more, each pair
    at most once; then `revote_rate` * n_votes earlier votes are added on
    pairs already voted, which the latest vote overrides. Ids are integers.
    """
    rng = np.random.default_rng(seed)
    mix = mix or {
        "common": 0.2,
        "larger_only": 0.2,
        "smaller_only": 0.1,
        "divisive": 0.3,
        "rejected": 0.2,
    }
    names = list(mix)
    kind_of = rng.choice(len(names), size=n_statements, p=np.array([mix[k] for k in names]) / sum(mix.values()))
    n_a = round(n_participants * ratio / (1.0 + ratio))
    side_a = np.arange(n_participants) < n_a
    rng.shuffle(side_a)
    # Position 1 leans fully to side A's view, 0 to side B's.
    lean = np.clip(np.where(side_a, 0.9, 0.1) + rng.normal(0, 0.1, n_participants), 0, 1)
    p_a = np.array([KINDS[names[k]][0] for k in kind_of])
    p_b = np.array([KINDS[names[k]][1] for k in kind_of])
    activity = rng.lognormal(0.0, 0.8, n_participants)
    if n_votes > n_participants * n_statements:
        raise ValueError("more votes than participant-statement pairs")
    cells = np.zeros(0, np.int64)
    while len(cells) < n_votes:
        draw_n = int((n_votes - len(cells)) * 1.3) + 16
        voter = rng.choice(n_participants, size=draw_n, p=activity / activity.sum())
        cells = np.concatenate([cells, voter * n_statements + rng.integers(0, n_statements, draw_n)])
        _, first = np.unique(cells, return_index=True)
        cells = cells[np.sort(first)]
    cells = cells[:n_votes]
    n_revotes = int(n_votes * revote_rate)
    cells = np.concatenate([cells, cells[rng.integers(0, n_votes, n_revotes)]])
    voter, statement = cells // n_statements, cells % n_statements
    p_agree = lean[voter] * p_a[statement] + (1.0 - lean[voter]) * p_b[statement]
    total = len(cells)
    value = np.where(rng.random(total) < pass_rate, 0, np.where(rng.random(total) < p_agree, 1, -1)).astype(np.int8)
    # Re-votes come after the votes they override, except that their timestamps say earlier.
    timestamp = np.concatenate([rng.permutation(n_votes) + n_revotes, rng.permutation(n_revotes)])
    timestamp = timestamp.astype(np.float64)
    sides = {str(i): ("A" if side_a[i] else "B") for i in range(n_participants)}
    kinds = {str(j): names[kind_of[j]] for j in range(n_statements)}
    return Conversation(VoteTable(voter, statement, value, timestamp), sides, kinds)
