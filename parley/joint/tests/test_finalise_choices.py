"""The "finalise a joint statement" form's drafts are read by the proposals view, not a template tag."""

from __future__ import annotations

import pytest
from django.urls import reverse

from parley.joint.tests.joint_setup import drafted

pytestmark = pytest.mark.django_db


def test_the_proposals_view_gives_the_finalise_form_its_drafts_and_the_form_lists_them(world):
    joint = drafted(world)
    response = world.client("aynur").get(reverse("proposals:proposals", args=[world.dialogue.slug]))
    assert [j.pk for j in response.context["joint_drafts"]] == [joint.pk]
    assert f'<select name="joint"><option value="{joint.pk}">' in response.content.decode()


def test_without_a_draft_the_finalise_form_says_so(world):
    response = world.client("aynur").get(reverse("proposals:proposals", args=[world.dialogue.slug]))
    assert response.context["joint_drafts"] == []
    assert "No joint statement is being drafted." in response.content.decode()
