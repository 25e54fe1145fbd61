"""The author's cases on their "My votes" page are read by the view in a fixed number of queries."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from parley.moderation import actions as moderation

pytestmark = pytest.mark.django_db


def my_votes_queries(world, client):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse("dialogues:my_votes", args=[world.dialogue.slug]))
    assert response.status_code == 200
    return len(captured), response.content.decode()


def hold_statements(world, count, start):
    for n in range(start, start + count):
        held = world.statement("bella", f"Statement number {n} that the moderators hold for review.")
        moderation.do_hold(world.elvin, held.pk, "insult", f"Held number {n}")


def test_the_my_votes_page_reads_one_case_and_ten_cases_in_as_many_queries(world):
    client = world.client("bella")
    hold_statements(world, 1, 0)
    client.get(reverse("dialogues:my_votes", args=[world.dialogue.slug]))
    one, page = my_votes_queries(world, client)
    assert "Held number 0" in page
    hold_statements(world, 9, 1)
    ten, page = my_votes_queries(world, client)
    assert all(f"Held number {n}" in page for n in range(10))
    assert ten == one


def test_the_cases_tag_formats_what_the_view_read_and_queries_nothing(world):
    from django.template import Context, Template

    hold_statements(world, 1, 0)
    from parley.moderation.queries import author_cases

    cases = author_cases(world.bella, "en")
    template = Template("{% load moderation_tags %}{% my_moderated_statements cases slug %}")
    with CaptureQueriesContext(connection) as captured:
        html = template.render(Context({"cases": cases, "slug": world.dialogue.slug}))
    assert "Held number 0" in html
    assert len(captured) == 0
