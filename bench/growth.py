"""How Parley's time and peak memory grow with the number of votes (1 to 20 million).

Run from the repository root: python -m bench.growth
(writes bench/growth.csv and bench/growth.svg)
"""

from __future__ import annotations

from pathlib import Path

from bench.harness import measure, table

HERE = Path(__file__).resolve().parent
MILLIONS = (1, 2, 5, 10, 20)


def main() -> None:
    rows = []
    for millions in MILLIONS:
        votes = millions * 1_000_000
        size = {"n_participants": votes // 50, "n_statements": 2_000, "n_votes": votes}
        result = measure("bench.cases", "parley_full", **size)
        rows.append([votes, votes // 50, 2_000, result["seconds"], result["peak_mb"], result["input_mb"]])
        print(rows[-1], flush=True)
    header = ["votes", "participants", "statements", "seconds", "peak MB", "input MB"]
    print(table(rows, header))
    print(f"ran on: {result['loops']}")
    (HERE / "growth.csv").write_text(
        ",".join(header)
        + "\n"
        + "\n".join(",".join(f"{v:.6g}" if isinstance(v, float) else str(v) for v in r) for r in rows)
        + "\n"
    )
    plot(rows)


def plot(rows: list[list]) -> None:
    import matplotlib

    matplotlib.use("svg")
    import matplotlib.pyplot as plt

    matplotlib.rcParams["svg.hashsalt"] = "parley"
    votes = [r[0] / 1e6 for r in rows]
    figure, left = plt.subplots(figsize=(6, 3.6))
    left.plot(votes, [r[3] for r in rows], "o-", color="#1f6fb4", label="seconds")
    left.set_xlabel("votes (millions)")
    left.set_ylabel("seconds", color="#1f6fb4")
    right = left.twinx()
    right.plot(votes, [r[4] / 1024 for r in rows], "s--", color="#c2410c", label="peak GB")
    right.set_ylabel("peak memory (GB)", color="#c2410c")
    left.set_title("Parley full analysis: growth with votes")
    figure.tight_layout()
    figure.savefig(HERE / "growth.svg", metadata={"Date": None})


if __name__ == "__main__":
    main()
