"""Django's own messages read right in Armenian: Parley ships corrections of Django's hy catalog."""

from __future__ import annotations

import pytest
from django.urls import reverse

from parley.dialogues.tests.test_joining import new_invite
from parley.i18n import DJANGO_LOCALE_DIR, compile_messages

pytestmark = pytest.mark.django_db


def armenian_post(client, url, data):
    client.cookies["django_language"] = "hy"
    return client.post(url, data).content.decode()


def test_a_weak_password_is_explained_in_armenian(world, client):
    token = new_invite(world, role="organizer")
    page = armenian_post(
        client,
        reverse("dialogues:join", args=[token]),
        {
            "handle": "Weak",
            "language": "hy",
            "account-username": "weak",
            "account-password": "83920",
            "account-password2": "83920",
        },
    )
    assert "Գաղտնաբառը շատ կարճ է։ Այն պետք է պարունակի ամենաքիչը 10 նիշ։" in page
    assert "too short" not in page


def test_a_pseudonym_that_is_too_long_is_said_to_be_at_most_forty_characters(world, client):
    page = armenian_post(
        client, reverse("dialogues:join", args=[new_invite(world)]), {"handle": "x" * 41, "language": "hy"}
    )
    assert "ամենաշատը 40 նիշ (այն պարունակում է 41)" in page
    assert "ամենաքիչը 40" not in page  # Django's hy says "at least" here


def test_the_corrections_are_compiled_with_parleys_own_catalogs():
    compile_messages(force=True)
    assert (DJANGO_LOCALE_DIR / "hy" / "LC_MESSAGES" / "django.mo").is_file()
