"""Readers see labels in their language in place of the codes Parley records."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation

from parley.checkpoints import signing
from parley.dialogues import codes

pytestmark = pytest.mark.django_db


def test_every_entry_type_the_code_records_has_a_label():
    from parley.record.entries import REGISTRY

    recorded = set(REGISTRY)
    assert recorded and recorded <= set(codes.ENTRY_TYPES)


def test_codes_read_as_labels_in_russian(world):
    with translation.override("ru"):
        assert codes.entry_type_label("statement.submitted") == "Высказывание добавлено"
        assert codes.role_label("cochair") == "Сопредседатель"
        assert codes.signer_label("server", [], "ru") == "Сервер"
        assert codes.signer_label(signing.cochair_role(world.side_b), world.dialogue.ordered_sides(), "ru") == (
            "Сопредседатель стороны «Сторона Б»"
        )
        assert codes.version_reason_label("draft") == "Первый проект"
        assert codes.version_reason_label("amendment 12 accepted") == "Поправка 12 принята"


def test_an_unknown_code_is_shown_as_it_is():
    assert codes.entry_type_label("future.thing") == "future.thing"
    assert codes.version_reason_label("merged by hand") == "merged by hand"


def test_the_record_page_names_entry_types_sides_and_roles_in_the_readers_language(world, client):
    world.statement("bella", "Shared river monitoring.")
    client.cookies["django_language"] = "ru"
    page = client.get(reverse("publicrecord:record", args=[world.dialogue.slug])).content.decode()
    assert "Участник стороны «Сторона Б» написал(а) высказывание №" in page
    assert ">statement.submitted<" not in page and "participant)" not in page
