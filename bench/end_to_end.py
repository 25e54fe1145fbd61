"""What users run, timed from the outside: `parley analyze DIR` beside red-dwarf's whole run on the same files.

Both tools read the same Pol.is export folder from disk (written once by
`bench.polis_folder` into the system's temporary directory, reused by later
runs) in a process of their own; **wall s** is the wall time of that whole
process (interpreter start, imports, reading the CSV files, the analysis,
writing the result), **CPU s** its user + system time over all its threads
(less sensitive to other work on the machine), **peak MB** the child's
maximum resident set; all from `os.wait4`. red-dwarf's run is
`bench.reddwarf_csv`: pandas reads votes.csv, keeps each voter's latest vote
per comment, and red-dwarf's Pol.is pipeline runs on those votes.

Run from the repository root:
    python -m bench.end_to_end                 # 40,000 x 900 x 4.5M votes: Parley vs red-dwarf
    python -m bench.end_to_end --large         # 200,000 x 5,000 x 10M votes: Parley alone
    python -m bench.end_to_end 2000 100 50000  # any size, Parley vs red-dwarf
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.harness import ROOT, table

PARLEY = "import sys; from parley.cli import main; sys.exit(main())"
DEFAULT = (40_000, 900, 4_500_000)
LARGE = (200_000, 5_000, 10_000_000)
PARLEY_RUNS = 3


def folder_for(n_participants: int, n_statements: int, n_votes: int) -> Path:
    """Return the export folder of this size, writing it first if an earlier run has not."""
    folder = Path(tempfile.gettempdir()) / f"parley-bench-{n_participants}x{n_statements}x{n_votes}"
    done = folder / ".written"
    if not done.exists():
        sizes = [str(n) for n in (n_participants, n_statements, n_votes)]
        subprocess.run([sys.executable, "-m", "bench.polis_folder", str(folder), *sizes], cwd=ROOT, check=True)
        done.write_text("")
    return folder


def measure(command: list[str]) -> dict:
    """Run COMMAND as a child; return its wall seconds, CPU seconds and own peak resident memory in MB."""
    start = time.perf_counter()
    child = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    assert child.stderr is not None
    err = child.stderr.read()
    _, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - start
    child.returncode = os.waitstatus_to_exitcode(status)
    child.stderr.close()
    if child.returncode != 0:
        raise RuntimeError(f"{command[:4]} failed ({child.returncode}):\n{err[-3000:].decode(errors='replace')}")
    return {"seconds": seconds, "cpu": usage.ru_utime + usage.ru_stime, "peak_mb": usage.ru_maxrss / 1024}


def parley(folder: Path, out: Path) -> dict:
    command = [sys.executable, "-c", PARLEY, "analyze", str(folder), "--sides", str(folder / "sides.csv")]
    result = measure([*command, "--json", str(out)])
    meta = json.loads(out.read_text(encoding="utf-8"))["meta"]
    return {**result, "stages": meta["seconds"], "loops": meta["loops"], "groups": meta["opinion_map"]["groups"]}


def reddwarf(folder: Path) -> dict:
    return measure([sys.executable, "-m", "bench.reddwarf_csv", str(folder)])


def load() -> str:
    return f"{os.getloadavg()[0]:.2f}"


def main(args: list[str]) -> None:
    large = "--large" in args
    sizes = LARGE if large else tuple(int(a) for a in args) or DEFAULT
    folder = folder_for(*sizes)
    size_mb = sum(f.stat().st_size for f in folder.iterdir()) / 2**20
    print(f"{sizes[0]} participants x {sizes[1]} statements x {sizes[2]} votes; folder {size_mb:.0f} MB on disk\n")
    start_load = load()
    # Parley's run is cheap, so it runs PARLEY_RUNS times (the first also warms the file cache for
    # both tools); the median run is compared, every run is shown.
    with tempfile.TemporaryDirectory(prefix="parley-bench-out-") as out_dir:
        runs = [parley(folder, Path(out_dir) / "analysis.json") for _ in range(PARLEY_RUNS)]
    p = sorted(runs, key=lambda run: run["seconds"])[len(runs) // 2]
    walls = ", ".join(f"{run['seconds']:.2f}" for run in runs)
    print(f"parley analyze, {PARLEY_RUNS} runs: {walls} s wall; the median run is in the table\n")
    rows = [["parley analyze DIR --sides --json (median)", p["seconds"], p["cpu"], max(r["peak_mb"] for r in runs)]]
    r = None
    if not large:
        r = reddwarf(folder)
        rows.append(["red-dwarf (pandas load + pipeline)", r["seconds"], r["cpu"], r["peak_mb"]])
    end_load = load()
    print(table(rows, ["process", "wall s", "CPU s", "peak MB"]))
    print(f"\nload (1 min) at start {start_load}, at end {end_load}")
    if r is not None:
        print(f"speed: Parley {r['seconds'] / p['seconds']:.1f}x faster from end to end")
        print(f"CPU time (user + system, all threads): Parley uses {p['cpu'] / r['cpu']:.3f} of red-dwarf's")
        print(f"peak memory: Parley uses {p['peak_mb'] / r['peak_mb']:.2f} of red-dwarf's")
    print(f"Parley's own stages (meta.seconds): {p['stages']}")
    print(f"Parley ran on: {p['loops']} loops; {p['groups']} opinion groups")


if __name__ == "__main__":
    main(sys.argv[1:])
