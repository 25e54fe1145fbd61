"""The load benchmark: Parley's real server under open-loop vote traffic, beside a trivial view, with a
SIGKILL of the server mid-run and a check that no acknowledged vote was lost or counted twice.

    python -m bench.load [--quick] [--database sqlite|postgres|both] [--out FILE.md]

For each database (a throwaway PostgreSQL 15 cluster with fsync on, and SQLite in WAL as `parley serve`
configures it) it builds a dialogue through the product's actions, signs its participants in (a session
each, as the sign-in stores it), starts `parley serve --workers 2` on a free loopback port and runs:

- votes and `/healthz` at the same arrival rates with 50, 200 and 1,000 participants;
- a step search for the highest arrival rate with p99 < 50 ms, for votes and for `/healthz`;
- the crash check: votes at a moderate rate, the server (gunicorn's master and workers) killed with
  SIGKILL mid-run and restarted, then every acknowledged vote looked up in the vote table and the record,
  the record's vote entries replayed against the table, and `parley export` + `parley verify` run.

Everything stays on 127.0.0.1 and in temporary directories. See bench/README.md ("Load").
"""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import os
import re
import resource
import secrets
import signal
import string
import subprocess
import sys
import tempfile
import time
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bench.crashcheck import verdict
from bench.load_report import report
from bench.openloop import Connection, Run, open_loop
from bench.pgcluster import Cluster, free_port

ROOT = Path(__file__).resolve().parents[1]
PARLEY = str(Path(sys.executable).with_name("parley"))
LEVELS = (50, 200, 1000)
CARD = re.compile(rb'name="statement" value="(\d+)"')
VALUES = ("agree", "disagree", "pass")
NUMBERS = {"agree": 1, "disagree": -1, "pass": 0}
P99_GOAL_MS = 50.0
ALNUM = string.ascii_letters + string.digits


@dataclass
class Settings:
    quick: bool
    run_seconds: float
    rates: tuple[float, ...]
    vote_steps: tuple[float, ...]
    health_steps: tuple[float, ...]
    crash_seconds: float
    statements: int = 300
    crash_participants: int = 200

    @classmethod
    def make(cls, quick: bool) -> Settings:
        if quick:
            return cls(
                True, 3.0, (100.0,), (10, 25, 50, 100, 200, 400, 800, 1600, 2400), (250, 500, 1000, 2000, 4000), 10.0
            )
        return cls(
            False,
            10.0,
            (50.0, 200.0, 1000.0, 2000.0),
            (10, 25, 50, 100, 150, 200, 300, 400, 600, 800, 1200, 1600, 2000, 2400, 3000),
            (100, 250, 500, 1000, 2000, 3000, 4000, 6000),
            30.0,
        )


class Server:
    """`parley serve` as a user runs it, in its own process group so that SIGKILL reaches every worker."""

    def __init__(self, env: dict[str, str], port: int, log: Path) -> None:
        self.env, self.port, self.log = env, port, log
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        with open(self.log, "ab") as out:
            self.process = subprocess.Popen(
                [PARLEY, "serve", "--host", "127.0.0.1", "--port", str(self.port), "--workers", "2"],
                env=self.env,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
                cwd=ROOT,
            )

    async def ready(self, limit: float = 90.0, must: bool = True) -> float:
        """Wait until /healthz answers within 50 ms (the server is up and no longer busy with a backlog);
        return the wait (inf after LIMIT seconds, unless MUST, which stops the benchmark then)."""
        started = time.monotonic()
        while time.monotonic() - started < limit:
            assert self.process is not None
            if self.process.poll() is not None:
                raise SystemExit(f"the server exited ({self.process.returncode}); see {self.log}")
            connection = Connection("127.0.0.1", self.port)
            try:
                asked = time.monotonic()
                answer = await asyncio.wait_for(connection.request(health_request(self.port)), 5)
                if answer.status == 200 and time.monotonic() - asked < 0.05:
                    return time.monotonic() - started
            except (OSError, TimeoutError, asyncio.IncompleteReadError):
                pass
            finally:
                connection.close()
            await asyncio.sleep(0.2)
        if not must:
            return math.inf
        raise SystemExit(f"the server did not become ready in {limit:.0f} s; see {self.log}")

    def kill(self) -> None:
        assert self.process is not None
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait()

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(20)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()


def health_request(port: int) -> bytes:
    return f"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n".encode()


