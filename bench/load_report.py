"""The load benchmark's Markdown report (bench/load.py)."""

from __future__ import annotations

import math
import os
import platform
import time
from typing import Any

from bench.harness import table


def report(benches: list[Any], settings: Any, started: float) -> str:
    load = os.getloadavg()
    lines = [
        f"Machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"load average {load[0]:.2f} at the end; `parley serve --workers 2` (gunicorn gthread, 4 threads each); "
        f"{'quick' if settings.quick else 'full'} mode, {settings.run_seconds:.0f} s per row; "
        f"{settings.statements} statements; whole run {time.perf_counter() - started:.0f} s.",
        "",
    ]
    rows = [
        [
            r["database"],
            r["request"],
            r["participants"],
            f"{r['rate']:.0f}",
            f"{r['per_s']:.0f}",
            _ms(r["p50_ms"]),
            _ms(r["p95_ms"]),
            _ms(r["p99_ms"]),
            r["errors"],
            r["503"],
            f"{r['generator_cpu']:.0%}",
            ">60" if math.isinf(r["recovery_s"]) else f"{r['recovery_s']:.1f}",
        ]
        for b in benches
        for r in b.rows
    ]
    header = ["database", "request", "participants", "offered /s", "answered ok /s", "p50 ms", "p95 ms", "p99 ms"]
    lines.append(table(rows, [*header, "errors", "503", "generator CPU", "recovery s"]))
    lines += ["", "Highest arrival rate (of the steps tried, 200 participants) with p99 < 50 ms and no errors:", ""]
    knees: list[list[object]] = [
        [b.database, kind, f"{k['rate']:.0f}" if k["rate"] else f"< {k['lowest']:.0f}", _ms(k.get("p99_ms", math.nan))]
        for b in benches
        for kind, k in b.knees.items()
    ]
    lines.append(table(knees, ["database", "request", "rate /s", "p99 ms at that rate"]))
    lines += ["", "Crash check (SIGKILL of gunicorn's master and workers mid-run, restart, continue):", ""]
    crash: list[list[object]] = [
        [
            b.database,
            f"{b.crash['rate']:.0f}",
            f"{b.crash['down_s']:.1f}",
            b.crash["acknowledged"],
            b.crash["lost_from_table"] + b.crash["lost_from_record"],
            b.crash["double_counted"] + b.crash["in_record_more_than_once"],
            b.crash["replay_mismatches"],
            "ok"
            if b.crash["export"] == 0 and b.crash["verify"] == 0
            else f"export {b.crash['export']}, verify {b.crash['verify']}",
            "yes" if b.crash["ok"] else "NO",
        ]
        for b in benches
        if b.crash
    ]
    header = ["database", "rate /s", "down s", "acknowledged", "lost", "counted twice", "replay mismatches"]
    lines.append(table(crash, [*header, "export + verify", "passed"]))
    return "\n".join(lines) + "\n"


def _ms(value: float) -> str:
    if math.isnan(value):
        return "-"
    return ">10 s" if math.isinf(value) else f"{value:.1f}"
