"""The JSON API's endpoints are views of their own, built by explicit serialisers, not a path trick.

Each page and its API twin are mounted here at swapped addresses (the page under `/api/`, the API
under `/d/`): the page still renders HTML and the API still answers JSON, so neither looks at the
path. And every top-level field an endpoint answers is named in its row of docs/api.md.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.test import Client
from django.urls import path, reverse

from parley import urls as parley_urls
from parley.joint import api as joint_api
from parley.joint import views as joint_views
from parley.meetings import api as meetings_api
from parley.meetings import views as meetings_views
from parley.moderation import api as moderation_api
from parley.moderation import views as moderation_views
from parley.notifications import api as notifications_api
from parley.notifications import views as notifications_views
from parley.proposals import api as governance_api
from parley.proposals import glossary_views
from parley.proposals import views as governance_views
from parley.translations import api as translations_api
from parley.translations import views as translations_views

pytestmark = [pytest.mark.django_db, pytest.mark.urls(__name__)]

API_DOCS = Path(__file__).resolve().parent.parent / "docs" / "api.md"

# name: (the page's view, the API's view, the API's address after /api/v1/dialogues/<slug>/, who asks)
ENDPOINTS = {
    "proposals": (governance_views.proposals_page, governance_api.proposals, "proposals/", "anonymous"),
    "glossary": (glossary_views.glossary_page, governance_api.glossary, "glossary/", "anonymous"),
    "moderation": (moderation_views.moderation_page, moderation_api.moderation, "moderation/", "anonymous"),
    "joint": (joint_views.joint_list, joint_api.joint_list, "joint/", "anonymous"),
    "translations": (translations_views.queue_page, translations_api.translation_queue, "translations/", "aynur"),
    "awaiting": (notifications_views.awaiting_page, notifications_api.awaiting_api, "awaiting/", "gayane"),
    "meetings": (meetings_views.meeting_list, meetings_api.meeting_list, "meetings/", "anonymous"),
}

urlpatterns = [
    *[path(f"api/v1/page/<slug:slug>/{name}/", views[0]) for name, views in ENDPOINTS.items()],
    *[path(f"d/<slug:slug>/json/{name}/", views[1]) for name, views in ENDPOINTS.items()],
    *parley_urls.urlpatterns,
]
handler404 = parley_urls.handler404
handler403 = parley_urls.handler403


def visitor(world, who):
    return Client() if who == "anonymous" else world.client(who)


def documented_fields(endpoint: str) -> set[str]:
    """The names in code spans of the answer cell of ENDPOINT's row in docs/api.md."""
    for line in API_DOCS.read_text(encoding="utf-8").splitlines():
        if line.startswith(f"| `GET /api/v1/dialogues/<slug>/{endpoint}` |"):
            answer = line.split("|")[2]
            return {name for span in re.findall(r"`([^`]*)`", answer) for name in re.findall(r"[a-z_]+", span)}
    raise AssertionError(f"docs/api.md has no row for /api/v1/dialogues/<slug>/{endpoint}")


@pytest.mark.parametrize("name", ENDPOINTS)
def test_a_page_renders_html_even_at_an_api_address(world, name):
    response = visitor(world, ENDPOINTS[name][3]).get(f"/api/v1/page/{world.dialogue.slug}/{name}/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    assert response.content.decode().lstrip().lower().startswith("<!doctype html")


@pytest.mark.parametrize("name", ENDPOINTS)
def test_an_api_view_answers_json_even_at_a_page_address(world, name):
    response = visitor(world, ENDPOINTS[name][3]).get(f"/d/{world.dialogue.slug}/json/{name}/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.json()["dialogue"]["slug"] == world.dialogue.slug


@pytest.mark.parametrize("name", ENDPOINTS)
def test_every_field_an_endpoint_answers_is_named_in_the_api_docs(world, name):
    _page, _api, address, who = ENDPOINTS[name]
    answer = visitor(world, who).get(f"/api/v1/dialogues/{world.dialogue.slug}/{address}").json()
    assert set(answer) <= documented_fields(address)


def test_the_joint_statement_endpoint_answers_json_with_its_documented_fields(world):
    from parley.joint.tests.joint_setup import drafted

    joint = drafted(world)
    answer = Client().get(reverse("api:api_joint", args=[world.dialogue.slug, joint.pk]))
    assert answer["Content-Type"] == "application/json"
    assert set(answer.json()) == {"dialogue", "joint"} <= documented_fields("joint/<id>/")
    assert set(answer.json()["joint"]) >= {"title", "titles", "state", "version", "clauses"}
    page = Client().get(reverse("joint:detail", args=[world.dialogue.slug, joint.pk]))
    assert page["Content-Type"].startswith("text/html")


def test_the_meeting_endpoint_answers_json_with_its_documented_fields(world):
    from parley.meetings.tests.meeting_setup import with_statements

    meeting, _made = with_statements(world)
    answer = world.client("farid").get(reverse("api:api_meeting", args=[world.dialogue.slug, meeting.pk]))
    assert answer["Content-Type"] == "application/json"
    assert set(answer.json()) <= documented_fields("meetings/<id>/")
    assert len(answer.json()["results"]) == 2