@dataclass
class Participant:
    """A signed-in browser tab: its session, its current card, and what it saw acknowledged."""

    member: int
    session: str
    statement: int | None
    port: int
    slug: str
    csrf: str = field(default_factory=lambda: "".join(secrets.choice(ALNUM) for _ in range(32)))
    connection: Connection | None = None
    reload: bool = False
    acked: list[tuple[int, int, int]] = field(default_factory=list)
    unanswered: set[tuple[int, int]] = field(default_factory=set)

    def conn(self) -> Connection:
        if self.connection is None:
            self.connection = Connection("127.0.0.1", self.port)
        return self.connection

    def value(self, statement: int) -> str:
        return VALUES[(self.member * 7 + statement) % 3]

    def headers(self, method: str, path: str, length: int | None = None) -> bytes:
        lines = [
            f"{method} {path} HTTP/1.1",
            f"Host: 127.0.0.1:{self.port}",
            f"Cookie: sessionid={self.session}; csrftoken={self.csrf}",
            "HX-Request: true",
            "HX-Target: vote-card",
        ]
        if length is not None:
            lines += ["Content-Type: application/x-www-form-urlencoded", f"Content-Length: {length}"]
        return ("\r\n".join(lines) + "\r\n\r\n").encode()


async def vote(p: Participant) -> str:
    """Vote on the statement of the participant's last card, as the card's htmx form does."""
    if p.reload or p.statement is None:
        # After an error the person reloads the page; its card shows where they really are.
        answer = await p.conn().request(p.headers("GET", f"/d/{p.slug}/vote/"))
        if answer.status != 200:
            return "503" if answer.status == 503 else "error"
        found = CARD.search(answer.body)
        p.statement, p.reload = (int(found.group(1)) if found else None), False
        if p.statement is None:
            return "refused"  # nothing left to vote on
    statement = p.statement
    value = p.value(statement)
    body = f"csrfmiddlewaretoken={p.csrf}&statement={statement}&value={value}".encode()
    p.unanswered.add((p.member, statement))
    try:
        answer = await p.conn().request(p.headers("POST", f"/d/{p.slug}/vote/cast/", len(body)) + body)
    except BaseException:
        p.reload = True
        raise
    if answer.status == 503:
        p.reload = True
        return "503"
    if answer.status != 200:
        p.reload = True
        return "error"
    if b'role="alert"' in answer.body:
        return "refused"
    p.unanswered.discard((p.member, statement))
    p.acked.append((p.member, statement, NUMBERS[value]))
    found = CARD.search(answer.body)
    p.statement = int(found.group(1)) if found else None
    return "ok"


async def health(p: Participant) -> str:
    answer = await p.conn().request(health_request(p.port))
    return "ok" if answer.status == 200 else "503" if answer.status == 503 else "error"


def close_all(participants: list[Participant]) -> None:
    for p in participants:
        if p.connection is not None:
            p.connection.close()
            p.connection = None


