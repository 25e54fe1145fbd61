"""Free texts of the two sides are marked with the language they are written in, on every page."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from parley.joint import actions as joint_actions
from parley.joint.tests.joint_setup import common_ground
from parley.moderation import actions as moderation
from parley.proposals import actions as governance

pytestmark = pytest.mark.django_db

ARMENIAN_REASON = "Հայտարարությունը վիրավորում է մյուս կողմին։"


def russian_page(world, who, name, *args):
    client = world.client(who) if who else Client()
    client.cookies["django_language"] = "ru"
    return client.get(reverse(name, args=[world.dialogue.slug, *args])).content.decode()


def test_a_hold_reason_carries_the_language_it_is_written_in(world):
    rude = world.statement("bella", "The other side are all liars and thieves.")
    moderation.do_hold(world.lilit, rude.pk, "insult", ARMENIAN_REASON)
    for page in (
        russian_page(world, None, "moderation:log"),
        russian_page(world, "elvin", "moderation:queue"),
    ):
        # Shown through the free-text include (label and original when translated): the element
        # holding the reason names its language, whichever element that is.
        assert re.search(f'lang="hy"[^>]*>{re.escape(ARMENIAN_REASON)}<', page)


def test_a_short_reason_takes_its_writers_language(world):
    made = governance.do_propose(world.aynur, "glossary", {"texts": {"az": "sərhəd"}})
    governance.do_reject_proposal(world.gayane, made.proposal.pk, "Ոչ հիմա")
    world.gayane.refresh_from_db()
    page = russian_page(world, "aynur", "proposals:proposals")
    assert f'<span lang="{world.gayane.language}">Ոչ հիմա</span>' in page


def test_a_joint_title_shown_in_another_language_is_marked_with_it(world):
    rivers, data, _border = common_ground(world)
    joint = joint_actions.do_start_joint(world.aynur, {"hy": "Ընդհանուր գետի մասին"}, [rivers.pk, data.pk])
    assert '<h1 lang="hy">Ընդհանուր գետի մասին</h1>' in russian_page(world, None, "joint:detail", joint.pk)
    assert '<span lang="hy">Ընդհանուր գետի մասին</span>' in russian_page(world, None, "joint:list")


def test_a_dialogue_description_in_english_only_is_marked_english_on_a_russian_page(world):
    page = russian_page(world, None, "dialogues:detail")
    assert '<h1 lang="ru">Разговоры о реке</h1>' in page
    assert '<p class="lead" lang="en">Shared rivers.</p>' in page


def test_a_glossary_term_shows_in_the_language_it_has(world):
    from parley.testing.personas import propose_and_approve

    propose_and_approve(world.aynur, world.gayane, "glossary", {"texts": {"az": "ortaq su"}})
    page = russian_page(world, None, "proposals:proposals")
    # The term links to its glossary entry; the link sits inside the element that names its language.
    assert re.search(r'<dt lang="az"><a href="[^"]+">ortaq su</a></dt>', page)
