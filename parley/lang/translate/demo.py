"""The demo's stand-in for machine translation: it translates nothing and says so.

Used only by `parley demo` when no backend is configured, so that the translation workflow can be
tried; its output is the source text wrapped in a plain "[demo machine translation az→hy]" label.
"""

from __future__ import annotations

from collections.abc import Sequence

from parley.lang.translate import GlossaryRendering, MachineResult, check_languages


class DemoBackend:
    name = "demo"

    def translate(
        self, text: str, source: str, target: str, glossary: Sequence[GlossaryRendering] = ()
    ) -> MachineResult:
        check_languages(source, target)
        return MachineResult(text=f"[demo machine translation {source}→{target}] {text}", backend="demo", model="")

    def check(self) -> str:
        return "ok: demo backend (it labels the original text; it does not translate)"
