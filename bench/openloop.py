"""An open-loop load generator on raw asyncio sockets: requests leave on a timetable, not when the
previous answer arrives, and each latency is measured from when its request was DUE, so time spent
waiting behind a slow answer (queueing) counts, as it does for the person who clicked.

Request k of a run is due at k / rate seconds and belongs to participant k mod concurrency; each
participant holds one keep-alive connection and sends its requests one after another, as a browser
tab does. Nothing here knows about Parley: `bench/load.py` supplies what each request is.
"""

from __future__ import annotations

import asyncio
import math
import time
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

# gunicorn closes a keep-alive connection after 2 s idle; reopen before that instead of racing it.
IDLE_REOPEN = 1.5


@dataclass
class Result:
    due: float
    done: float | None  # None: no answer in time
    kind: str  # ok, refused, 503, error, timeout

    @property
    def latency(self) -> float:
        return math.inf if self.done is None else self.done - self.due


@dataclass
class Answer:
    status: int
    body: bytes
    close: bool = False


class Connection:
    """One HTTP/1.1 keep-alive connection to HOST:PORT."""

    def __init__(self, host: str, port: int) -> None:
        self.host, self.port = host, port
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None
        self.used = 0.0

    async def request(self, data: bytes) -> Answer:
        now = time.monotonic()
        if self.writer is None or now - self.used > IDLE_REOPEN:
            self.close()
            self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
        assert self.reader is not None and self.writer is not None
        try:
            self.writer.write(data)
            answer = await read_response(self.reader)
        except BaseException:
            self.close()
            raise
        self.used = time.monotonic()
        if answer.close:
            self.close()
        return answer

    def close(self) -> None:
        if self.writer is not None:
            self.writer.transport.abort()
        self.reader = self.writer = None


async def read_response(reader: asyncio.StreamReader) -> Answer:
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.split(b"\r\n")
    status = int(lines[0].split(b" ", 2)[1])
    headers = {}
    for line in lines[1:]:
        if b":" in line:
            name, value = line.split(b":", 1)
            headers[name.strip().lower()] = value.strip()
    close = headers.get(b"connection", b"").lower() == b"close"
    if b"content-length" in headers:
        body = await reader.readexactly(int(headers[b"content-length"]))
    elif headers.get(b"transfer-encoding", b"").lower() == b"chunked":
        parts = []
        while True:
            size = int((await reader.readuntil(b"\r\n")).strip().split(b";")[0], 16)
            parts.append(await reader.readexactly(size + 2))
            if size == 0:
                break
        body = b"".join(p[:-2] for p in parts)
    else:
        body, close = await reader.read(), True
    return Answer(status, body, close)


@dataclass
class Run:
    rate: float
    duration: float
    concurrency: int
    results: list[Result] = field(default_factory=list)
    wall: float = 0.0
    cpu: float = 0.0  # the generator's own CPU seconds during the run

    def summary(self) -> dict[str, Any]:
        return summarise(self.results, self.duration, self.wall, self.cpu)


def timetable(rate: float, duration: float, concurrency: int) -> list[list[float]]:
    """Due times (seconds from the start) of each participant's requests."""
    total = int(rate * duration)
    table: list[list[float]] = [[] for _ in range(concurrency)]
    for k in range(total):
        table[k % concurrency].append(k / rate)
    return table


async def open_loop(
    participants: Sequence[Any],
    send: Callable[[Any], Awaitable[str]],
    rate: float,
    duration: float,
    *,
    timeout: float = 10.0,
    clock: Callable[[], float] = time.perf_counter,
) -> Run:
    """Run SEND(participant) on the timetable; SEND returns the outcome's kind ("ok", "refused",
    "503", "error"); a request with no answer TIMEOUT seconds after it was due is a "timeout", and a
    participant whose turn comes after the run's end plus TIMEOUT never sends it (also a timeout)."""
    run = Run(rate, duration, len(participants))
    table = timetable(rate, duration, len(participants))
    start = clock() + 0.05
    cpu0 = time.process_time()

    async def one(participant: Any, dues: list[float]) -> None:
        for offset in dues:
            due = start + offset
            wait = due - clock()
            if wait > 0:
                await asyncio.sleep(wait)
            left = due + timeout - clock()
            if left <= 0:
                run.results.append(Result(due, None, "timeout"))
                continue
            try:
                kind = await asyncio.wait_for(send(participant), left)
            except TimeoutError:
                run.results.append(Result(due, None, "timeout"))
                continue
            except (OSError, asyncio.IncompleteReadError, ValueError, IndexError):
                kind = "error"
            run.results.append(Result(due, clock(), kind))

    await asyncio.gather(*(one(p, dues) for p, dues in zip(participants, table, strict=True)))
    run.wall = clock() - start
    run.cpu = time.process_time() - cpu0
    return run


def percentile(values: Sequence[float], q: float) -> float:
    """The Q-th percentile (nearest rank) of VALUES; inf counts as slower than anything."""
    if not values:
        return math.nan
    ordered = sorted(values)
    rank = max(1, math.ceil(q / 100 * len(ordered)))
    return ordered[rank - 1]


def summarise(results: Sequence[Result], duration: float, wall: float, cpu: float) -> dict[str, Any]:
    latencies = [r.latency for r in results]
    ok = [r for r in results if r.kind == "ok"]
    count = {kind: sum(1 for r in results if r.kind == kind) for kind in ("ok", "refused", "503", "error", "timeout")}
    return {
        "sent": len(results),
        "per_s": len(ok) / max(wall, duration),
        "p50_ms": percentile(latencies, 50) * 1000,
        "p95_ms": percentile(latencies, 95) * 1000,
        "p99_ms": percentile(latencies, 99) * 1000,
        "errors": count["refused"] + count["error"] + count["timeout"],
        "timeouts": count["timeout"],
        "503": count["503"],
        "generator_cpu": cpu / wall if wall else 0.0,
    }
