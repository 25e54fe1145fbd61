"""Compare a re-run analysis with the published one, field by field.

The published analysis is committed to by its SHA-256, but a re-run on another computer need not
give the same bytes: BLAS kernels chosen by CPU (OpenBLAS picks one per processor family) add in
different orders, and the last digits of floating-point results move. So the verifier checks the
re-run field by field against the published JSON: every discrete value (group ids and sizes,
counts, the chosen number of groups, lists of statement ids and their order, strings, booleans,
nulls, the shape of every list and object) must be equal, and every non-integer number must be
within a tolerance of its published value.

The tolerance: |published - re-run| <= max(RELATIVE * max(|published|, |re-run|), ABSOLUTE).
Measured across the OpenBLAS kernels Haswell, Sandybridge, Nehalem and Prescott on 200 generated
dialogues of 800 participants, 90 statements and 30,000 votes, the largest difference was
3.1e-13 absolute, 2.7e-10 relative before the 10-digit rounding of the JSON and 8.8e-10 relative
after it; the tolerance is about a thousand times that. A wrong analysis is still refused: votes
left out or a group changed change counts and group ids, which must be equal, and any number moved
by more than the tolerance is named.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from parley.engine.environment import describe
from parley.engine.legacy import in_shape_of

RELATIVE = 1e-6
ABSOLUTE = 1e-9
TOLERANCE = f"{RELATIVE:g} relative or {ABSOLUTE:g} absolute"

_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")


@dataclass(frozen=True)
class Comparison:
    """How a re-run compares with the published analysis.

    `problem` names the first field that breaks the rules ("participants[12].group: published 1,
    re-run 0"), a discrete one first if any (a changed count says more than the numbers it moved),
    `problems` counts them all; `floats_differing` counts numbers that differ but lie
    within the tolerance, and `largest` is the largest relative difference among them, at `largest_at`.
    """

    problem: str | None
    problems: int
    floats_differing: int
    largest: float
    largest_at: str

    @property
    def ok(self) -> bool:
        return self.problem is None

    def summary(self) -> str:
        """Say in one line how the numbers compare (for a re-run that holds)."""
        if not self.floats_differing:
            return "every field equal"
        numbers = "number differs" if self.floats_differing == 1 else "numbers differ"
        return (
            f"{self.floats_differing} {numbers} in the last digits, by at most {self.largest:.1e} relative "
            f"({self.largest_at}; tolerance {TOLERANCE})"
        )


@dataclass(frozen=True)
class Rerun:
    """A re-run compared with the published analysis, with what to tell the reader.

    `problem` is None when it reproduces; else the first differing field, how many more differ,
    and a hint when another engine release published it. `sides` names each side's libraries
    (and engines, when they differ), a line each.
    """

    comparison: Comparison
    problem: str | None
    sides: str


def compare_rerun(
    published: bytes, rerun: str, *, published_with: Mapping[str, Any] | None, rerun_with: Mapping[str, Any] | None
) -> Rerun:
    """Compare the re-run's JSON text RERUN with the bytes of the published analysis.

    An analysis published by another engine release counts as reproduced when every field but
    the version does (engine 1.2.0 changed last digits only); the versions are then named. The
    re-run is first written in that release's shape where the fields changed since
    (`parley.engine.legacy`: engine 1.3.0 replaced three statement figures by `evidence`).
    """
    published_by, rerun_json = engine_version(published), json.loads(rerun)
    running = str(rerun_json["meta"]["engine"]["version"])
    other_engine = bool(published_by) and published_by != running
    if other_engine:
        rerun_json["meta"]["engine"]["version"] = published_by
        rerun_json = in_shape_of(rerun_json, published_by)
    comparison = compare_analyses(json.loads(published), rerun_json)
    sides = (
        f"  published with {describe(published_with) if published_with else 'libraries not recorded'}\n"
        f"  re-run here with {describe(rerun_with)}"
    )
    if other_engine:
        sides += f"\n  published by engine {published_by}, re-run by engine {running}"
    if comparison.problem is None:
        return Rerun(comparison, None, sides)
    more = f" (and {comparison.problems - 1} more)" if comparison.problems > 1 else ""
    hint = (
        f" (the analysis was published by engine {published_by}; this verifier runs {running}: "
        "verify with the Parley release that published it)"
        if other_engine
        else ""
    )
    return Rerun(comparison, f"{comparison.problem}{more}{hint}", sides)


def engine_version(data: bytes | None) -> str:
    """The engine version an analysis.json names, or "" if it cannot be read."""
    try:
        return str(json.loads(data or b"{}")["meta"]["engine"]["version"])
    except (ValueError, KeyError, TypeError):
        return ""


def within_tolerance(a: float, b: float) -> bool:
    """Tell whether two published numbers agree within the stated tolerance."""
    return abs(a - b) <= max(RELATIVE * max(abs(a), abs(b)), ABSOLUTE)


def compare_analyses(published: Any, rerun: Any) -> Comparison:
    """Compare two analyses as parsed from their JSON (`json.loads`); see the module docstring."""
    walk = _Walk()
    walk.compare(published, rerun, "")
    first = (walk.problems or walk.numeric)[:1]
    return Comparison(
        problem=first[0] if first else None,
        problems=len(walk.problems) + len(walk.numeric),
        floats_differing=walk.differing,
        largest=walk.largest,
        largest_at=walk.largest_at,
    )


class _Walk:
    def __init__(self) -> None:
        self.problems: list[str] = []
        self.numeric: list[str] = []
        self.differing = 0
        self.largest = 0.0
        self.largest_at = ""

    def compare(self, a: Any, b: Any, path: str) -> None:
        if isinstance(a, dict) and isinstance(b, dict):
            for key in sorted(set(a) | set(b), key=str):
                where = _child(path, key)
                if key not in b:
                    self.problems.append(f"{where}: in the published analysis, not in the re-run")
                elif key not in a:
                    self.problems.append(f"{where}: in the re-run, not in the published analysis")
                else:
                    self.compare(a[key], b[key], where)
        elif isinstance(a, list) and isinstance(b, list):
            if len(a) != len(b):
                self.problems.append(f"{path or 'the analysis'}: published {len(a)} items, re-run {len(b)}")
                return
            for i, (x, y) in enumerate(zip(a, b, strict=True)):
                self.compare(x, y, f"{path}[{i}]")
        elif _is_float(a) and _is_float(b):
            self.numbers(a, b, path)
        elif type(a) is not type(b) or a != b:
            self.problems.append(f"{path or 'the analysis'}: published {_show(a)}, re-run {_show(b)}")

    def numbers(self, a: float, b: float, path: str) -> None:
        if a == b:
            return
        if not (math.isfinite(a) and math.isfinite(b)) or not within_tolerance(a, b):
            self.numeric.append(f"{path}: published {_show(a)}, re-run {_show(b)} (tolerance {TOLERANCE})")
            return
        self.differing += 1
        relative = abs(a - b) / max(abs(a), abs(b))
        if relative > self.largest:
            self.largest, self.largest_at = relative, path


def _is_float(value: Any) -> bool:
    return isinstance(value, float)


def _child(path: str, key: Any) -> str:
    if isinstance(key, str) and _NAME.match(key):
        return f"{path}.{key}" if path else key
    return f"{path}[{_show(key)}]"


def _show(value: Any) -> str:
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, list):
        return f"a list of {len(value)}"
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        text = value if len(value) <= 40 else value[:37] + "..."
        return '"' + text.replace('"', '\\"') + '"'
    return repr(value)
