"""Participant ids that Pol.is allows but Parley's pseudonyms or sorting could not take are handled."""

import pytest

from parley.dialogues.access import ActionError
from parley.dialogues.models import Dialogue, Membership
from parley.engine import VoteTable
from parley.engine.io import Dataset
from parley.publicrecord.importer import do_import_polis

pytestmark = pytest.mark.django_db


def dataset(*voters: str) -> Dataset:
    votes = VoteTable.from_records([(voter, "10", 1) for voter in voters])
    return Dataset(votes=votes, texts={"10": "Rivers first."})


def test_ids_that_would_share_a_pseudonym_are_refused_before_anything_is_written():
    with pytest.raises(ActionError, match="Participants A and a would get the same pseudonym"):
        do_import_polis(dataset("A", "a"), title="Case")
    long_id = "7" * 30
    with pytest.raises(ActionError, match="within their first 28 characters"):
        do_import_polis(dataset(long_id + "1", long_id + "2"), title="Long")
    assert not Dialogue.objects.exists()


def test_digits_that_are_not_ascii_and_very_long_numbers_sort_without_int():
    dialogue = do_import_polis(dataset("²", "12", "9" * 5000, "3"), title="Odd ids")
    handles = list(Membership.objects.filter(dialogue=dialogue).order_by("pk").values_list("handle", flat=True))
    assert handles[:2] == ["participant 3", "participant 12"]
    assert handles[3] == "participant ²"