class Bench:
    def __init__(self, database: str, settings: Settings, work: Path, url: str | None) -> None:
        self.database, self.settings, self.work = database, settings, work
        self.port = free_port()
        self.env = {
            **os.environ,
            "PARLEY_DATA_DIR": str(work / "data"),
            "PARLEY_SECRET_KEY": secrets.token_urlsafe(40),
            # Each simulated participant votes far faster than a person: the limit stays in the path
            # (it is counted on every vote) but never refuses.
            "PARLEY_RATE_LIMIT": "1000000000",
            "PARLEY_LOG_LEVEL": "WARNING",
            "PARLEY_USE_DEMO_DATABASE": "0",
            "DJANGO_SETTINGS_MODULE": "parley.settings",
        }
        self.env.pop("DATABASE_URL", None)
        if url:
            self.env["DATABASE_URL"] = url
        self.server = Server(self.env, self.port, work / "server.log")
        self.rows: list[dict[str, Any]] = []
        self.knees: dict[str, dict[str, Any]] = {}
        self.crash: dict[str, Any] = {}

    def python(self, *args: str) -> str:
        done = subprocess.run(
            [sys.executable, *args], env=self.env, cwd=ROOT, capture_output=True, text=True, check=False
        )
        if done.returncode != 0:
            raise SystemExit(f"{' '.join(args)} failed:\n{done.stderr[-3000:]}")
        return done.stdout

    def prepare(self) -> None:
        started = time.perf_counter()
        subprocess.run([PARLEY, "manage", "migrate", "-v0"], env=self.env, cwd=ROOT, check=True)
        total = max(LEVELS) + self.settings.crash_participants
        built = json.loads(self.python("-m", "bench.load_data", str(total), str(self.settings.statements)))
        self.slug, self.dialogue = built["slug"], built["dialogue"]
        self.participants = [
            Participant(p["member"], p["session"], p["statement"], self.port, self.slug) for p in built["participants"]
        ]
        self.setup_seconds = time.perf_counter() - started
        size = f"{total} participants x {self.settings.statements} statements"
        say(f"  {self.database}: built {size} in {self.setup_seconds:.1f} s")

    async def run(self, kind: str, concurrency: int, rate: float, seconds: float, who: list[Participant]) -> Run:
        await self.server.ready()
        send = vote if kind == "vote" else health
        run = await open_loop(who[:concurrency], send, rate, seconds)
        close_all(who)
        # How long the server stays busy after the load stops (answering what queued up).
        recovery = await self.server.ready(limit=60, must=False)
        row = {"database": self.database, "request": kind, "participants": concurrency, "rate": rate, **run.summary()}
        row["recovery_s"] = recovery
        self.rows.append(row)
        say(
            f"  {self.database} {kind:6} c={concurrency:5} rate={rate:6.0f}/s -> {row['per_s']:7.1f}/s "
            f"p50 {row['p50_ms']:.1f} p95 {row['p95_ms']:.1f} p99 {row['p99_ms']:.1f} ms, errors {row['errors']}, "
            f"503 {row['503']}, generator CPU {row['generator_cpu']:.0%}, recovery {recovery:.1f} s"
        )
        return run

    async def knee(self, kind: str, steps: tuple[float, ...]) -> None:
        """The highest step rate with p99 < 50 ms and no errors (200 participants)."""
        best: dict[str, Any] | None = None
        for rate in steps:
            run = await self.run(kind, 200, rate, self.settings.run_seconds, self.participants[: max(LEVELS)])
            summary = run.summary()
            if summary["p99_ms"] >= P99_GOAL_MS or summary["errors"] or summary["503"]:
                break
            best = {"rate": rate, **summary}
        self.knees[kind] = best or {"rate": 0, "lowest": steps[0]}

    async def crash_check(self) -> None:
        who = self.participants[max(LEVELS) :]
        rate = max(20.0, min(200.0, 0.5 * self.knees.get("vote", {}).get("rate", 0)))
        seconds = self.settings.crash_seconds
        await self.server.ready()

        async def killer() -> float:
            await asyncio.sleep(seconds * 0.4)
            self.server.kill()
            killed = time.monotonic()
            self.server.start()
            await self.server.ready()
            return time.monotonic() - killed

        run_task = asyncio.ensure_future(open_loop(who, vote, rate, seconds))
        down = await killer()
        run = await run_task
        close_all(who)
        summary = run.summary()
        self.server.stop()
        state = json.loads(self.python("-m", "bench.load_data", "dump", str(self.dialogue)))
        acked = [a for p in who for a in p.acked]
        unanswered = [u for p in who for u in p.unanswered]
        result = verdict(acked, unanswered, [tuple(v) for v in state["votes"]], [tuple(e) for e in state["entries"]])
        bundle = self.work / "bundle.zip"
        export = subprocess.run(
            [PARLEY, "export", self.slug, str(bundle)], env=self.env, cwd=ROOT, capture_output=True, text=True
        )
        check = subprocess.run([PARLEY, "verify", str(bundle)], env=self.env, cwd=ROOT, capture_output=True, text=True)
        self.crash = {
            "rate": rate,
            "down_s": down,
            **summary,
            **result,
            "export": export.returncode,
            "verify": check.returncode,
            "verify_says": (check.stdout + check.stderr).strip().splitlines()[-1:] if check.returncode else [],
        }
        say(f"  {self.database} crash check: {self.crash}")

    async def main(self) -> None:
        self.prepare()
        self.server.start()
        try:
            # Warm up (not reported): the workers' first requests load templates and open connections.
            await self.server.ready()
            await open_loop(self.participants[:20], vote, 20, 1.0)
            await open_loop(self.participants[:20], health, 200, 1.0)
            close_all(self.participants)
            for concurrency in LEVELS:
                for rate in self.settings.rates:
                    for kind in ("vote", "healthz"):
                        await self.run(kind, concurrency, rate, self.settings.run_seconds, self.participants)
            await self.knee("vote", self.settings.vote_steps)
            await self.knee("healthz", self.settings.health_steps)
            await self.crash_check()
        finally:
            self.server.stop()


def say(message: str) -> None:
    print(message, flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="short runs, one rate per level (about 3 minutes)")
    parser.add_argument("--database", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--out", type=Path, help="also write the Markdown report to this file")
    args = parser.parse_args(argv)
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (max(soft, min(hard, 8192)), hard))
    settings = Settings.make(args.quick)
    started = time.perf_counter()
    benches = []
    with ExitStack() as stack:
        work = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="parley-bench-load-")))
        for database in ("postgres", "sqlite") if args.database == "both" else (args.database,):
            url = stack.enter_context(Cluster()).url if database == "postgres" else None
            (work / database).mkdir()
            bench = Bench(database, settings, work / database, url)
            benches.append(bench)
            asyncio.run(bench.main())
    text = report(benches, settings, started)
    print(text)
    if args.out:
        args.out.write_text(text, encoding="utf-8")
    return 0 if all(b.crash.get("ok") and b.crash.get("verify") == 0 for b in benches) else 1


if __name__ == "__main__":
    sys.exit(main())
