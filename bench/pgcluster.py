"""A throwaway PostgreSQL 15 cluster with fsync ON, for numbers that mean something about writes.

The cluster lives in a temporary directory on a free loopback port and is removed on exit. Run as
root, initdb and pg_ctl run as the `postgres` user in a directory that user owns.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

BIN = Path(os.environ.get("PARLEY_BENCH_PG_BIN", "/usr/lib/postgresql/15/bin"))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Cluster:
    def __init__(self) -> None:
        self.dir = Path(tempfile.mkdtemp(prefix="parley-bench-pg-"))
        self.data = self.dir / "data"
        self.port = free_port()
        self.as_root = os.geteuid() == 0
        self.url = f"postgres://postgres@127.0.0.1:{self.port}/parley"

    def _run(self, *args: str | Path) -> None:
        command = [str(a) for a in args]
        if self.as_root:
            command = ["su", "postgres", "-s", "/bin/sh", "-c", " ".join(_quote(a) for a in command)]
        subprocess.run(command, check=True, capture_output=True, text=True, cwd="/")

    def start(self) -> Cluster:
        if not (BIN / "initdb").exists():
            raise SystemExit(f"PostgreSQL 15 is needed for the benchmark: no {BIN / 'initdb'}")
        if self.as_root:
            shutil.chown(self.dir, "postgres", "postgres")
        self._run(BIN / "initdb", "-D", self.data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync")
        options = (
            f"-c port={self.port} -c listen_addresses=127.0.0.1 -c unix_socket_directories={self.dir}"
            " -c fsync=on -c synchronous_commit=on -c max_connections=200 -c shared_buffers=256MB"
        )
        self._run(BIN / "pg_ctl", "-D", self.data, "-l", self.dir / "log", "-w", "-o", options, "start")
        self._run(BIN / "createdb", "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", "parley")
        return self

    def stop(self) -> None:
        with contextlib.suppress(subprocess.CalledProcessError):
            self._run(BIN / "pg_ctl", "-D", self.data, "-m", "fast", "-w", "stop")
        shutil.rmtree(self.dir, ignore_errors=True)

    def __enter__(self) -> Cluster:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


def _quote(arg: str) -> str:
    import shlex

    return shlex.quote(arg)


if __name__ == "__main__":
    with Cluster() as c:
        print(c.url)
        time.sleep(1)
