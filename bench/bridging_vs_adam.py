"""Bridging: Parley's alternating least squares vs Community Notes' full-batch Adam, same ratings.

Run from the repository root: python -m bench.bridging_vs_adam
"""

from __future__ import annotations

from bench.harness import measure, table


def main(n_participants: int = 50_000, n_statements: int = 1_000, n_votes: int = 5_000_000) -> None:
    size = {"n_participants": n_participants, "n_statements": n_statements, "n_votes": n_votes}
    als = measure("bench.cases", "bridging_als", **size)
    adam = measure("bench.cases", "bridging_adam", **size)
    rows = [
        [
            f"Parley ALS ({als['loops']})",
            als["seconds"],
            als["iterations"],
            f"{als['loss']:.10f}",
            als["peak_mb"],
        ],
        [
            "Adam, PyTorch (CN way)",
            adam["seconds"],
            adam["iterations"],
            f"{adam['loss']:.10f}",
            adam["peak_mb"],
        ],
    ]
    print(f"{n_votes} ratings, {n_participants} participants x {n_statements} statements\n")
    print(table(rows, ["solver", "seconds", "sweeps/epochs", "loss", "peak MB"]))
    print(f"\nALS is {adam['seconds'] / als['seconds']:.1f}x faster")
    print(f"loss difference (ALS - Adam) = {als['loss'] - adam['loss']:.3e}")


if __name__ == "__main__":
    main()
