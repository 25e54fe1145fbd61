"""Tiny CTranslate2 models made in the test: random weights, a sentencepiece model trained on a
few sentences, laid out like a deployer's NLLB-200 folder or OPUS-MT pair folders.

The weights are random, so the output is nonsense in the right alphabet of tokens; what the tests
check is the real local path: tokenising, language codes and target prefixes, pivoting, decoding.
"""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np
import pytest

ctranslate2 = pytest.importorskip("ctranslate2")
sentencepiece = pytest.importorskip("sentencepiece")

from ctranslate2.specs import TransformerSpec, model_spec  # noqa: E402

SENTENCES = [
    "Çaylar bizim ümumi sərvətimizdir.",
    "Sərhəd keçidi yenidən açılmalıdır.",
    "Գետերը մեր ընդհանուր հարստությունն են։",
    "Սահմանային անցակետը պետք է վերաբացվի։",
    "Реки — наше общее богатство.",
    "Пограничный переход должен открыться снова.",
    "Rivers are our common wealth.",
    "The border crossing should reopen.",
    "ZQ0 ZQ1 ZQ2 border rivers dialogue",
]
NLLB_CODES = ["azj_Latn", "hye_Armn", "rus_Cyrl", "eng_Latn"]
DIM, FFN = 16, 32


def train_sentencepiece(path: Path, vocab_size: int = 120) -> list[str]:
    """Train a sentencepiece model on SENTENCES into PATH; return its pieces in id order."""
    model = io.BytesIO()
    sentencepiece.SentencePieceTrainer.train(
        sentence_iterator=iter(SENTENCES * 3),
        model_writer=model,
        vocab_size=vocab_size,
        hard_vocab_limit=False,
        character_coverage=1.0,
        model_type="unigram",
        minloglevel=2,
    )
    path.write_bytes(model.getvalue())
    processor = sentencepiece.SentencePieceProcessor(model_file=str(path))
    return [processor.id_to_piece(i) for i in range(processor.get_piece_size())]


def _shape(name: str, source_size: int, target_size: int) -> tuple[int, ...]:
    if name.endswith(("gamma", "beta")):
        return (DIM,)
    if name.startswith("encoder/embeddings"):
        return (source_size, DIM)
    if name.startswith(("decoder/embeddings", "decoder/projection")):
        return (target_size, DIM)
    if "/ffn/linear_0" in name:
        return (FFN, DIM)
    if "/ffn/linear_1" in name:
        return (DIM, FFN)
    if "/self_attention/linear_0" in name:
        return (3 * DIM, DIM)
    if "/attention/linear_1" in name:
        return (2 * DIM, DIM)
    return (DIM, DIM)


def save_model(folder: Path, source_vocabulary: list[str], target_vocabulary: list[str], seed: int = 0) -> None:
    """A one-layer Transformer with random weights, saved by CTranslate2 into FOLDER."""
    spec = TransformerSpec.from_config(1, 2)
    rng = np.random.default_rng(seed)
    missing: list[tuple[object, str]] = []
    model_spec.visit_spec(spec, lambda layer, name, value: missing.append((layer, name)) if value is None else None)
    for layer, name in missing:
        shape = _shape(name, len(source_vocabulary), len(target_vocabulary))
        value = np.ones(shape) if name.endswith("gamma") else rng.normal(0, 0.5, shape)
        if name.endswith("beta"):
            value = np.zeros(shape)
        setattr(layer, name.split("/")[-1], value.astype(np.float32))
    spec.register_source_vocabulary(source_vocabulary)
    spec.register_target_vocabulary(target_vocabulary)
    spec.validate()
    spec.optimize()
    folder.mkdir(parents=True, exist_ok=True)
    spec.save(str(folder))


def nllb_folder(root: Path) -> Path:
    """A folder laid out like a converted NLLB-200: model.bin, shared vocabulary with language codes,
    sentencepiece.bpe.model."""
    folder = root / "nllb-tiny"
    folder.mkdir(parents=True)
    pieces = train_sentencepiece(folder / "sentencepiece.bpe.model")
    vocabulary = pieces + NLLB_CODES
    save_model(folder, vocabulary, vocabulary)
    return folder


def opus_folder(root: Path, pairs: tuple[str, ...] = ("az-en", "en-hy", "en-ru")) -> Path:
    """A folder of OPUS-MT-like pairs, each with model.bin, source.spm and target.spm."""
    folder = root / "opus-tiny"
    for index, pair in enumerate(pairs):
        pair_folder = folder / pair
        pair_folder.mkdir(parents=True)
        source = train_sentencepiece(pair_folder / "source.spm")
        target = train_sentencepiece(pair_folder / "target.spm", vocab_size=100)
        save_model(pair_folder, source, target, seed=index)
    return folder
