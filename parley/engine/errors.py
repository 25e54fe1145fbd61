"""Errors the engine raises for input it cannot use."""

from __future__ import annotations


class EngineInputError(ValueError):
    """Say which file, which line and what is wrong with an input."""

    def __init__(self, problem: str, *, file: str | None = None, line: int | None = None) -> None:
        self.problem = problem
        self.file = file
        self.line = line
        super().__init__(self.describe())

    def describe(self) -> str:
        """Return a one-line message: `file:line: problem`."""
        where = self.file or ""
        if self.file and self.line is not None:
            where = f"{self.file}:{self.line}"
        return f"{where}: {self.problem}" if where else self.problem
