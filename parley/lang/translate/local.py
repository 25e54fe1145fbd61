"""CTranslate2 on this server, with a model folder the deployer supplies.

Two layouts of MODEL_DIR are understood:

* one multilingual NLLB-200 model: `model.bin` (from `ct2-transformers-converter`) and its
  sentencepiece model `sentencepiece.bpe.model` in the folder itself. Languages are NLLB codes
  (azj_Latn, hye_Armn, rus_Cyrl, eng_Latn): the source code starts the input, the target code is
  the target prefix that makes the model write that language.
* OPUS-MT pairs: one sub-folder per pair named `<source>-<target>` with Parley's codes (`az-en`,
  `en-hy`, ...), each holding `model.bin`, `source.spm` and `target.spm`. A pair without its own
  folder goes through English (`az-en` then `en-hy`), and the result says so (`pivot="en"`).

`ctranslate2` and `sentencepiece` are imported only when this backend is used; they come with
`pip install 'parley[translate-local]'`.
"""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from parley.lang.translate import GlossaryRendering, MachineResult, TranslationError, check_languages
from parley.lang.translate.terms import protect, restore

NLLB_CODES = {"az": "azj_Latn", "hy": "hye_Armn", "ru": "rus_Cyrl", "en": "eng_Latn"}
NLLB_SENTENCEPIECE = ("sentencepiece.bpe.model", "sentencepiece.model")
SPECIAL = {"<s>", "</s>", "<pad>"}
PIVOT = "en"
_SENTENCE_END = re.compile(r"(?<=[.!?։…])\s+")


def _import() -> tuple[Any, Any]:
    try:
        import ctranslate2
        import sentencepiece
    except ImportError:
        raise TranslationError(
            "The ctranslate2 translation backend needs the ctranslate2 and sentencepiece packages: "
            "pip install 'parley[translate-local]'."
        ) from None
    return ctranslate2, sentencepiece


def _vocabulary(folder: Path) -> set[str] | None:
    """The target tokens a converted model knows, when its folder says (None when it does not)."""
    for name in ("shared_vocabulary", "target_vocabulary"):
        path = folder / f"{name}.json"
        if path.exists():
            return set(json.loads(path.read_text(encoding="utf-8")))
        path = folder / f"{name}.txt"
        if path.exists():
            return set(path.read_text(encoding="utf-8").splitlines())
    return None


class _Model:
    """One converted model with its tokenisers, loaded on first use."""

    def __init__(self, folder: Path, source_spm: Path, target_spm: Path) -> None:
        ctranslate2, sentencepiece = _import()
        try:
            self.translator = ctranslate2.Translator(str(folder), device="cpu", inter_threads=1)
            self.source = sentencepiece.SentencePieceProcessor(model_file=str(source_spm))
            self.target = (
                self.source
                if target_spm == source_spm
                else sentencepiece.SentencePieceProcessor(model_file=str(target_spm))
            )
        except (RuntimeError, OSError, ValueError) as error:
            raise TranslationError(f"Cannot load the translation model in {folder.name}: {error}") from None
        self.vocabulary = _vocabulary(folder)

    def run(self, batch: list[list[str]], prefix: list[str] | None, extra: Sequence[str] = ()) -> list[str]:
        """Translate tokenised sentences (with PREFIX forced at the start of each output) into texts."""
        longest = max(len(pieces) for pieces in batch)
        options: dict[str, Any] = {"beam_size": 2, "max_decoding_length": min(1024, 2 * longest + 16)}
        if prefix:
            options["target_prefix"] = [prefix] * len(batch)
        try:
            results = self.translator.translate_batch(batch, **options)
        except (RuntimeError, ValueError) as error:
            raise TranslationError(f"The local translation model failed: {error}") from None
        drop = SPECIAL | set(prefix or ()) | set(extra)
        return [self.target.decode([t for t in result.hypotheses[0] if t not in drop]) for result in results]


def sentences(line: str) -> list[str]:
    """LINE cut into sentences (the models are trained on sentences, and long inputs degrade)."""
    return [part for part in _SENTENCE_END.split(line.strip()) if part]


