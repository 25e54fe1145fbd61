"""Shared fixtures: the reference data beside the repository, and small conversations."""

from __future__ import annotations

from pathlib import Path

import pytest

from parley.engine.synthetic import Conversation, two_sided


def _shared_data() -> Path:
    """Return shared/data beside the repository, or beside a folder above it (a worktree)."""
    for folder in Path(__file__).resolve().parents[3:]:
        if (folder / "shared" / "data").is_dir():
            return folder / "shared" / "data"
    return Path(__file__).resolve().parents[3] / ".." / "shared" / "data"


SHARED_DATA = _shared_data()
POLIS_MATH = ("25ptpt-3gp-no-strict-with-meta", "50ptpt-3gp-strict-no-meta", "below-100-ptpts")


def shared(*parts: str) -> Path:
    """Return a path under shared/data, or skip the test when that data is not there."""
    path = SHARED_DATA.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"reference data {'/'.join(parts)} not found beside the repository")
    return path


@pytest.fixture(scope="session")
def lopsided() -> Conversation:
    """Side A has three times side B's participants."""
    return two_sided(800, 60, 24_000, ratio=3.0, revote_rate=0.05, seed=3)


@pytest.fixture(scope="session")
def balanced() -> Conversation:
    return two_sided(300, 40, 7_000, ratio=1.0, revote_rate=0.05, seed=5)
