"""In a totals-only dialogue a participant's join is published only with the next batch of votes: until
then the record knows no such member, so they cannot be made a translator (the grant would not replay)."""

from __future__ import annotations

import io

import pytest
from django.utils import translation

from parley.dialogues import tallies
from parley.dialogues.access import ActionError
from parley.dialogues.models import Dialogue, Membership
from parley.ledger.models import RecordEntry
from parley.publicrecord.export import export_bundle
from parley.record.verifier import verify_bundle
from parley.testing.personas import build_world, join
from parley.translations import actions
from parley.translations.models import Translator

pytestmark = pytest.mark.django_db


def verifies(dialogue: Dialogue) -> bool:
    bundle = io.BytesIO()
    export_bundle(Dialogue.objects.get(pk=dialogue.pk), bundle)
    report = verify_bundle(io.BytesIO(bundle.getvalue()))
    return bool(report.ok)


def test_a_participant_whose_join_waits_for_a_batch_is_not_made_a_translator_until_it_is_published():
    world = build_world("waiting-talks", vote_visibility=Dialogue.VoteVisibility.AGGREGATE)
    newcomer = join(world.members["aynur"], world.side_a, "Newcomer")
    assert Membership.objects.get(pk=newcomer.pk).join_waiting
    entries = RecordEntry.objects.filter(dialogue=world.dialogue).count()

    with pytest.raises(ActionError, match="joining is not published yet") as refused:
        actions.do_grant_translator(world.members["aynur"], newcomer.pk, ["az", "hy"])
    assert refused.value.field == "member"
    assert not Translator.objects.filter(membership=newcomer).exists()
    assert RecordEntry.objects.filter(dialogue=world.dialogue).count() == entries
    with translation.override("ru"), pytest.raises(ActionError, match="ещё не опубликовано"):
        actions.do_grant_translator(world.members["aynur"], newcomer.pk, ["az", "hy"])

    # The next batch publishes the join (here the final one, which publishes joins with no vote waiting).
    assert tallies.do_seal_batch(world.dialogue.pk, final=True) is not None
    assert not Membership.objects.get(pk=newcomer.pk).join_waiting
    granted = actions.do_grant_translator(world.members["aynur"], newcomer.pk, ["az", "hy"])
    assert granted.membership_id == newcomer.pk
    assert verifies(world.dialogue)
