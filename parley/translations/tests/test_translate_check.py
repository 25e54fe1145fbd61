"""`parley translate --check`: the configured backend translates a fixed sentence, or the
operator learns why not (exit 1)."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from parley.cli import main
from parley.lang.translate.tests.fake_servers import serve
from parley.translations.cli import CHECK_SENTENCES


def run(*args):
    return CliRunner().invoke(main, ["translate", *args])


def test_check_translates_a_fixed_sentence_and_names_the_backend(settings):
    with serve("openai") as fake:
        settings.TRANSLATION_BACKEND = "openai"
        settings.TRANSLATION_URL = fake.url + "/v1"
        settings.TRANSLATION_MODEL = "tiny-chat"
        result = run("--check", "--source", "ru", "--target", "az")
    assert result.exit_code == 0, result.output
    assert "backend: openai" in result.output and "model:   tiny-chat" in result.output
    assert f"az: <translated> {CHECK_SENTENCES['ru']}" in result.output


def test_check_fails_with_the_reason_when_the_server_refuses(settings):
    with serve("libretranslate") as fake:
        settings.TRANSLATION_BACKEND = "libretranslate"
        settings.TRANSLATION_URL = fake.url
        fake.languages = ["en"]
        result = run("--check")
    assert result.exit_code == 1
    assert "Machine translation failed (libretranslate)" in result.output and "knows too few" in result.output
    assert "Traceback" not in result.output


@pytest.mark.parametrize(("backend", "message"), [("none", "Machine translation is off"), ("deepl", "Unknown")])
def test_check_says_when_translation_is_off_or_misconfigured(settings, backend, message):
    settings.TRANSLATION_BACKEND = backend
    result = run("--check")
    assert result.exit_code == 1 and message in result.output


def test_the_demo_backend_says_it_does_not_translate(settings):
    settings.TRANSLATION_BACKEND = "demo"
    result = run("--check")
    assert result.exit_code == 0
    assert "[demo machine translation az→hy]" in result.output and "translates nothing" in result.output


def test_translate_without_check_is_a_usage_error():
    assert run().exit_code == 2
