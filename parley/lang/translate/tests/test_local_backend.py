"""The CTranslate2 backend on tiny models made here: NLLB-style target prefixes, OPUS-MT pairs
through English, glossary placeholders, and clear errors for a folder that cannot work."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest

from parley.lang.translate import GlossaryRendering, TranslationError, load_backend
from parley.lang.translate.tests.tiny_models import nllb_folder, opus_folder


class Spy:
    """Stands between the backend and a real ctranslate2.Translator, noting what it was asked."""

    def __init__(self, translator):
        self.translator = translator
        self.calls = []

    def translate_batch(self, batch, **options):
        self.calls.append((batch, options))
        results = self.translator.translate_batch(batch, **options)
        self.hypotheses = [r.hypotheses[0] for r in results]
        return results


@pytest.fixture(scope="module")
def models(tmp_path_factory):
    root = tmp_path_factory.mktemp("models")
    return {"nllb": nllb_folder(root), "opus": opus_folder(root)}


def local(folder: Path) -> Any:
    return load_backend({"backend": "ctranslate2", "model_dir": str(folder)})


def spied(backend, key):
    model = backend._load(key)
    model.translator = Spy(model.translator)
    return model.translator


def test_an_nllb_folder_starts_the_input_with_the_source_code_and_forces_the_target_code(models):
    backend = local(models["nllb"])
    spy = spied(backend, "nllb")
    result = backend.translate("Çaylar bizim ümumi sərvətimizdir.", "az", "hy")
    ((batch, options),) = spy.calls
    assert batch[0][0] == "azj_Latn" and batch[0][-1] == "</s>" and len(batch[0]) > 3
    assert options["target_prefix"] == [["hye_Armn"]]
    assert spy.hypotheses[0][0] == "hye_Armn"  # the model wrote after the forced code...
    assert result.text and "hye_Armn" not in result.text  # ...which the reader never sees
    assert (result.backend, result.model, result.pivot) == ("ctranslate2", "nllb-tiny", None)


def test_nllb_translates_every_sentence_in_one_batch_and_keeps_the_line_breaks(models):
    backend = local(models["nllb"])
    spy = spied(backend, "nllb")
    result = backend.translate("Реки — наше общее богатство. Переход открыт!\n\nThe border crossing.", "ru", "az")
    ((batch, options),) = spy.calls
    assert len(batch) == 3 and options["target_prefix"] == [["azj_Latn"]] * 3
    assert [pieces[0] for pieces in batch] == ["rus_Cyrl"] * 3
    assert result.text.count("\n") == 2


def test_opus_pairs_pivot_through_english_and_the_result_says_so(models):
    backend = local(models["opus"])
    first, second = spied(backend, "az-en"), spied(backend, "en-hy")
    result = backend.translate("Sərhəd keçidi yenidən açılmalıdır.", "az", "hy")
    assert len(first.calls) == len(second.calls) == 1
    assert "target_prefix" not in first.calls[0][1]
    # What English model wrote is what the Armenian model read.
    english = backend._load("az-en").target.decode(first.hypotheses[0])
    assert second.calls[0][0][0][:-1] == backend._load("en-hy").source.encode(english, out_type=str)
    assert (result.backend, result.model, result.pivot) == ("ctranslate2", "opus-tiny/az-en+en-hy", "en")


def test_a_direct_pair_needs_no_pivot(models):
    result = local(models["opus"]).translate("Rivers are our common wealth.", "en", "ru")
    assert (result.model, result.pivot) == ("opus-tiny/en-ru", None)


def test_glossary_terms_reach_the_local_model_as_placeholders(models):
    backend = local(models["nllb"])
    spy = spied(backend, "nllb")
    backend.translate("Sərhəd keçidi açılmalıdır.", "az", "hy", [GlossaryRendering("sərhəd keçidi", "անցակետ")])
    pieces = "".join(spy.calls[0][0][0])
    assert "ZQ0" in pieces and "keçid" not in pieces


def test_a_pair_the_folder_cannot_make_is_named_with_what_it_has(models):
    backend = local(models["opus"])
    with pytest.raises(TranslationError, match=r"no model for hy→az \(pairs: az-en, en-hy, en-ru"):
        backend.translate("Բարեւ։", "hy", "az")


def test_a_missing_folder_or_sentencepiece_model_is_a_clear_error(models, tmp_path):
    with pytest.raises(TranslationError, match="does not exist"):
        local(tmp_path / "nowhere").check()
    (tmp_path / "model.bin").write_bytes(b"")
    with pytest.raises(TranslationError, match="no sentencepiece model"):
        local(tmp_path).translate("Salam.", "az", "hy")


def test_check_loads_the_models_and_says_what_it_found(models):
    assert local(models["nllb"]).check() == ("ok: NLLB model nllb-tiny loaded")
    assert "az-en, en-hy, en-ru" in local(models["opus"]).check()


def test_without_the_local_extra_the_error_says_what_to_install(models, monkeypatch):
    monkeypatch.setitem(sys.modules, "ctranslate2", None)
    with pytest.raises(TranslationError, match=r"pip install 'parley\[translate-local\]'"):
        local(models["nllb"]).translate("Salam.", "az", "hy")
