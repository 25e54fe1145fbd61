"""Glossary marks: the terms are read once per request outside the template tag, which only formats."""

from __future__ import annotations

import pytest
from django.db import connection
from django.template import Context, Template
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from parley.proposals.glossary_queries import page_glossary
from parley.proposals.tests.test_glossary import adopt

pytestmark = pytest.mark.django_db


def test_the_glossary_tag_marks_a_term_from_the_terms_it_is_given_and_queries_nothing(world):
    term = adopt(world)
    given = page_glossary(world.dialogue)
    template = Template("{% load proposals_tags %}{% glossary_marked text 'en' %}")
    context = Context({"dialogue": {"slug": world.dialogue.slug}, "page_glossary": given, "text": "The border."})
    with CaptureQueriesContext(connection) as captured:
        html = template.render(context)
    assert f'#term-{term.pk}" lang="en"' in html and '<span lang="en">border</span></a>.' in html
    assert len(captured) == 0


def results_page_queries(world):
    with CaptureQueriesContext(connection) as captured:
        html = Client().get(reverse("dialogues:results", args=[world.dialogue.slug])).content.decode()
    terms = [q for q in captured.captured_queries if "governance_glossaryterm" in q["sql"]]
    return len(captured), len(terms), html


def test_the_results_page_reads_the_terms_once_for_one_statement_and_for_ten(world):
    adopt(world)
    world.statement("bella", "Statement 0 about the border.")
    one, terms_one, html = results_page_queries(world)
    assert html.count('class="glossary-term"') == 1
    for n in range(1, 10):
        world.statement("bella", f"Statement {n} about the border.")
    ten, terms_ten, html = results_page_queries(world)
    assert html.count('class="glossary-term"') == 10
    assert (terms_one, terms_ten) == (1, 1)
    assert ten == one
