"""Where Parley keeps its files, shared by the settings and the CLI."""

from __future__ import annotations

import os
from pathlib import Path


def data_dir() -> Path:
    """PARLEY_DATA_DIR, or ./data under the current directory."""
    return Path(os.environ.get("PARLEY_DATA_DIR") or Path.cwd() / "data").resolve()
