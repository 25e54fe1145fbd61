"""Texts both sides adopt in some languages only, the moderation policy and a joint statement's title,
are machine-translated into the others and shown to readers with the label and the original."""

from __future__ import annotations

import pytest
from django.utils import translation

from parley.joint import actions as joint_actions
from parley.joint.tests.joint_setup import common_ground
from parley.record.replay import replay
from parley.testing.personas import propose_and_approve
from parley.translations import text_actions
from parley.translations.models import TextTranslation
from parley.translations.tests.test_workflow import bundle_files, entries_of
from parley.translations.text_tasks import translate_text
from parley.translations.texts import JOINT_TITLE, POLICY_TEXT

pytestmark = pytest.mark.django_db

AZ_POLICY = "Hörmətlə danışın."


@pytest.fixture(autouse=True)
def _reset_language():
    """A page read in Armenian leaves the thread's language active: later tests expect none."""
    yield
    translation.deactivate()


def test_the_moderation_policy_written_in_azerbaijani_is_translated_for_an_armenian_reader(world, libre):
    proposal = propose_and_approve(world.aynur, world.gayane, "moderation_policy", {"texts": {"az": AZ_POLICY}})
    assert translate_text.call(POLICY_TEXT, proposal.pk, "hy") == "translated"
    assert translate_text.call(POLICY_TEXT, proposal.pk, "az") == "already in that language"
    html = world.client("gayane").get(f"/d/{world.dialogue.slug}/moderation/", HTTP_ACCEPT_LANGUAGE="hy").content
    page = html.decode()
    assert f'lang="hy">&lt;hy&gt; {AZ_POLICY}' in page and "LibreTranslate" in page
    assert f'lang="az">{AZ_POLICY}' in page
    # A new policy is a new text: the earlier one's translation is not offered any more.
    newer = propose_and_approve(world.aynur, world.gayane, "moderation_policy", {"texts": {"az": "Yeni."}})
    assert translate_text.call(POLICY_TEXT, proposal.pk, "hy") == "no such text"
    assert translate_text.call(POLICY_TEXT, newer.pk, "hy") == "translated"
    replay(entries_of(world))


def test_a_joint_title_in_two_languages_is_translated_into_the_others_and_corrected_by_a_translator(translators, libre):
    world = translators
    rivers, data, _border = common_ground(world)
    joint = joint_actions.do_start_joint(world.aynur, {"az": "Ortaq çay haqqında"}, [rivers.pk, data.pk])
    assert translate_text.call(JOINT_TITLE, joint.pk, "hy") == "translated"
    text_actions.do_propose_text_translation(world.bashir, JOINT_TITLE, joint.pk, "hy", "Ընդհանուր գետի մասին")
    text_actions.do_review_text_translation(world.aysel, JOINT_TITLE, joint.pk, "hy")
    row = TextTranslation.objects.get(kind=JOINT_TITLE, object_id=joint.pk, language="hy")
    assert (row.status, row.source_language) == ("reviewed", "az")
    page = world.client("gayane").get(f"/d/{world.dialogue.slug}/joint/{joint.pk}/", HTTP_ACCEPT_LANGUAGE="hy")
    html = page.content.decode()
    assert 'lang="hy">Ընդհանուր գետի մասին' in html and 'lang="az">Ortaq çay haqqında' in html
    state = replay(entries_of(world))
    assert state.translations.texts[(JOINT_TITLE, joint.pk, "hy")].status == "reviewed"
    bundle_files(world)
