"""The access layers raise domain errors, and one place answers them: a page, or JSON under /api/."""

from __future__ import annotations

import json

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.test import RequestFactory

from parley import sessions
from parley.dialogues.access import access_dialogue, check_can_manage
from parley.dialogues.models import Dialogue
from parley.errors import NotAllowed, NotFound
from parley.middleware import DomainErrorMiddleware

pytestmark = pytest.mark.django_db


def _request(path: str = "/"):
    from django.contrib.auth.models import AnonymousUser

    request = RequestFactory().get(path)
    request.session = SessionStore()
    request.user = AnonymousUser()
    return request


def test_a_draft_is_not_found_by_a_stranger_as_a_domain_error(world):
    Dialogue.objects.filter(pk=world.dialogue.pk).update(status=Dialogue.Status.DRAFT)
    with pytest.raises(NotFound):
        access_dialogue(_request(), world.dialogue.slug)


def test_a_participant_managing_invitations_is_not_allowed_as_a_domain_error(world):
    with pytest.raises(NotAllowed):
        check_can_manage(world.alice)


def test_the_session_remembers_and_forgets_the_membership_a_browser_acts_as(world):
    request = _request()
    sessions.remember(request, world.dialogue.pk, world.alice.pk)
    assert sessions.membership_id(request, world.dialogue.pk) == world.alice.pk
    assert sessions.membership_ids(request) == [world.alice.pk]
    sessions.forget(request, world.dialogue.pk)
    assert sessions.membership_id(request, world.dialogue.pk) is None


def test_a_domain_error_becomes_json_under_the_api_and_a_page_elsewhere():
    middleware = DomainErrorMiddleware(lambda request: None)  # type: ignore[arg-type, return-value]
    api = middleware.process_exception(_request("/api/v1/dialogues/x/results/"), NotAllowed("no"))
    assert api is not None and api.status_code == 403 and json.loads(api.content) == {"error": "forbidden"}
    page = middleware.process_exception(_request("/d/x/"), NotFound("gone"))
    assert page is not None and page.status_code == 404 and b"<html" in page.content.lower()
    assert middleware.process_exception(_request("/d/x/"), ValueError("bug")) is None
