"""The replay of translation entries (no database): provenance and status per statement and language,
the two-sided rules checked, old records' author translations kept, translations.csv derived."""

from __future__ import annotations

from typing import Any

import pytest

from parley.record.opendata import derived_files
from parley.record.replay import ReplayError, replay
from parley.record.tests.records import PEOPLE, Record, parsed

HY = "Գետի ջուրը երկու կողմերի ընդհանուր հարստությունն է։"
AZ = "Çayın suyu hər iki tərəfin ortaq sərvətidir."


def base(translations: dict[str, str] | None = None) -> Record:
    """A dialogue, its members, and Anahit's Armenian statement 1 (with TRANSLATIONS as records once held)."""
    record = Record(sealed=True)
    record.add(
        "dialogue.created",
        {
            "title": {"en": "Water talks"},
            "description": {},
            "languages": ["az", "en", "hy", "ru"],
            "sides": [
                {"position": 0, "label": "AZ", "name": {"en": "Azerbaijan"}, "colour": "#1f77b4"},
                {"position": 1, "label": "AM", "name": {"en": "Armenia"}, "colour": "#ff7f0e"},
            ],
            "status": "open",
            "vote_visibility": "individual",
        },
        "Leyla",
    )
    for member, (handle, side, role) in enumerate(PEOPLE, start=1):
        record.add("membership.joined", {"member": member, "handle": handle, "side": side, "role": role}, handle)
    payload = {"statement": 1, "text": HY, "language": "hy", "side": "AM", "seed": False}
    record.add("statement.submitted", {**payload, "translations": translations or {}}, "Anahit")
    return record


def translated() -> Record:
    """Leyla makes Rashad (AZ) a translator; he renders statement 1 into Azerbaijani."""
    record = base()
    record.add(
        "translator.granted", {"member": 3, "handle": "Rashad", "side": "AZ", "languages": ["az", "hy"]}, "Leyla"
    )
    proposal = {"statement": 1, "language": "az", "text": AZ, "provenance": "human", "translator": 3, "side": "AZ"}
    record.add("translation.proposed", proposal, "Rashad")
    return record


def review(record: Record, member: int, side: str, actor: str, version: int | None = None) -> dict[str, Any]:
    seq = version if version is not None else len(record.entries) - 1
    return {"statement": 1, "language": "az", "version": seq, "member": member, "side": side}


def test_a_proposal_reviewed_by_the_other_side_replays_as_reviewed():
    record = translated()
    record.add("translation.reviewed", review(record, 8, "AM", "Lilit"), "Lilit")
    state = replay(parsed(record.entries), record.by_seq())
    az = state.translations.current[(1, "az")]
    assert (az.text, az.provenance, az.status, az.side, az.translator, az.reviewer) == (
        AZ,
        "human",
        "reviewed",
        "AZ",
        3,
        8,
    )
    files = derived_files(state, None)
    assert files["translations.csv"].decode().splitlines()[1].startswith("1,az,human,reviewed,AZ,3,8,,,,1,")


def test_old_records_keep_their_authors_translations_and_their_bundle_files():
    record = base({"en": "The river's water is shared."})
    state = replay(parsed(record.entries), record.by_seq())
    en = state.translations.current[(1, "en")]
    assert (en.provenance, en.status, en.text, en.side) == ("author", "proposed", "The river's water is shared.", "AM")
    assert "translations.csv" not in derived_files(state, None)


def forged(kind: str) -> Record:
    record = translated()
    if kind == "same side review":
        record.add("translation.reviewed", review(record, 7, "AZ", "Elchin"), "Elchin")
    elif kind == "review by a participant":
        record.add("translation.reviewed", review(record, 4, "AM", "Narine"), "Narine")
    elif kind == "review of an older version":
        record.add("translation.reviewed", review(record, 8, "AM", "Lilit", version=3), "Lilit")
    elif kind == "proposal by a non-translator":
        proposal = {"statement": 1, "language": "az", "text": AZ, "provenance": "human", "translator": 5, "side": "AZ"}
        record.add("translation.proposed", proposal, "Aysel")
    elif kind == "a machine over a person":
        machine = {"statement": 1, "language": "az", "text": AZ, "backend": "demo", "model": "", "pivot": None}
        record.add("translation.machine", machine)
    elif kind == "a grant by the other side":
        record.add(
            "translator.granted", {"member": 5, "handle": "Aysel", "side": "AZ", "languages": ["az", "hy"]}, "Anahit"
        )
    elif kind == "an observer made translator":
        record.add("membership.joined", {"member": 11, "handle": "Orhan", "side": "AZ", "role": "observer"}, None)
        grant = {"member": 11, "handle": "Orhan", "side": "AZ", "languages": ["az", "hy"]}
        record.add("translator.granted", grant, "Leyla")
    elif kind == "into the statement's own language":
        proposal = {"statement": 1, "language": "hy", "text": HY, "provenance": "human", "translator": 3, "side": "AZ"}
        record.add("translation.proposed", proposal, "Rashad")
    return record


@pytest.mark.parametrize(
    ("kind", "message"),
    [
        ("same side review", "reviewed by the other side"),
        ("review by a participant", "neither a translator nor a moderator"),
        ("review of an older version", "version is not the current"),
        ("proposal by a non-translator", "is not a translator of side AZ"),
        ("a machine over a person", "never replaces a person's"),
        ("a grant by the other side", "own side's co-chair"),
        ("an observer made translator", "observer, who cannot translate"),
        ("into the statement's own language", "written in hy already"),
    ],
)
def test_impossible_translation_entries_fail_the_replay_naming_the_entry(kind, message):
    record = forged(kind)
    with pytest.raises(ReplayError, match=message) as failure:
        replay(parsed(record.entries), record.by_seq())
    assert failure.value.seq == len(record.entries) - 1


def test_an_old_records_author_translation_is_reviewed_by_naming_no_version():
    record = base({"az": AZ})
    record.add(
        "translator.granted", {"member": 3, "handle": "Rashad", "side": "AZ", "languages": ["az", "hy"]}, "Leyla"
    )
    reviewed = {"statement": 1, "language": "az", "version": None, "member": 3, "side": "AZ"}
    record.add("translation.reviewed", reviewed, "Rashad")
    state = replay(parsed(record.entries), record.by_seq())
    assert state.translations.current[(1, "az")].status == "reviewed"
