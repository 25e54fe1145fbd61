"""In memory: Parley's full analysis on 200,000 participants x 5,000 statements x 10 million votes.

The votes are built in memory first (not timed); `bench.end_to_end --large` times the whole command on files.

Run from the repository root: python -m bench.large
"""

from __future__ import annotations

from bench.harness import measure, table


def main() -> None:
    result = measure("bench.cases", "parley_full", n_participants=200_000, n_statements=5_000, n_votes=10_000_000)
    print(
        table(
            [[result["seconds"], result["peak_mb"], result["input_mb"]]],
            ["seconds", "peak MB", "input MB"],
        )
    )
    print(f"stages (s): {result['stages']}")
    print(f"ran on: {result['loops']}")


if __name__ == "__main__":
    main()
