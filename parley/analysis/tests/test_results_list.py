"""The results page's list of every statement: one line each until opened, filtered and paginated by
plain links with GET parameters, so it reads without JavaScript."""

import re

import pytest
from django.urls import reverse

from parley.analysis.listing import PAGE_SIZE
from parley.analysis.tests.test_results_summary import evidence, stored_run, three_statements

pytestmark = pytest.mark.django_db


def listed(page: str) -> list[int]:
    """The statement ids in the page's list, in order."""
    return [int(i) for i in re.findall(r'<li class="statement-row" id="statement-(\d+)">', page)]


def get(client, world, query: str = "", **headers) -> str:
    response = client.get(reverse("dialogues:results", args=[world.dialogue.slug]) + query, **headers)
    assert response.status_code == 200
    return response.content.decode()


def test_each_statement_is_one_line_until_opened(world, client):
    rivers, _maps, _border = three_statements(world)
    page = get(client, world)
    row = page.split(f'id="statement-{rivers.pk}">')[1].split("</li>")[0]
    assert row.lstrip().startswith("<details>") and "<details open" not in row
    assert f'<summary><span class="row-text" lang="en">{rivers.text}</span>' in row


def test_the_list_is_paginated_by_a_plain_link(world, client):
    statements = [world.statement("alice", f"Statement number {i}.") for i in range(PAGE_SIZE + 5)]
    first = get(client, world)
    assert len(listed(first)) == PAGE_SIZE
    assert '<a rel="next" href="?page=2#all-statements"' in first and "Page 1 of 2" in first
    second = get(client, world, "?page=2")
    assert len(listed(second)) == 5 and not set(listed(first)) & set(listed(second))
    assert '<a rel="prev" href="?#all-statements"' in second
    assert set(listed(first)) | set(listed(second)) == {s.pk for s in statements}


def test_unknown_filter_or_page_values_fall_back_instead_of_failing(world, client):
    three_statements(world)
    assert len(listed(get(client, world, "?show=everything&page=abc"))) == 3
    assert len(listed(get(client, world, "?page=99"))) == 3


def test_the_filters_select_by_the_engines_verdicts_and_the_newest_first(world, client):
    rivers, maps, border = three_statements(world)
    stored_run(
        world,
        {
            rivers: evidence("common_ground", 0.7, 0.7),
            maps: evidence("common_ground", 0.95, 0.9),
            border: evidence("too_early", 0.1, 0.9, n=4),
        },
        {"common_ground": [str(maps.pk), str(rivers.pk)], "divides": [], "bridging": []},
    )
    newer = world.statement("bella", "Written after the analysis.")
    assert listed(get(client, world, "?show=common_ground")) == [maps.pk, rivers.pk]
    assert listed(get(client, world, "?show=divides")) == []
    assert listed(get(client, world, "?show=too_early")) == [border.pk, newer.pk]
    assert listed(get(client, world, "?show=newest"))[0] == newer.pk
    page = get(client, world)
    for show in ("common_ground", "divides", "too_early", "unseen", "newest"):
        assert f'<a href="?show={show}#all-statements"' in page


def test_the_page_reads_without_javascript_and_htmx_only_swaps_the_list(world, client):
    three_statements(world)
    page = get(client, world, "?show=unseen")
    # Every control of the list is a link to a URL that the server renders whole.
    assert '<a href="?show=newest#all-statements" hx-get="?show=newest"' in page
    assert '<a href="?show=unseen#all-statements" hx-get="?show=unseen" hx-target="#results-table"' in page
    assert len(listed(page)) == 3 and "<html" in page
    partial = get(client, world, "?show=newest", HTTP_HX_REQUEST="true")
    assert "<html" not in partial and partial.startswith('<div id="results-table">') and len(listed(partial)) == 3