class CTranslate2:
    name = "ctranslate2"

    def __init__(self, model_dir: str | Path) -> None:
        self.folder = Path(model_dir).expanduser()
        self._models: dict[str, _Model] = {}
        self._lock = threading.Lock()

    # Layout ---------------------------------------------------------------------------------------
    def _nllb_spm(self) -> Path | None:
        if not (self.folder / "model.bin").exists():
            return None
        for name in NLLB_SENTENCEPIECE:
            if (self.folder / name).exists():
                return self.folder / name
        raise TranslationError(
            f"The model folder {self.folder.name} has a model.bin but no sentencepiece model "
            f"({' or '.join(NLLB_SENTENCEPIECE)}); copy it from the original model."
        )

    def pairs(self) -> list[str]:
        """The OPUS-MT pairs of the folder, such as az-en."""
        if not self.folder.is_dir():
            raise TranslationError(f"The translation model folder {self.folder} does not exist.")
        return sorted(
            child.name
            for child in self.folder.iterdir()
            if child.is_dir() and "-" in child.name and (child / "model.bin").exists()
        )

    def _load(self, key: str) -> _Model:
        with self._lock:
            if key not in self._models:
                if key == "nllb":
                    spm = self._nllb_spm()
                    assert spm is not None
                    self._models[key] = _Model(self.folder, spm, spm)
                else:
                    folder = self.folder / key
                    for name in ("source.spm", "target.spm"):
                        if not (folder / name).exists():
                            raise TranslationError(f"The model folder {self.folder.name}/{key} has no {name}.")
                    self._models[key] = _Model(folder, folder / "source.spm", folder / "target.spm")
            return self._models[key]

    def route(self, source: str, target: str) -> list[str]:
        """The models to use in turn: ["nllb"], [pair] or [source-en, en-target]."""
        if not self.folder.is_dir():
            raise TranslationError(f"The translation model folder {self.folder} does not exist.")
        if self._nllb_spm() is not None:
            return ["nllb"]
        pairs = set(self.pairs())
        if f"{source}-{target}" in pairs:
            return [f"{source}-{target}"]
        through = [f"{source}-{PIVOT}", f"{PIVOT}-{target}"]
        if PIVOT not in (source, target) and all(pair in pairs for pair in through):
            return through
        raise TranslationError(
            f"The model folder {self.folder.name} has no model for {source}→{target} "
            f"(pairs: {', '.join(sorted(pairs)) or 'none'}; NLLB needs model.bin and sentencepiece.bpe.model)."
        )

    # Translation ----------------------------------------------------------------------------------
    def _nllb(self, model: _Model, texts: list[str], source: str, target: str) -> list[str]:
        source_code, target_code = NLLB_CODES[source], NLLB_CODES[target]
        if model.vocabulary is not None:
            for code in (source_code, target_code):
                if code not in model.vocabulary:
                    raise TranslationError(f"The model in {self.folder.name} does not know the language {code}.")
        batch = [[source_code, *model.source.encode(text, out_type=str), "</s>"] for text in texts]
        return model.run(batch, [target_code], extra=tuple(NLLB_CODES.values()))

    def _pair(self, model: _Model, texts: list[str]) -> list[str]:
        return model.run([[*model.source.encode(text, out_type=str), "</s>"] for text in texts], None)

    def translate(
        self, text: str, source: str, target: str, glossary: Sequence[GlossaryRendering] = ()
    ) -> MachineResult:
        check_languages(source, target)
        route = self.route(source, target)
        protected, renderings = protect(text, glossary)
        lines = protected.split("\n")
        # All sentences in one batch per model; the author's line breaks stay where they were.
        outputs = [sentence for line in lines for sentence in sentences(line)]
        if outputs:
            if route == ["nllb"]:
                outputs = self._nllb(self._load("nllb"), outputs, source, target)
            else:
                for pair in route:
                    outputs = self._pair(self._load(pair), outputs)
        translated_sentences = iter(outputs)
        joined = "\n".join(" ".join(next(translated_sentences) for _ in sentences(line)) for line in lines)
        translated = restore(joined, renderings).strip()
        if not translated and text.strip():
            raise TranslationError(f"The model in {self.folder.name} produced an empty translation.")
        model_name = self.folder.name if route == ["nllb"] else f"{self.folder.name}/{'+'.join(route)}"
        return MachineResult(
            text=translated, backend=self.name, model=model_name, pivot=PIVOT if len(route) == 2 else None
        )

    def check(self) -> str:
        _import()
        if not self.folder.is_dir():
            raise TranslationError(f"The translation model folder {self.folder} does not exist.")
        if self._nllb_spm() is not None:
            self._load("nllb")
            return f"ok: NLLB model {self.folder.name} loaded"
        pairs = self.pairs()
        if not pairs:
            raise TranslationError(
                f"The model folder {self.folder.name} holds neither an NLLB model nor OPUS-MT pair folders."
            )
        for pair in pairs:
            self._load(pair)
        return f"ok: OPUS-MT pairs in {self.folder.name}: {', '.join(pairs)} (others through English)"
