"""A flood of HTTP clients for overload tests: CLIENTS connections, each sending GET PATH again and
again for SECONDS, giving up on an answer after TIMEOUT seconds (closing its connection, as a browser
or a user would), and what they got back."""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass, field

from parley.testing import aio


@dataclass
class Answer:
    status: int  # 0: no answer (timed out, reset or closed)
    seconds: float
    retry_after: str | None = None


@dataclass
class Flood:
    answers: list[Answer] = field(default_factory=list)

    def with_status(self, status: int) -> list[Answer]:
        return [a for a in self.answers if a.status == status]


async def _one_request(host: str, port: int, path: str, headers: str, timeout: float) -> Answer:
    started = time.monotonic()
    writer = None
    try:
        reader, writer = await asyncio.wait_for(asyncio.open_connection(host, port), timeout)
        writer.write(f"GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n{headers}\r\n".encode())
        head = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), timeout - (time.monotonic() - started))
        lines = head.decode("latin-1").split("\r\n")
        status = int(lines[0].split()[1])
        retry_after = next(
            (line.split(":", 1)[1].strip() for line in lines if line.lower().startswith("retry-after:")), None
        )
        return Answer(status, time.monotonic() - started, retry_after)
    except (TimeoutError, OSError, asyncio.IncompleteReadError, ValueError, IndexError):
        return Answer(0, time.monotonic() - started)
    finally:
        if writer is not None:
            writer.close()


async def _client(host: str, port: int, path: str, headers: str, until: float, timeout: float, out: Flood) -> None:
    while time.monotonic() < until:
        answer = await _one_request(host, port, path, headers, timeout)
        out.answers.append(answer)
        if answer.status == 503:
            await asyncio.sleep(0.05)


def flood(
    host: str, port: int, *, clients: int, seconds: float, path: str = "/", headers: str = "", timeout: float = 2.0
) -> Flood:
    """Run the flood and return every answer."""
    out = Flood()

    async def main() -> None:
        until = time.monotonic() + seconds
        await asyncio.gather(*(_client(host, port, path, headers, until, timeout, out) for _ in range(clients)))

    aio.run(main())
    return out


def get(host: str, port: int, path: str = "/", headers: str = "", timeout: float = 5.0) -> Answer:
    """One request, as a visitor arriving after the flood."""
    return aio.run(_one_request(host, port, path, headers, timeout))
