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


# Planted truth with opinion groups within each side: the probability that a participant who does
# not pass agrees, per kind, for (side A camp 1, side A camp 2, side B camp 1, side B camp 2).
PLANTED = {
    "consensus": (0.85, 0.85, 0.85, 0.85),
    "bridging": (0.72, 0.72, 0.72, 0.72),
    "divide": (0.9, 0.9, 0.1, 0.1),
    "larger_favourite": (0.98, 0.98, 0.62, 0.62),
    "smaller_favourite": (0.62, 0.62, 0.98, 0.98),
    "camp_split": (0.92, 0.15, 0.92, 0.15),
    "rejected": (0.15, 0.15, 0.15, 0.15),
}
PLANTED_MIX = {
    "consensus": 10,
    "bridging": 10,
    "divide": 10,
    "larger_favourite": 8,
    "smaller_favourite": 4,
    "camp_split": 8,
    "rejected": 10,
}
# What each list should find: every side, and every opinion group within each side, agrees.
PLANTED_COMMON = frozenset({"consensus", "bridging"})
PLANTED_DIVIDES = frozenset({"divide"})
PLANTED_BRIDGING = frozenset({"consensus", "bridging"})


def planted(
    n_participants: int,
    *,
    ratio: float = 1.0,
    coverage: float = 0.4,
    pass_rate: float = 0.15,
    camp_share: float = 0.6,
    mix: dict[str, int] | None = None,
    seed: int = 0,
) -> Conversation:
    """Generate a conversation with opinion groups within each side and statements of PLANTED kinds.

    Side A has `ratio` times side B's members; in each side a `camp_share` of
    the members form camp 1, the others camp 2. Statements come in the numbers
    of `mix` (default PLANTED_MIX), shuffled. Each participant votes on a share
    of the statements drawn around `coverage`, passing with `pass_rate`, else
    agreeing with their group's probability for the statement's kind. Ids are
    integers; `kinds` maps statement ids to kinds.
    """
    rng = np.random.default_rng(seed)
    mix = mix or PLANTED_MIX
    kinds = np.array([kind for kind, count in mix.items() for _ in range(count)])
    rng.shuffle(kinds)
    n_statements = len(kinds)
    n_a = round(n_participants * ratio / (1.0 + ratio))
    side = (np.arange(n_participants) >= n_a).astype(np.int64)  # 0: A, 1: B
    camp = (rng.random(n_participants) >= camp_share).astype(np.int64)
    group = 2 * side + camp
    p = np.array([PLANTED[k] for k in kinds]).T  # (4 groups, statements)
    share = np.clip(rng.normal(coverage, coverage / 3, n_participants), 0.05, 1.0)
    voted = rng.random((n_participants, n_statements)) < share[:, None]
    voter, statement = np.nonzero(voted)
    agree = rng.random(len(voter)) < p[group[voter], statement]
    value = np.where(rng.random(len(voter)) < pass_rate, 0, np.where(agree, 1, -1)).astype(np.int8)
    timestamp = rng.permutation(len(voter)).astype(np.float64)
    sides = {str(i): ("A" if side[i] == 0 else "B") for i in range(n_participants)}
    return Conversation(
        VoteTable(voter.astype(np.int64), statement.astype(np.int64), value, timestamp),
        sides,
        {str(j): str(kinds[j]) for j in range(n_statements)},
    )
