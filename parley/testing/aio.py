"""Run a coroutine to completion from synchronous code, even where this thread already runs an event
loop (the browser tests' Playwright does, and `asyncio.run` refuses to start a second one there)."""

from __future__ import annotations

import asyncio
from collections.abc import Coroutine
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

T = TypeVar("T")


def run(coroutine: Coroutine[Any, Any, T]) -> T:
    """COROUTINE's result, run in a fresh event loop on a thread of its own."""
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="parley-aio") as pool:
        return pool.submit(asyncio.run, coroutine).result()
