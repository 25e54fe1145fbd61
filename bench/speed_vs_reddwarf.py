"""In memory: Parley's full analysis vs red-dwarf's Pol.is pipeline on the same two-sided votes.

Both tools get their input already in memory (building it is not timed); `bench.end_to_end` times
the whole commands on files instead.

Run from the repository root: python -m bench.speed_vs_reddwarf [participants statements votes]
"""

from __future__ import annotations

import sys

from bench.harness import measure, table


def main(n_participants: int = 40_000, n_statements: int = 900, n_votes: int = 4_500_000) -> None:
    size = {"n_participants": n_participants, "n_statements": n_statements, "n_votes": n_votes}
    parley = measure("bench.cases", "parley_full", **size)
    reddwarf = measure("bench.cases", "reddwarf_full", **size)
    print(f"In memory: {n_participants} participants x {n_statements} statements x {n_votes} votes\n")
    rows = [
        [
            "Parley (all of 1-3)",
            parley["seconds"],
            parley["peak_mb"],
            parley["input_mb"],
            parley["groups"],
        ],
        [
            "red-dwarf",
            reddwarf["seconds"],
            reddwarf["peak_mb"],
            reddwarf["input_mb"],
            reddwarf["groups"],
        ],
    ]
    print(table(rows, ["tool", "seconds", "peak MB", "input MB", "groups"]))
    print(f"\nspeed: Parley {reddwarf['seconds'] / parley['seconds']:.1f}x faster")
    print(f"peak memory: Parley uses {parley['peak_mb'] / reddwarf['peak_mb']:.2f} of red-dwarf's")
    print(f"Parley stages (s): {parley['stages']}")
    print(f"Parley ran on: {parley['loops']}")


if __name__ == "__main__":
    main(*(int(a) for a in sys.argv[1:]))
