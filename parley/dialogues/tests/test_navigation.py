"""The dialogue menu each role sees (a few links, the rest under "More") and the header's "who you are"."""

import re

import pytest
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db


def menu(page: str) -> tuple[list[str], list[str]]:
    """The last path segment of each link the dialogue menu shows at once, and of each under "More"."""
    nav = re.search(r'<nav class="subnav".*?</nav>', page, re.S)
    assert nav is not None
    shown = re.search(r'<ul class="subnav-links">(.*?)</ul>', nav.group(0), re.S)
    more = re.search(r'<details class="subnav-more">(.*?)</details>', nav.group(0), re.S)

    def pages(html: str) -> list[str]:
        return [href.rstrip("/").rsplit("/", 1)[-1] for href in re.findall(r'href="([^"]+)"', html)]

    return pages(shown.group(1) if shown else ""), pages(more.group(1) if more else "")


def header(page: str) -> str:
    found = re.search(r'<header class="site-header">.*?</header>', page, re.S)
    assert found is not None
    return found.group(0)


def results_page(world, client: Client, language: str = "en") -> str:
    client.cookies["django_language"] = language
    return client.get(reverse("dialogues:results", args=[world.dialogue.slug])).content.decode()


def test_a_participant_sees_vote_results_and_my_votes_and_everything_else_under_more(world):
    shown, more = menu(results_page(world, world.client("alice")))
    assert shown == ["vote", "results", "my-votes"]
    assert more == ["write", "joint", "meetings", "proposals", "moderation", "glossary", "record"]


def test_a_co_chair_sees_their_working_links_first_and_voting_under_more(world):
    shown, more = menu(results_page(world, world.client("gayane")))
    assert shown == ["manage", "proposals", "queue"]
    assert {"vote", "write", "my-votes", "results", "sign", "translations", "record"} <= set(more)


def test_a_moderator_sees_their_queue_first(world):
    shown, more = menu(results_page(world, world.client("lilit")))
    assert shown == ["queue", "vote", "results"]
    assert "manage" not in more and "sign" not in more


def test_the_public_sees_results_joint_statements_and_the_record_and_is_offered_a_log_in(world):
    page = results_page(world, Client())
    shown, more = menu(page)
    assert shown == ["results", "joint", "record"]
    assert more == ["meetings", "proposals", "moderation", "glossary"]
    assert reverse("login") in header(page) and 'class="identity"' not in page


def test_the_page_one_is_on_is_marked_current(world):
    page = results_page(world, world.client("alice"))
    results = reverse("dialogues:results", args=[world.dialogue.slug])
    assert f'<a href="{results}" aria-current="page">' in page


def test_the_header_names_the_participant_and_their_side_and_offers_no_log_in(world):
    page = header(results_page(world, world.client("bella"), "hy"))
    assert "Bella" in page and "Բ կողմ" in page
    assert reverse("login") not in page and "Մուտք" not in page
    # This browser alone remembers Bella: she can make it forget her.
    assert reverse("dialogues:leave", args=[world.dialogue.slug]) in page


def test_the_header_names_a_participant_on_pages_outside_their_dialogue_too(world):
    page = header(world.client("alice").get(reverse("dialogues:home")).content.decode())
    assert "Alice" in page and "Side A" in page and reverse("login") not in page


def test_the_header_names_a_co_chair_by_pseudonym_and_side_and_lets_them_log_out(world):
    page = header(results_page(world, world.client("gayane"), "ru"))
    assert "Gayane" in page and "Сторона Б" in page
    assert reverse("logout") in page and reverse("dialogues:leave", args=[world.dialogue.slug]) not in page


def test_a_participant_who_made_the_browser_forget_them_is_a_visitor_again(world):
    client = world.client("alice")
    forget = reverse("dialogues:leave", args=[world.dialogue.slug])
    assert forget in header(results_page(world, client))
    client.post(forget)
    page = header(results_page(world, client))
    assert "Alice" not in page and reverse("login") in page
