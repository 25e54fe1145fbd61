"""Page times at scale: the whole request of each page people open, on a dialogue of 10,000
participants x 500 statements x 200,000 votes (1x) and multiples of it.

    python -m bench.pages [--scale 1 --scale 10] [--database postgres|sqlite] [--repeat 5] [--out FILE.md]

Each scale is a synthetic two-sided conversation (`parley.engine.synthetic.two_sided`) written as a
Pol.is export folder (`bench/polis_folder.py`) and loaded with the real `parley import-polis`, timed
(the build is itself a figure of issue 12); then the dialogue is opened for voting (its status set to
open directly: an import is closed) and analysed once (`analyse_now`, timed), and a child process times
each page through Django's test client, in-process, as one signed-in participant: the median of
REPEAT requests after one warm-up, the number of SQL queries (`CaptureQueriesContext`) and the size.
PostgreSQL is a throwaway cluster with fsync on (`bench/pgcluster.py`). The table gives each page's
time at every scale and its growth from the first scale to the last.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from contextlib import ExitStack
from pathlib import Path
from typing import Any

from bench.harness import table
from bench.pgcluster import Cluster

ROOT = Path(__file__).resolve().parents[1]
PARLEY = str(Path(sys.executable).with_name("parley"))
BASE = (10_000, 500, 200_000)


def pages(slug: str, seq: int, statement: int) -> list[tuple[str, str, str, dict[str, str]]]:
    """(name, method, path, extra) of each page timed; the vote is the card's htmx form."""
    return [
        ("dialogue page", "GET", f"/d/{slug}/", {}),
        ("vote page (next card)", "GET", f"/d/{slug}/vote/", {}),
        ("cast a vote + next card (htmx)", "POST", f"/d/{slug}/vote/cast/", {"statement": str(statement)}),
        ("results page", "GET", f"/d/{slug}/results/", {}),
        ("my votes", "GET", f"/d/{slug}/my-votes/", {}),
        ("record page", "GET", f"/d/{slug}/record/", {}),
        ("Merkle proof (API)", "GET", f"/api/v1/dialogues/{slug}/record/{seq}/proof/", {}),
        ("results (API)", "GET", f"/api/v1/dialogues/{slug}/results/", {}),
    ]


