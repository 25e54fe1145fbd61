"""Benchmark cases: each returns (prepare, run) for bench.harness."""

from __future__ import annotations

import numpy as np

from parley.engine import analyze, kernels
from parley.engine.bridging import BridgingALS
from parley.engine.matrix import VoteMatrix
from parley.engine.synthetic import two_sided


def loops() -> str:
    """Say which loops Parley's engine ran on in this process."""
    return "compiled C loops" if kernels.compiled() else "numpy/scipy only (C loops not built)"


def parley_full(n_participants: int, n_statements: int, n_votes: int, seed: int = 0):
    """Parley's whole analysis (opinion map, sides, within-side maps, bridging)."""

    def prepare():
        return two_sided(n_participants, n_statements, n_votes, seed=seed)

    def run(conversation):
        result = analyze(conversation.votes, sides=conversation.sides)
        return {
            "groups": result.opinion_map.n_groups,
            "stages": {k: round(v, 3) for k, v in result.meta["seconds"].items()},
            "bridging_iterations": result.bridging.iterations,
            "side_correlation": result.bridging.side_correlation,
            "loops": loops(),
        }

    return prepare, run


def reddwarf_full(n_participants: int, n_statements: int, n_votes: int, seed: int = 0):
    """red-dwarf's Pol.is pipeline, fed the same votes in its own input format."""

    def prepare():
        votes = two_sided(n_participants, n_statements, n_votes, seed=seed).votes
        assert votes.timestamp is not None
        return [
            {"participant_id": p, "statement_id": s, "vote": v, "modified": t}
            for p, s, v, t in zip(
                votes.participant.tolist(),
                votes.statement.tolist(),
                votes.value.tolist(),
                votes.timestamp.tolist(),
                strict=True,
            )
        ]

    def run(votes):
        from reddwarf.implementations.polis import run_pipeline

        result = run_pipeline(votes=votes, random_state=0)
        labels = result.clusterer.labels_ if result.clusterer is not None else []
        return {"groups": int(np.max(labels)) + 1 if len(labels) else 0}

    return prepare, run


def _ratings(n_participants: int, n_statements: int, n_votes: int, seed: int):
    matrix = VoteMatrix.from_table(two_sided(n_participants, n_statements, n_votes, seed=seed).votes)
    return (
        matrix,
        matrix.rows.astype(np.int64),
        matrix.cols.astype(np.int64),
        (matrix.values + 1.0) / 2.0,
    )


def cn_loss(rows, cols, ratings, a, b, f, g, mu) -> float:
    """The Community Notes objective, in float64, for any solution."""
    error = ratings - (mu + a[rows] + b[cols] + f[rows] * g[cols])
    return float(
        np.mean(error**2)
        + 0.03 * (np.mean(f**2) + np.mean(g**2))
        + 0.15 * (np.mean(a**2) + np.mean(b**2))
        + 0.15 * mu**2
    )


def bridging_als(n_participants: int, n_statements: int, n_votes: int, seed: int = 0):
    """Parley's alternating least squares on the Community Notes objective."""

    def prepare():
        return _ratings(n_participants, n_statements, n_votes, seed)

    def run(data):
        matrix, rows, cols, ratings = data
        model = BridgingALS().fit(matrix)
        return {
            "loss": cn_loss(
                rows,
                cols,
                ratings,
                model.participant_intercepts_,
                model.statement_intercepts_,
                model.participant_factors_,
                model.statement_factors_,
                model.global_intercept_,
            ),
            "iterations": model.n_iter_,
            "loops": loops(),
        }

    return prepare, run


def bridging_adam(n_participants: int, n_statements: int, n_votes: int, seed: int = 0):
    """The same objective solved as the Community Notes scorer does: full-batch Adam in PyTorch.

    Float32 parameters, Xavier-uniform factors and zero intercepts, Adam with
    learning rate 1.0, stopping when the loss changes by at most 1e-7 (or
    rises after epoch 100), as their MatrixFactorization._fit_model.
    """

    def prepare():
        return _ratings(n_participants, n_statements, n_votes, seed)

    def run(data):
        import torch

        torch.manual_seed(seed)
        matrix, rows, cols, ratings = data
        n_rows, n_cols = matrix.shape
        user = torch.from_numpy(rows)
        note = torch.from_numpy(cols)
        target = torch.from_numpy(ratings.astype(np.float32))
        f = torch.nn.Parameter(torch.empty(n_rows, 1))
        g = torch.nn.Parameter(torch.empty(n_cols, 1))
        torch.nn.init.xavier_uniform_(f)
        torch.nn.init.xavier_uniform_(g)
        a = torch.nn.Parameter(torch.zeros(n_rows, 1))
        b = torch.nn.Parameter(torch.zeros(n_cols, 1))
        mu = torch.nn.Parameter(torch.zeros(1, 1))
        optimizer = torch.optim.Adam([f, g, a, b, mu], lr=1.0)

        def loss_fn():
            prediction = (a[user] + b[note] + (f[user] * g[note]).sum(1, keepdim=True) + mu).squeeze()
            return (
                ((prediction - target) ** 2).mean()
                + 0.03 * (f**2).mean()
                + 0.15 * (a**2).mean()
                + 0.03 * (g**2).mean()
                + 0.15 * (b**2).mean()
                + 0.15 * (mu**2).mean()
            )

        previous, loss, epoch = 1e10, loss_fn(), 0
        while abs(loss.item() - previous) > 1e-7 and not (epoch > 100 and loss.item() > previous):
            previous = loss.item()
            loss.backward()
            optimizer.step()
            optimizer.zero_grad()
            loss = loss_fn()
            epoch += 1
        a_, b_, f_, g_ = (t.detach().numpy().ravel().astype(np.float64) for t in (a, b, f, g))
        return {
            "loss": cn_loss(rows, cols, ratings, a_, b_, f_, g_, float(mu.item())),
            "iterations": epoch,
        }

    return prepare, run
