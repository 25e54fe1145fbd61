"""Test set-up shared by every test: a private data folder, compiled translations, fast hashing."""

from __future__ import annotations

import os
import tempfile

# Settings read the environment at import: point them at a throw-away data folder first.
os.environ["PARLEY_DATA_DIR"] = tempfile.mkdtemp(prefix="parley-test-")
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs an event loop

import pytest
from hypothesis import settings as hypothesis_settings

from parley.i18n import compile_messages

compile_messages()

# On CI every run tries the same examples, so main stays green or red for a reason; a developer's
# runs keep exploring new ones (and a failure prints the example to add as a fixed case).
hypothesis_settings.register_profile("ci", derandomize=True)
if os.environ.get("CI"):
    hypothesis_settings.load_profile("ci")

pytest_plugins = ["parley.testing.personas"]


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # Argon2 is the production hasher (tested in test_security); tests need not pay for it.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _english_between_tests():
    # A request in another language leaves it active in the thread: each test starts in English.
    from django.utils import translation

    yield
    translation.activate("en")
