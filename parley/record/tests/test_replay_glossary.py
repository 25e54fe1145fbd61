"""Replaying adopted glossary terms: entries with side renderings, and entries made before them."""

import pytest

from parley.record.replay import ReplayError, replay
from parley.record.tests.records import build_record, parsed

CREATED = parsed(build_record().entries)[:1]


def adopted(seq: int, payload: dict) -> dict:
    return {"seq": seq, "time": "2026-04-01T00:00:00.000000Z", "type": "glossary.adopted", "payload": payload}


def test_a_term_replays_with_its_neutral_and_its_sides_renderings():
    entry = adopted(
        2,
        {
            "term": 7,
            "texts": {"en": "the border"},
            "sides": {"AM": {"hy": "սահման"}, "AZ": {"az": "sərhəd"}},
            "note": {"en": "Where the line runs."},
            "proposal": 3,
        },
    )
    term = replay([*CREATED, entry]).glossary[7]
    assert (term.seq, term.texts, term.note) == (2, {"en": "the border"}, {"en": "Where the line runs."})
    assert term.sides == {"AM": {"hy": "սահման"}, "AZ": {"az": "sərhəd"}}


def test_a_term_adopted_before_side_renderings_existed_still_replays():
    entry = adopted(2, {"term": 1, "texts": {"en": "missing persons"}, "note": {}, "proposal": 1})
    assert replay([*CREATED, entry]).glossary[1].sides == {}


def test_a_side_rendering_of_a_side_the_dialogue_lacks_is_refused():
    entry = adopted(2, {"term": 1, "texts": {"en": "x"}, "sides": {"XX": {"en": "y"}}, "note": {}, "proposal": 1})
    with pytest.raises(ReplayError, match="not a side"):
        replay([*CREATED, entry])
