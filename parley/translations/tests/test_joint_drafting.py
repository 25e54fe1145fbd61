"""A joint statement drafted from common ground takes only renderings nobody disputes."""

from __future__ import annotations

import pytest

from parley.joint import actions as joint_actions
from parley.joint.models import JointStatement
from parley.joint.tests.joint_setup import RIVERS, TITLE, common_ground
from parley.translations import actions

pytestmark = pytest.mark.django_db


def test_a_disputed_translation_stays_out_of_a_drafted_clause(world):
    rivers, data, _border = common_ground(world)
    actions.do_grant_translator(world.aynur, world.aysel.pk, ["az", "en"])
    actions.do_dispute_translation(world.aysel, rivers.pk, "az", "“saxlayır” should be “qoruyur”.")
    joint = joint_actions.do_start_joint(world.aynur, TITLE, [rivers.pk, data.pk])
    clause = JointStatement.objects.get(pk=joint.pk).versions.get().clauses[0]
    assert "az" not in clause["texts"] and clause["texts"]["ru"] == RIVERS["ru"]
