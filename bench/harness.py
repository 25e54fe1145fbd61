"""Run one benchmark case in a fresh process and report its time and peak memory.

Each case is a function `name(**params) -> (prepare, run)`: `prepare()` builds
the tool's input (not timed), `run(input)` does the work (timed). The child
reports wall time of `run`, the process's peak resident memory, and the
peak before `run` (the input's own share).
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import time
from importlib import import_module
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def measure(module: str, case: str, **params: object) -> dict:
    """Run `module.case(**params)` in a child process; return its measurements."""
    code = (
        "import json,sys;from bench.harness import child;"
        f"print(json.dumps(child({module!r},{case!r},json.loads(sys.argv[1]))))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, json.dumps(params)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"{module}.{case} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def child(module: str, case: str, params: dict) -> dict:
    prepare, run = getattr(import_module(module), case)(**params)
    data = prepare()
    before = peak_mb()
    start = time.perf_counter()
    extra = run(data)
    seconds = time.perf_counter() - start
    return {"seconds": seconds, "peak_mb": peak_mb(), "input_mb": before, **(extra or {})}


def table(rows: list[list[object]], header: list[str]) -> str:
    """Format rows as a Markdown table."""
    cells = [header] + [[_fmt(c) for c in row] for row in rows]
    widths = [max(len(r[i]) for r in cells) for i in range(len(header))]
    lines = ["| " + " | ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)) + " |" for r in cells]
    lines.insert(1, "|" + "|".join("-" * (w + 2) for w in widths) + "|")
    return "\n".join(lines)


def _fmt(value: object) -> str:
    if isinstance(value, float):
        return f"{value:.3g}" if abs(value) < 1000 else f"{value:.0f}"
    return str(value)
