"""Finalising a joint statement warns where a clause does not use a term's agreed rendering."""

from __future__ import annotations

import pytest
from django.urls import reverse

from parley.joint.glossary import joint_warnings
from parley.joint.tests.joint_setup import drafted
from parley.proposals import actions
from parley.testing.personas import propose_and_approve

pytestmark = pytest.mark.django_db

# Side B's Russian speakers say "река"; both sides agreed on "водоток" (the clauses say "реку").
RIVER = {"texts": {"en": "river", "az": "çay", "hy": "գետ", "ru": "водоток"}, "sides": {"1": {"ru": "река"}}}
# The English clause says "Water data"; the agreed Russian is "сведения о воде", the clause "Данные о воде".
DATA = {"texts": {"en": "water data", "ru": "сведения о воде"}}
# Used as agreed in every language: no warning.
MONTH = {"texts": {"en": "every month", "az": "hər ay", "hy": "ամեն ամիս"}}


def adopt_terms(world) -> None:
    for data in (RIVER, DATA, MONTH):
        propose_and_approve(world.aynur, world.gayane, "glossary", data)


def test_a_sides_own_rendering_and_a_translation_that_drops_a_term_are_found(world):
    joint = drafted(world)
    adopt_terms(world)
    found = [(w["clause"], w["language"], w["kind"]) for w in joint_warnings(joint)]
    assert found == [("1", "ru", "side"), ("2", "ru", "missing")]
    [side, missing] = [w["message"] for w in joint_warnings(joint)]
    assert "“реку”" in side and "“водоток”" in side
    assert "“сведения о воде”" in missing


def test_a_text_that_uses_the_agreed_renderings_has_no_warning(world):
    joint = drafted(world)
    propose_and_approve(world.aynur, world.gayane, "glossary", MONTH)
    assert joint_warnings(joint) == []


def test_the_warnings_are_shown_when_finalising_is_proposed_and_to_the_side_that_approves(world):
    joint = drafted(world)
    adopt_terms(world)
    slug = world.dialogue.slug
    response = world.client("aynur").post(
        reverse("proposals:propose", args=[slug]), {"kind": "finalise_joint_statement", "joint": joint.pk}, follow=True
    )
    assert "водоток" in response.content.decode()
    page = world.client("gayane").get(reverse("proposals:proposals", args=[slug])).content.decode()
    assert "Glossary check" in page and "сведения о воде" in page
    detail = world.client("gayane").get(reverse("joint:detail", args=[slug, joint.pk])).content.decode()
    assert 'id="glossary-check"' in detail


def test_warnings_do_not_stop_both_sides_from_finalising(world):
    joint = drafted(world)
    adopt_terms(world)
    made = actions.do_propose(world.aynur, "finalise_joint_statement", {"joint": joint.pk})
    actions.do_approve_proposal(world.gayane, made.proposal.pk)
    joint.refresh_from_db()
    assert joint.state == "final"
