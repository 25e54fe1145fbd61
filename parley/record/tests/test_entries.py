"""The registry of record entry types is the one place an entry type is named, and the docs list it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from parley.record import entries
from parley.record.replay import _APPLY
from parley.record.translations import TYPES as TRANSLATION_TYPES

PARLEY = Path(entries.__file__).parents[1]
DOCS = PARLEY.parent / "docs" / "record-format.md"


def test_an_unknown_entry_type_is_refused_with_its_name():
    with pytest.raises(ValueError, match=r"unknown record entry type 'vote\.casted'"):
        entries.check("vote.casted", {"statement": 1, "value": 1})


def test_a_payload_without_a_field_of_its_type_is_refused_naming_the_field():
    with pytest.raises(ValueError, match=r"vote\.cast entry lacks its field 'value'"):
        entries.check(entries.VOTE_CAST, {"statement": 1})


def test_a_field_of_the_wrong_type_is_refused_and_a_sealed_one_stands_for_any_type():
    with pytest.raises(ValueError, match=r"the field 'statement' of a vote\.cast entry must be int"):
        entries.check(entries.VOTE_CAST, {"statement": "1", "value": 1})
    with pytest.raises(ValueError, match="must be int"):
        entries.check(entries.VOTE_CAST, {"statement": True, "value": 1})
    sealed = {"commitment": "0" * 64}
    joined = {"side": "A", "role": sealed, "member": 1, "handle": sealed}
    assert entries.check(entries.MEMBERSHIP_JOINED, joined).name == "membership.joined"


def test_an_entry_type_that_needs_an_actor_is_refused_without_one():
    with pytest.raises(ValueError, match=r"key\.registered entry needs an actor"):
        key = {"member": 1, "public_key": "k", "fingerprint": "f", "side": "A", "role": "cochair"}
        entries.check(entries.KEY_REGISTERED, key, has_actor=False)


def test_an_envelope_is_the_form_every_entry_has():
    vote = {"statement": 1, "value": -1, "member": 2}
    body = entries.envelope("water", 3, "2026-01-01T00:00:00.000000Z", entries.VOTE_CAST, vote)
    assert body == {
        "dialogue": "water",
        "seq": 3,
        "time": "2026-01-01T00:00:00.000000Z",
        "type": "vote.cast",
        "actor": None,
        "payload": {"statement": 1, "value": -1, "member": 2},
    }


def test_replay_handles_only_registered_types():
    assert set(_APPLY) <= set(entries.REGISTRY)
    assert set(TRANSLATION_TYPES) <= set(entries.REGISTRY)


def test_the_two_meanings_of_publish_are_named_apart_and_old_records_keep_their_name():
    # Every analysis run is recorded (as "analysis.recorded" now); a report is published by proposal.
    assert entries.ANALYSIS_RUN_RECORDED == "analysis.recorded"
    assert entries.REPORT_PUBLISHED == "report.published"
    assert "recorded" in entries.REGISTRY[entries.ANALYSIS_RUN_RECORDED].meaning
    assert "proposal" in entries.REGISTRY[entries.REPORT_PUBLISHED].meaning
    # Records written before keep their name: a legacy type every reader still reads as a run.
    legacy = entries.REGISTRY[entries.ANALYSIS_RUN_RECORDED_LEGACY]
    assert legacy.name == "analysis.published" and legacy.legacy
    assert legacy.fields == entries.REGISTRY[entries.ANALYSIS_RUN_RECORDED].fields
    assert set(entries.ANALYSIS_RUN_TYPES) <= set(_APPLY)


# Types that genuinely have no payload field of their own, each with the reason (none today).
WITHOUT_FIELDS: dict[str, str] = {}


def test_every_type_parley_writes_names_the_fields_of_its_payload():
    written = {name for name, kind in entries.REGISTRY.items() if not kind.legacy}
    assert [name for name in sorted(written) if not entries.REGISTRY[name].fields] == sorted(WITHOUT_FIELDS)
    assert set(WITHOUT_FIELDS) <= written


def documented_types() -> set[str]:
    text = DOCS.read_text(encoding="utf-8")
    section = text.split("\n## Entry types (the registry)\n", 1)[1].split("\n## ", 1)[0]
    return set(re.findall(r"^- `([a-z_]+\.[a-z_]+)`:", section, flags=re.M))


def test_the_docs_list_every_registered_entry_type_and_no_other():
    assert documented_types() == set(entries.REGISTRY)


def documented_fields() -> dict[str, list[str]]:
    text = DOCS.read_text(encoding="utf-8")
    section = text.split("\n## Entry types (the registry)\n", 1)[1].split("\n## ", 1)[0]
    lines = re.findall(r"^- `([a-z_]+\.[a-z_]+)`:(.*)$", section, flags=re.M)
    return {name: re.findall(r"`(\w+)` \((\w+)\)", rest) for name, rest in lines}


def test_the_docs_list_each_types_payload_fields_with_their_types():
    documented = documented_fields()
    for name, kind in entries.REGISTRY.items():
        expected = [(field, of_type.__name__) for field, of_type in kind.fields.items()]
        assert documented[name] == expected, name


def test_the_registry_is_the_only_place_in_the_code_an_entry_type_is_named():
    names = "|".join(re.escape(name) for name in entries.REGISTRY)
    quoted = re.compile(rf"""["']({names})["']""")
    registry = Path(entries.__file__)
    named = [
        f"{path.relative_to(PARLEY)}:{number}"
        for path in sorted(PARLEY.rglob("*"))
        if path.suffix in {".py", ".html", ".js"} and "tests" not in path.parts and path != registry
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if quoted.search(line)
    ]
    assert named == []
