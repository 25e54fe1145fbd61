"""API views answer JSON because they are API views, not because of the path they are reached by."""

import json

import pytest
from django.test import RequestFactory

from parley.dialogues import api

pytestmark = pytest.mark.django_db


def test_the_dialogue_list_api_answers_json_at_any_path(world):
    response = api.dialogue_list(RequestFactory().get("/not-under-api/"))
    assert response["Content-Type"] == "application/json"
    slugs = [row["slug"] for row in json.loads(response.content)["dialogues"]]
    assert world.dialogue.slug in slugs


def test_the_api_keeps_text_in_its_own_letters():
    response = api.api_response({"title": "Диалог"})
    assert "Диалог".encode() in response.content
