"""Orchestration: from a vote table to an `Analysis`, and its JSON form."""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable, Collection, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import partial
from typing import cast

import numpy as np

from . import kernels
from .base import Estimator, clone
from .bridging import BridgingALS
from .bridging_list import bridging_statements
from .environment import numeric_environment
from .evidence import Evidence, EvidenceRule, judge
from .matrix import VoteMatrix
from .opinion import OpinionMap, OpinionMapper
from .sides import SideFigures, side_figures, side_membership
from .stable import dot
from .table import VoteTable

# Bumped whenever any output number can change: a published analysis is re-run by this version.
ENGINE_VERSION = "1.3.0"

Progress = Callable[[str, float], None]


@dataclass(frozen=True, eq=False)
class Bridging:
    """The fitted bridging model; entries are NaN where a participant or statement has no vote."""

    participant_intercepts: np.ndarray
    participant_factors: np.ndarray
    statement_intercepts: np.ndarray
    statement_factors: np.ndarray
    global_intercept: float
    loss: float
    iterations: int
    converged: bool
    side_correlation: float | None
    mean_factor_by_side: dict[str, float]


@dataclass(frozen=True, eq=False)
class SideMap:
    """The opinion map computed among one side's participants only."""

    side: str
    rows: np.ndarray
    map: OpinionMap


@dataclass(frozen=True, eq=False)
class Analysis:
    """Everything the engine found in one conversation."""

    matrix: VoteMatrix
    texts: list[str]
    moderated_out: np.ndarray
    meta_statements: np.ndarray
    agree: np.ndarray
    disagree: np.ndarray
    seen: np.ndarray
    opinion_map: OpinionMap
    sides: SideFigures | None
    side_maps: list[SideMap]
    bridging: Bridging
    evidence: Evidence | None = None
    bridging_list: list[int] = field(default_factory=list)
    meta: dict = field(default_factory=dict)

    @property
    def participants(self) -> list[str]:
        return self.matrix.participants

    @property
    def statements(self) -> list[str]:
        return self.matrix.statements

    @property
    def ranked(self) -> np.ndarray:
        """Return a mask of the statements ranked in summaries: not moderated out, not meta."""
        return ~self.moderated_out & ~self.meta_statements

    def top_common_ground(self, n: int | None = 5) -> list[int]:
        """Return the common-ground statements (see `evidence.py`), best first: by the weaker side's lower bound."""
        if self.evidence is None:
            return []
        return self.evidence.common_ground(self.ranked)[:n]

    def top_divides(self, n: int | None = 5) -> list[int]:
        """Return the divides (see `evidence.py`), widest first: by the lower bound of the gap between the sides."""
        if self.evidence is None:
            return []
        return self.evidence.divides(self.ranked)[:n]

    def top_bridging(self, n: int | None = 5) -> list[int]:
        """Return the bridging statements (see `bridging_list.py`), best first; never a divide."""
        return self.bridging_list[:n]

    def to_dict(self, *, timings: bool = True) -> dict:
        """Return the JSON-ready dict; without `timings`, equal inputs give equal dicts."""
        from .serialize import analysis_to_dict

        return analysis_to_dict(self, timings=timings)

    def to_json(self, *, timings: bool = True, indent: int | None = 1) -> str:
        """Return the analysis as JSON text with sorted keys and rounded numbers.

        With `indent=None` the text is one line, written by Python's compiled
        encoder: several times faster on a large analysis (0.3 s of a 2.5 s
        `parley analyze` at 40,000 participants), the same JSON values.
        """
        return json.dumps(
            self.to_dict(timings=timings),
            ensure_ascii=False,
            sort_keys=True,
            indent=indent,
            separators=(",", ":") if indent is None else None,
            allow_nan=False,
        )


