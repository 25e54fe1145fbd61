"""The verifier's checks of the files a bundle derives from its record: the analysis (its shape, its
vote totals, its re-run), the open-data files rebuilt byte for byte, and the joint statements.

A mixin of `verifier._Verifier` (split from `verifier.py`), which holds the state these read.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator, Mapping
from typing import Any

from parley.engine.errors import EngineInputError
from parley.record.analysis_check import compare_rerun
from parley.record.bundle import ANALYSIS, CHECKPOINTS, RECORD, StreamedBundle
from parley.record.canonical import load_json
from parley.record.joint import JOINT_STATEMENTS, JointError, check_joint, read_joint_statements
from parley.record.opendata import derived_files, is_translated_file
from parley.record.replay import DialogueState, cochair_role, engine_input, replay
from parley.record.sealing import (
    OPENINGS,
    Opening,
)
from parley.record.tally import TallyError, check_analysis_totals


class _Failed(Exception):
    pass


# The entries later checks read again, kept parsed (few: one or two per checkpoint).


class _DerivedFileChecks:
    """Checks of the derived files; `_Verifier` provides the bundle, the replayed state and the facts."""

    bundle: StreamedBundle
    state: DialogueState
    facts: dict[str, Any]
    warnings: list[str]
    openings: Mapping[int, Mapping[str, Opening]]

    def entry(self, seq: int) -> dict[str, Any]:
        raise NotImplementedError

    def parsed(self, stop: int | None = None) -> Iterator[dict[str, Any]]:
        raise NotImplementedError

    def check_analysis_file(self) -> str | None:
        data = self.bundle.files.get(ANALYSIS)
        if not self.state.analyses:
            if data is not None:
                raise _Failed(f"{ANALYSIS}: no analysis.recorded (or older analysis.published) entry vouches for it")
            self.facts["analysis"] = "no analysis published"
            return None
        published = self.state.analyses[-1]
        if data is None:
            raise _Failed(f"{ANALYSIS}: missing, though entry {published.seq} published an analysis")
        if hashlib.sha256(data).hexdigest() != published.result_sha256:
            raise _Failed(f"{ANALYSIS}: its SHA-256 differs from result_sha256 in entry {published.seq}")
        try:
            text = data.decode("utf-8")
            _check_analysis_shape(load_json(text))
        except (UnicodeDecodeError, json.JSONDecodeError, TypeError, KeyError):
            raise _Failed(f"{ANALYSIS}: the published analysis is not an analysis in JSON") from None
        return text

    def check_batches(self, analysis_text: str | None) -> None:
        """Totals-only votes: the replay checked each batch against the one before; an analysis of
        them must cover exactly up to a batch, and count what that batch published."""
        if not self.state.batches or analysis_text is None or self.state.analyses[-1].recomputable:
            return
        published = self.state.analyses[-1]
        if published.seq < self.state.batches[0].seq:
            return  # computed before votes were batched (Parley before totals-only batches)
        where = f"{ANALYSIS} (entry {published.seq})"
        batch = next((b for b in self.state.batches if b.seq == published.upto - 1), None)
        if batch is None:
            raise _Failed(f"{where}: covers {published.upto} entries, which do not end with a batch of votes")
        try:
            check_analysis_totals(json.loads(analysis_text), batch)
        except TallyError as error:
            raise _Failed(f"{where}: {error}") from None
        self.facts["batches"] = (
            f"{len(self.state.batches)} batches of totals-only votes consistent; the analysis counts "
            f"exactly what batch {batch.number} published"
        )

    def check_derived_files(self, analysis_text: str | None) -> None:
        expected = derived_files(self.state, analysis_text)
        known = {*expected, RECORD, CHECKPOINTS} | ({ANALYSIS} if analysis_text is not None else set())
        if self.state.sealed:
            known.add(OPENINGS)
        if self.state.joints:
            known.add(JOINT_STATEMENTS)
        for name in sorted(self.bundle.names):
            if name not in known:
                raise _Failed(f"{name}: not a file this record implies")
        legacy: dict[str, bytes] | None = None
        for name in sorted(expected):
            found = self.bundle.files.get(name)
            if found is None and is_translated_file(name):
                continue  # bundles made before translated READMEs and summaries lack them
            if found is None:
                raise _Failed(f"{name}: missing")
            if found != expected[name] and name.startswith(("README", "summary")):
                # Bundles made before the figures wrote their READMEs and summaries the older way.
                legacy = legacy or derived_files(self.state, analysis_text, legacy=True)
                if found == legacy.get(name):
                    continue
            if found != expected[name]:
                raise _Failed(
                    f"{name}: line {_first_difference(expected[name], found)} differs from what the record implies"
                )

    def check_joint_statements(self) -> None:
        """Each finalised joint statement: its bytes as finalised, its signatures by its co-chairs' keys."""
        data = self.bundle.files.get(JOINT_STATEMENTS)
        if not self.state.joints:
            if data is not None:
                raise _Failed(f"{JOINT_STATEMENTS}: no joint.finalised entry in the record vouches for it")
            return
        if data is None:
            raise _Failed(f"{JOINT_STATEMENTS}: missing, though the record finalised joint statements")
        roles = [cochair_role(side) for side in self.state.sides]
        registered = {role: self.state.cochair_keys(role) for role in roles}
        lines = []
        try:
            statements = {s.joint: s for s in read_joint_statements(data)}
            for joint_id, recorded in sorted(self.state.joints.items()):
                statement = statements.pop(joint_id, None)
                if statement is None:
                    raise JointError(f"joint statement {joint_id}: missing, though entry {recorded.seq} finalised it")
                check = check_joint(statement, recorded, dialogue=self.state.slug, roles=roles, registered=registered)
                lines.append(check.summary)
            for joint_id in statements:
                raise JointError(f"joint statement {joint_id}: no joint.finalised entry in the record vouches for it")
        except JointError as error:
            raise _Failed(f"{JOINT_STATEMENTS}: {error}") from None
        self.facts["joint_statements"] = tuple(lines)

    def check_analysis_rerun(self) -> None:
        if not self.state.analyses:
            return
        published = self.state.analyses[-1]
        where = f"{RECORD} entry {published.seq} ({published.type})"
        if not published.recomputable:
            self.facts["analysis"] = (
                f"analysis of entry {published.seq} matches its published hash; not recomputable "
                "(the record holds only vote totals)"
            )
            return
        try:
            from parley.engine.analysis import analyze  # scipy: only when a published analysis is re-run

            result = analyze(**engine_input(replay(self.parsed(published.upto), self.openings)))
        except EngineInputError as error:
            raise _Failed(
                f"{where}: the analysis cannot be re-run on entries 0–{published.upto - 1}: {error}"
            ) from None
        text = result.to_json(timings=False)
        digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
        span = f"entries 0–{published.upto - 1}"
        if digest == published.result_sha256:
            self.facts["analysis"] = (
                f"analysis of entry {published.seq} reproduced from {span} byte for byte (sha256 {digest[:16]}…)"
            )
            return
        # Another CPU's BLAS kernels move the last digits: compare field by field, not byte for byte.
        rerun = compare_rerun(
            self.bundle.files.get(ANALYSIS) or b"{}",
            text,
            published_with=self.entry(published.seq)["payload"].get("environment"),
            rerun_with=result.meta.get("environment"),
        )
        if rerun.problem is not None:
            self.facts["analysis"] = f"analysis of entry {published.seq}:\n{rerun.sides}"
            raise _Failed(f"{where}: re-running the analysis on {span} gives another result: {rerun.problem}")
        self.facts["analysis"] = (
            f"analysis of entry {published.seq} reproduced from {span} within tolerance: "
            f"{rerun.comparison.summary()}\n{rerun.sides}"
        )


def _check_analysis_shape(analysis: Any) -> None:
    """Raise KeyError or TypeError unless ANALYSIS has what the CSVs take from it."""
    if not isinstance(analysis["meta"]["opinion_map"]["groups"], int):
        raise TypeError("the number of groups is not an integer")
    # A totals-only dialogue's analysis has no participants at all.
    if not all(isinstance(p, dict) and "id" in p for p in analysis.get("participants", [])):
        raise TypeError("every participant has an id")


def _first_difference(expected: bytes, found: bytes) -> int:
    want, got = expected.split(b"\n"), found.split(b"\n")
    line = next((i for i, (a, b) in enumerate(zip(want, got, strict=False)) if a != b), min(len(want), len(got)))
    return line + 1
