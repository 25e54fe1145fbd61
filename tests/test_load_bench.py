"""The load benchmark's own pieces at toy size (bench/openloop.py, bench/crashcheck.py): the numbers
in bench/README.md are only as good as these."""

from __future__ import annotations

import asyncio
import math

from bench.crashcheck import verdict
from bench.openloop import Result, open_loop, percentile, summarise, timetable
from parley.testing import aio


def test_the_timetable_spreads_requests_evenly_over_the_participants():
    table = timetable(rate=10, duration=1, concurrency=3)
    assert table == [[0.0, 0.3, 0.6, 0.9], [0.1, 0.4, 0.7], [0.2, 0.5, 0.8]]


def test_latency_counts_the_wait_behind_a_slow_answer_from_when_the_request_was_due():
    # One participant, a request due every 0.1 s, and a server that takes 0.25 s to answer: the
    # second request is due at 0.1 s but can only leave at 0.25 s, so it waits 0.15 s before its own 0.25 s.
    async def slow(_participant: object) -> str:
        await asyncio.sleep(0.25)
        return "ok"

    run = aio.run(open_loop([object()], slow, rate=10, duration=0.2))
    first, second = sorted(run.results, key=lambda r: r.due)
    assert abs(second.due - first.due - 0.1) < 0.01
    assert 0.24 < first.latency < 0.32
    assert 0.38 < second.latency < 0.48  # 0.15 s queueing + 0.25 s service, not just the 0.25 s


def test_a_request_without_an_answer_in_time_is_a_timeout_slower_than_any_answer():
    async def never(_participant: object) -> str:
        await asyncio.sleep(10)
        return "ok"

    run = aio.run(open_loop([object()], never, rate=10, duration=0.1, timeout=0.1))
    assert [r.kind for r in run.results] == ["timeout"]
    summary = summarise(run.results, 0.1, run.wall, run.cpu)
    assert summary["errors"] == 1 and summary["timeouts"] == 1 and math.isinf(summary["p99_ms"])


def test_percentiles_are_nearest_rank_and_503s_are_counted_apart_from_errors():
    assert percentile([5, 1, 4, 2, 3], 50) == 3 and percentile(list(range(1, 101)), 99) == 99
    results = [Result(0, 0.01, "ok"), Result(0, 0.02, "503"), Result(0, 0.03, "error"), Result(0, 0.01, "refused")]
    summary = summarise(results, duration=1, wall=1, cpu=0.1)
    assert (summary["per_s"], summary["503"], summary["errors"], summary["generator_cpu"]) == (1, 1, 2, 0.1)


def test_the_crash_check_passes_when_every_acknowledged_vote_is_kept_once():
    acked = [(1, 10, 1), (2, 10, -1)]
    votes = [(1, 10, 1), (2, 10, -1), (5, 10, 0)]  # member 5 voted before the run
    result = verdict(acked, [], votes, entries=[(5, 10, 0), (1, 10, 1), (2, 10, -1)])
    assert result["ok"] and result["acknowledged"] == 2


def test_a_changed_vote_is_two_acknowledged_votes_and_two_entries():
    acked = [(1, 10, 1), (1, 10, -1)]
    assert verdict(acked, [], votes=[(1, 10, -1)], entries=[(1, 10, 1), (1, 10, -1)])["ok"]
    assert not verdict(acked, [], votes=[(1, 10, -1)], entries=[(1, 10, -1)])["ok"]


def test_the_crash_check_finds_a_lost_vote_a_vote_counted_twice_and_a_record_that_does_not_replay():
    acked = [(1, 10, 1), (2, 10, -1), (3, 11, 0)]
    votes = [(1, 10, 1), (1, 10, 1), (3, 11, 0)]  # member 2's vote lost; member 1's row twice
    entries = [(1, 10, 1), (3, 11, 0), (3, 11, 0), (4, 12, 1)]  # member 3's vote twice; member 4's not in the table
    result = verdict(acked, [], votes, entries)
    assert not result["ok"]
    assert (result["lost_from_table"], result["lost_from_record"]) == (1, 1)
    assert result["double_counted"] == 1
    assert result["in_record_more_than_once"] == 1
    assert result["replay_mismatches"] == 1  # member 4: in the record, not in the table


def test_a_vote_sent_again_after_an_unanswered_attempt_may_be_in_the_record_twice():
    result = verdict([(1, 10, 1)], [(1, 10)], votes=[(1, 10, 1)], entries=[(1, 10, 1), (1, 10, 1)])
    assert result["ok"]


def test_a_connection_reads_answers_by_length_and_in_chunks_on_one_keep_alive_socket():
    from bench.openloop import Connection

    answers = [
        b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok",
        b"HTTP/1.1 503 Service Unavailable\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nbus\r\n1\r\ny\r\n0\r\n\r\n",
    ]
    accepted = []

    async def scenario() -> list[tuple[int, bytes]]:
        async def serve(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
            accepted.append(1)
            for answer in answers:
                await reader.readuntil(b"\r\n\r\n")
                writer.write(answer)
                await writer.drain()

        server = await asyncio.start_server(serve, "127.0.0.1", 0)
        port = server.sockets[0].getsockname()[1]
        connection = Connection("127.0.0.1", port)
        got = []
        for _ in answers:
            answer = await connection.request(b"GET / HTTP/1.1\r\nHost: x\r\n\r\n")
            got.append((answer.status, answer.body))
        connection.close()
        server.close()
        return got

    assert aio.run(scenario()) == [(200, b"ok"), (503, b"busy")]
    assert len(accepted) == 1
