"""A LibreTranslate-compatible server (`POST /translate`, `GET /languages`), with an optional API key."""

from __future__ import annotations

from collections.abc import Sequence

from parley.lang.translate import GlossaryRendering, MachineResult, TranslationError, check_languages
from parley.lang.translate.http import request_json
from parley.lang.translate.terms import protect, restore


class LibreTranslate:
    name = "libretranslate"

    def __init__(self, url: str, *, key: str = "", timeout: float = 30.0) -> None:
        self.url = url.rstrip("/")
        self.key = key
        self.timeout = timeout

    def translate(
        self, text: str, source: str, target: str, glossary: Sequence[GlossaryRendering] = ()
    ) -> MachineResult:
        check_languages(source, target)
        protected, renderings = protect(text, glossary)
        payload = {"q": protected, "source": source, "target": target, "format": "text"}
        if self.key:
            payload["api_key"] = self.key
        answer = request_json(f"{self.url}/translate", timeout=self.timeout, payload=payload)
        translated = answer.get("translatedText") if isinstance(answer, dict) else None
        if not isinstance(translated, str):
            raise TranslationError(f"The translation server at {self.url} sent no translatedText.")
        if not translated.strip() and text.strip():
            raise TranslationError(f"The translation server at {self.url} sent an empty translation.", retryable=True)
        return MachineResult(text=restore(translated, renderings).strip(), backend=self.name, model="")

    def languages(self) -> dict[str, set[str]]:
        """Each language the server knows, with the languages it translates it into."""
        answer = request_json(f"{self.url}/languages", timeout=self.timeout)
        if not isinstance(answer, list):
            raise TranslationError(f"The translation server at {self.url} sent no list of languages.")
        known: dict[str, set[str]] = {}
        for item in answer:
            if isinstance(item, dict) and isinstance(item.get("code"), str):
                targets = item.get("targets")
                known[item["code"]] = {t for t in targets if isinstance(t, str)} if isinstance(targets, list) else set()
        return known

    def check(self) -> str:
        known = self.languages()
        usable = [code for code in ("az", "hy", "ru", "en") if code in known]
        missing = [code for code in ("az", "hy", "ru", "en") if code not in known]
        if len(usable) < 2:
            raise TranslationError(
                f"The translation server at {self.url} knows too few of Parley's languages "
                f"(it lacks {', '.join(missing)}; it knows {', '.join(sorted(known)) or 'nothing'})."
            )
        lacking = f" (not {', '.join(missing)}: statements in a dialogue using it stay untranslated)" if missing else ""
        return f"ok: LibreTranslate at {self.url} knows {', '.join(usable)}{lacking}"
