"""Machine translation, pluggable and self-hosted (no Django here).

A backend turns a text in one of Parley's languages (`az`, `hy`, `ru`, `en`) into another and says
what did it: the backend's name, its model, and the pivot language when it went through English.
Agreed glossary renderings are kept: the chat backend is told them, the others get them restored
from placeholders (see `terms.py`).

    backend = load_backend({"backend": "libretranslate", "url": "http://127.0.0.1:5000"})
    result = backend.translate("Çaylar bizim ümumi sərvətimizdir.", "az", "hy")
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol

BACKENDS = ("none", "libretranslate", "openai", "ctranslate2", "demo")
LANGUAGES = ("az", "hy", "ru", "en")
DEFAULT_TIMEOUT = 30.0


@dataclass(frozen=True)
class GlossaryRendering:
    """One agreed term to keep: the source term (its base form) and its agreed target rendering."""

    source: str
    target: str


@dataclass(frozen=True)
class MachineResult:
    text: str
    backend: str  # "libretranslate" | "openai" | "ctranslate2" | "demo"
    model: str  # model name / folder name / "" when the server does not say
    pivot: str | None = None  # "en" when translated through English


class TranslationError(Exception):
    """A translation that did not happen; the message is fit to show an operator.

    `retryable` is true when trying again later may work (a timeout, a server error, a busy server),
    false when it cannot (a bad key, an unknown language, a missing model).
    """

    def __init__(self, message: str, *, retryable: bool = False) -> None:
        super().__init__(message)
        self.retryable = retryable


class Backend(Protocol):
    name: str

    def translate(
        self, text: str, source: str, target: str, glossary: Sequence[GlossaryRendering] = ()
    ) -> MachineResult: ...

    def check(self) -> str: ...


def _timeout(config: Mapping[str, str]) -> float:
    raw = (config.get("timeout") or "").strip()
    if not raw:
        return DEFAULT_TIMEOUT
    try:
        value = float(raw)
    except ValueError:
        raise TranslationError(f"The translation timeout must be a number of seconds, not {raw!r}.") from None
    if not 0 < value <= 3600:
        raise TranslationError(f"The translation timeout must be between 0 and 3600 seconds, not {raw!r}.")
    return value


def _required(config: Mapping[str, str], key: str, backend: str) -> str:
    value = (config.get(key) or "").strip()
    if not value:
        setting = "PARLEY_TRANSLATION_" + key.upper()
        raise TranslationError(f"The {backend} translation backend needs {setting}.")
    return value


def load_backend(config: Mapping[str, str]) -> Backend | None:
    """The backend CONFIG describes, or None for no machine translation.

    Keys: backend (one of BACKENDS), url, key, model, model_dir, timeout (seconds). A configuration
    that cannot work (an unknown backend, a missing URL or model) raises TranslationError.
    """
    name = (config.get("backend") or "none").strip().lower()
    if name in ("", "none"):
        return None
    if name == "libretranslate":
        from parley.lang.translate.libre import LibreTranslate

        return LibreTranslate(_required(config, "url", name), key=config.get("key") or "", timeout=_timeout(config))
    if name == "openai":
        from parley.lang.translate.chat import ChatCompletions

        return ChatCompletions(
            _required(config, "url", name),
            model=_required(config, "model", name),
            key=config.get("key") or "",
            timeout=_timeout(config),
        )
    if name == "ctranslate2":
        from parley.lang.translate.local import CTranslate2

        return CTranslate2(_required(config, "model_dir", name))
    if name == "demo":
        from parley.lang.translate.demo import DemoBackend

        return DemoBackend()
    raise TranslationError(f"Unknown translation backend {name!r}; choose one of: {', '.join(BACKENDS)}.")


def check_languages(source: str, target: str) -> None:
    for code in (source, target):
        if code not in LANGUAGES:
            raise TranslationError(f"Parley translates between {', '.join(LANGUAGES)}, not {code!r}.")
    if source == target:
        raise TranslationError(f"Source and target are both {source!r}: nothing to translate.")