def analyze(
    votes: VoteTable,
    *,
    sides: Mapping[str, str] | None = None,
    texts: Mapping[str, str] | None = None,
    moderated_out: Collection[str] = (),
    meta: Collection[str] = (),
    progress: Progress | None = None,
    mapper: OpinionMapper | None = None,
    bridging: BridgingALS | None = None,
    workers: int | None = None,
    rule: EvidenceRule | None = None,
) -> Analysis:
    """Analyse a conversation; see the package docstring for the meaning of every argument.

    `mapper` and `bridging` replace the default estimators (to change their
    parameters); the within-side maps use copies of `mapper`'s parameters.
    The opinion map, the within-side maps and the bridging model do not
    depend on each other: they run on up to `workers` threads (default: one
    per available core, at most one per stage; their sparse products and
    array operations release the GIL). Each is computed alone from the same
    inputs, so the result does not depend on the number of workers or on
    which finishes first; `progress` is only ever called from the calling
    thread. `rule` replaces the default thresholds of common ground and
    divides (`evidence.EvidenceRule`).
    """
    report = progress or (lambda stage, fraction: None)
    clock = _Clock()
    mapper = mapper or OpinionMapper()
    bridging = bridging or BridgingALS()
    texts = dict(texts or {})
    report("building the vote matrix", 0.0)
    matrix = VoteMatrix.from_table(votes, statements=texts.keys())
    moderated = matrix.column_mask(moderated_out)
    meta_mask = matrix.column_mask(meta) & ~moderated
    zeroed = moderated | meta_mask
    agree, disagree, seen = matrix.totals
    clock.lap("matrix")
    rule = rule or EvidenceRule()
    figures = None
    evidence = None
    if sides is not None:
        report("comparing the sides", 0.1)
        names, membership = side_membership(matrix.participants, sides)
        figures = side_figures(matrix, names, membership)
        evidence = judge(names, figures.agree, figures.seen, rule)
        clock.lap("sides")

    def side_map(members: np.ndarray) -> OpinionMap:
        return clone(mapper).fit(matrix.select_rows(members), zeroed).map_

    # Longest first, so that two workers finish close together.
    stages: list[tuple[str, str, float, Callable[[], object]]] = [
        ("opinion_map", "mapping opinions", 0.15, lambda: mapper.fit(matrix, zeroed).map_),
        ("bridging", "fitting the bridging model", 0.45, lambda: bridging.fit(matrix, ~zeroed)),
    ]
    if figures is not None:
        for i, name in enumerate(figures.names):
            members = figures.membership == i
            if members.any():
                fraction = 0.6 + 0.3 * i / max(len(figures.names), 1)
                label = f"mapping opinions within side {name}"
                stages.append((f"side:{name}", label, fraction, partial(side_map, members)))
    results = _run_stages(stages, workers, report)
    opinion_map = cast(OpinionMap, results["opinion_map"][0])
    model = cast(BridgingALS, results["bridging"][0])
    side_maps: list[SideMap] = []
    if figures is not None:
        for i, name in enumerate(figures.names):
            if f"side:{name}" in results:
                rows = np.flatnonzero(figures.membership == i)
                side_maps.append(SideMap(name, rows, cast(OpinionMap, results[f"side:{name}"][0])))
    bridge = _bridging_result(model, figures)
    chosen: list[int] = []
    if evidence is not None:
        chosen = bridging_statements(bridge.statement_intercepts, evidence, side_maps, ~zeroed)
    seconds = dict(clock.seconds)
    seconds["opinion_map"] = results["opinion_map"][1]
    if figures is not None:
        seconds["within_sides"] = sum(results[key][1] for key in results if key.startswith("side:"))
    seconds["bridging"] = results["bridging"][1]
    clock.lap("stages")
    seconds["stages_wall"] = clock.seconds["stages"]
    seconds["total"] = sum(clock.seconds.values())
    report("done", 1.0)
    analysis = Analysis(
        matrix=matrix,
        texts=[texts.get(s, "") for s in matrix.statements],
        moderated_out=moderated,
        meta_statements=meta_mask,
        agree=agree,
        disagree=disagree,
        seen=seen,
        opinion_map=opinion_map,
        sides=figures,
        side_maps=side_maps,
        bridging=bridge,
        evidence=evidence,
        bridging_list=chosen,
    )
    analysis.meta.update(
        engine={"name": "parley.engine", "version": ENGINE_VERSION},
        parameters={"opinion_map": mapper.published_params(), "bridging": _params(bridging)},
        seconds=seconds,
        loops="compiled" if kernels.compiled() else "numpy",
        environment=numeric_environment(),
    )
    return analysis