def time_pages(slug: str, repeat: int) -> dict[str, Any]:
    """In a process with Django set up on the benchmark's database: time every page of SLUG."""
    import django

    django.setup()
    import re

    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from parley.analysis.tasks import analyse_now
    from parley.dialogues.access import SESSION_KEY
    from parley.dialogues.models import Dialogue, Membership, Vote
    from parley.ledger.models import RecordEntry

    dialogue = Dialogue.objects.get(slug=slug)
    Dialogue.objects.filter(pk=dialogue.pk).update(status=Dialogue.Status.OPEN)
    started = time.perf_counter()
    analyse_now(dialogue.pk)
    analysis_s = time.perf_counter() - started
    # A participant with a typical number of votes (the median voter), so the queue has cards left.
    counts = sorted(
        (Vote.objects.filter(membership=m).count(), m.pk)
        for m in Membership.objects.filter(dialogue=dialogue).order_by("pk")[:200]
    )
    member = Membership.objects.get(pk=counts[len(counts) // 2][1])
    client = Client(HTTP_HX_REQUEST="true")
    session = client.session
    session[SESSION_KEY] = {str(dialogue.pk): member.pk}
    session.save()
    entries = RecordEntry.objects.filter(dialogue=dialogue).count()
    card = re.compile(rb'name="statement" value="(\d+)"')
    out = []
    for name, method, path, data in pages(slug, entries // 2, 0):
        times, queries, size, status = [], 0, 0, 0
        for i in range(repeat + 1):
            if method == "POST":
                page = client.get(f"/d/{slug}/vote/").content
                found = card.search(page)
                data = {"statement": found.group(1).decode() if found else "0", "value": "agree"}
            with CaptureQueriesContext(connection) as captured:
                begun = time.perf_counter()
                response = client.get(path) if method == "GET" else client.post(path, data)
                elapsed = time.perf_counter() - begun
            if i:  # the first request warms caches and is not counted
                times.append(elapsed)
            queries, size, status = len(captured), len(response.content), response.status_code
        out.append(
            {
                "page": name,
                "ms": statistics.median(times) * 1000,
                "queries": queries,
                "kb": size / 1024,
                "status": status,
            }
        )
    return {"analysis_s": analysis_s, "entries": entries, "member_votes": counts[len(counts) // 2][0], "pages": out}


def run_scale(scale: float, env: dict[str, str], work: Path, repeat: int) -> dict[str, Any]:
    from bench.polis_folder import write_folder

    participants, statements, votes = (int(BASE[0] * scale), BASE[1], int(BASE[2] * scale))
    folder = work / f"polis-{scale:g}x"
    started = time.perf_counter()
    write_folder(folder, participants, statements, votes, seed=0)
    written = time.perf_counter() - started
    slug = f"pages-{scale:g}x".replace(".", "-")
    started = time.perf_counter()
    subprocess.run(
        [PARLEY, "import-polis", str(folder), "--sides", str(folder / "sides.csv"), "--slug", slug, "--title", slug],
        env=env,
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    imported = time.perf_counter() - started
    say(f"  {scale:g}x: {participants} x {statements} x {votes}: folder {written:.1f} s, import-polis {imported:.1f} s")
    code = "import json,sys;from bench.pages import time_pages as t;print(json.dumps(t(sys.argv[1], int(sys.argv[2]))))"
    done = subprocess.run(
        [sys.executable, "-c", code, slug, str(repeat)], env=env, cwd=ROOT, capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise SystemExit(f"timing the pages failed:\n{done.stderr[-3000:]}")
    timed = json.loads(done.stdout.strip().splitlines()[-1])
    for page in timed["pages"]:
        figures = f"{page['ms']:9.1f} ms {page['queries']:4} queries {page['kb']:8.1f} KB ({page['status']})"
        say(f"    {page['page']:32} {figures}")
    return {"scale": scale, "size": (participants, statements, votes), "import_s": imported, **timed}


def report(results: list[dict[str, Any]], database: str) -> str:
    load = os.getloadavg()
    first, last = results[0], results[-1]
    header = ["page"]
    for r in results:
        header += [f"{r['scale']:g}x ms", f"{r['scale']:g}x queries", f"{r['scale']:g}x KB"]
    if len(results) > 1:
        header.append(f"ms ratio {last['scale']:g}x/{first['scale']:g}x")
    rows: list[list[object]] = []
    for i, page in enumerate(first["pages"]):
        row: list[object] = [page["page"]]
        for r in results:
            p = r["pages"][i]
            row += [f"{p['ms']:.1f}", p["queries"], f"{p['kb']:.0f}"]
        if len(results) > 1:
            row.append(f"{last['pages'][i]['ms'] / first['pages'][i]['ms']:.1f}")
        rows.append(row)
    builds = [
        [
            f"{r['scale']:g}x",
            " x ".join(f"{n:,}" for n in r["size"]),
            r["entries"],
            f"{r['import_s']:.1f}",
            f"{r['analysis_s']:.1f}",
        ]
        for r in results
    ]
    return (
        f"{database}; load average {load[0]:.2f} at the end; median of the requests after one warm-up; "
        f"test client in-process (no network, no gunicorn).\n\n"
        + table(rows, header)
        + "\n\n"
        + table(
            builds, ["scale", "participants x statements x votes", "record entries", "import-polis s", "analysis s"]
        )
        + "\n"
    )


def say(message: str) -> None:
    print(message, flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--scale", type=float, action="append", help="multiples of 10k x 500 x 200k (default: 1 and 10)"
    )
    parser.add_argument("--database", choices=["postgres", "sqlite"], default="postgres")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--out", type=Path)
    args = parser.parse_args(argv)
    scales = args.scale or [1.0, 10.0]
    with ExitStack() as stack:
        work = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="parley-bench-pages-")))
        env = {
            **os.environ,
            "PARLEY_DATA_DIR": str(work / "data"),
            "PARLEY_RATE_LIMIT": "1000000000",
            "PARLEY_LOG_LEVEL": "WARNING",
            "PARLEY_USE_DEMO_DATABASE": "0",
            "PARLEY_ALLOWED_HOSTS": "testserver,127.0.0.1",
            "DJANGO_SETTINGS_MODULE": "parley.settings",
        }
        env.pop("DATABASE_URL", None)
        if args.database == "postgres":
            env["DATABASE_URL"] = stack.enter_context(Cluster()).url
        results = [run_scale(scale, env, work, args.repeat) for scale in scales]
    text = report(results, args.database)
    print(text)
    if args.out:
        args.out.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