def _bridging_result(model: BridgingALS, figures: SideFigures | None) -> Bridging:
    f = np.where(model.participant_rated_, model.participant_factors_, np.nan)
    correlation = None
    by_side: dict[str, float] = {}
    if figures is not None:
        usable = model.participant_rated_ & (figures.membership >= 0)
        for i, name in enumerate(figures.names):
            members = usable & (figures.membership == i)
            if members.any():
                by_side[name] = float(f[members].mean())
        if len(figures.names) == 2 and usable.sum() > 2:
            side = (figures.membership[usable] == 0).astype(np.float64)
            values = f[usable]
            if side.std() > 0 and values.std() > 0:
                # The factor's sign is arbitrary with respect to side names, so report the size.
                correlation = abs(_correlation(values, side))
    return Bridging(
        participant_intercepts=np.where(model.participant_rated_, model.participant_intercepts_, np.nan),
        participant_factors=f,
        statement_intercepts=np.where(model.statement_rated_, model.statement_intercepts_, np.nan),
        statement_factors=np.where(model.statement_rated_, model.statement_factors_, np.nan),
        global_intercept=model.global_intercept_,
        loss=model.loss_,
        iterations=model.n_iter_,
        converged=model.converged_,
        side_correlation=correlation,
        mean_factor_by_side=by_side,
    )


def _correlation(x: np.ndarray, y: np.ndarray) -> float:
    """Pearson's r, summed in numpy's fixed order (np.corrcoef's BLAS product varies by CPU)."""
    dx, dy = x - x.mean(), y - y.mean()
    return dot(dx, dy) / float(np.sqrt(dot(dx, dx) * dot(dy, dy)))


def _run_stages(
    stages: list[tuple[str, str, float, Callable[[], object]]], workers: int | None, report: Progress
) -> dict[str, tuple[object, float]]:
    """Run independent stages on up to `workers` threads; return each one's result and own seconds.

    Results are collected in the order of `stages`, whatever order the
    threads finish in; the first error is raised once every stage has
    stopped, and stages not yet started are cancelled.
    """

    def timed(run: Callable[[], object]) -> tuple[object, float]:
        start = time.perf_counter()
        result = run()
        return result, time.perf_counter() - start

    if workers is None:
        workers = _available_cores()
    if not isinstance(workers, int) or workers < 1:
        raise ValueError(f"workers must be a positive integer or None, not {workers!r}")
    workers = min(workers, len(stages))
    results: dict[str, tuple[object, float]] = {}
    if workers == 1:
        for key, label, fraction, run in stages:
            report(label, fraction)
            results[key] = timed(run)
        return results
    with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="parley-engine") as pool:
        futures = [(key, label, fraction, pool.submit(timed, run)) for key, label, fraction, run in stages]
        try:
            for key, label, fraction, future in futures:
                report(label, fraction)
                results[key] = future.result()
        except BaseException:
            pool.shutdown(wait=True, cancel_futures=True)
            raise
    return results


def _available_cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def _params(estimator: Estimator) -> dict:
    """The estimator's constructor parameters (read from its signature), sorted by name."""
    return dict(sorted(estimator.get_params(deep=False).items()))


class _Clock:
    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}
        self._last = time.perf_counter()

    def lap(self, stage: str) -> None:
        now = time.perf_counter()
        self.seconds[stage] = now - self._last
        self._last = now
