"""Records whose private values are sealed: the replay opens them, the verifier checks every opening,
reports withdrawn values as withdrawn, and still verifies bundles written before values were sealed."""

import json

from parley.record.canonical import canonical_json
from parley.record.replay import engine_input, replay
from parley.record.sealing import Opening, read_openings
from parley.record.tests.bundles import bundle_bytes, files_of, rezip, with_file
from parley.record.tests.records import build_record, parsed
from parley.record.verifier import verify_bundle

SEALED = build_record(sealed=True)
OLD = build_record()


def test_a_sealed_record_holds_no_text_or_pseudonym_in_the_clear():
    record = b"".join(SEALED.entries)
    for clear in (b"Leyla", b"Anahit", "Нужна совместная".encode(), b"Spam"):
        assert clear not in record
    assert b"Leyla" in b"".join(OLD.entries)


def test_the_replay_opens_sealed_values_and_knows_actors_by_member():
    state = replay(parsed(SEALED.entries), SEALED.by_seq())
    assert state.members[1].handle == "Leyla" and state.sealed > 0
    assert state.statements[4].text == "Нужна совместная комиссия по качеству воды." and state.statements[4].author == 4
    # Co-chairs' keys count, though their entries' pseudonyms are sealed each with its own salt.
    assert {k.member for k in state.keys} == {1, 2}


def test_without_openings_sealed_values_replay_as_none_and_the_votes_stay():
    state = replay(parsed(SEALED.entries))
    assert state.members[1].handle is None and state.statements[1].text is None
    assert len(state.votes) == len(replay(parsed(OLD.entries)).votes)


def test_a_sealed_record_is_analysed_by_statement_id_only():
    texts = engine_input(replay(parsed(SEALED.entries), SEALED.by_seq()))["texts"]
    assert texts and set(texts.values()) == {""}
    assert "Нужна совместная комиссия по качеству воды." in engine_input(replay(parsed(OLD.entries)))["texts"].values()
    assert "Нужна" not in (SEALED.analysis_json or "")


def test_a_sealed_bundle_verifies_and_says_its_values_match():
    report = verify_bundle(rezip(files_of(bundle_bytes(SEALED))))
    assert report.ok, report.summary
    assert f"{len(SEALED.openings)} sealed values: {len(SEALED.openings)} opened and matching" in report.summary


def test_an_old_format_bundle_without_openings_verifies_unchanged():
    files = files_of(bundle_bytes(OLD))
    assert "openings.jsonl" not in files
    assert b"openings" not in files["README.md"] and b"Sealed values" not in files["README.md"]
    report = verify_bundle(rezip(files))
    assert report.ok, report.summary
    assert "sealed values" not in report.summary


def test_a_sealed_bundle_without_its_openings_file_fails():
    files = files_of(bundle_bytes(SEALED))
    del files["openings.jsonl"]
    report = verify_bundle(rezip(files))
    assert not report.ok and report.problems[0].startswith("openings.jsonl: missing")


def test_an_openings_file_beside_a_record_with_nothing_sealed_fails():
    report = verify_bundle(with_file(bundle_bytes(OLD), "openings.jsonl", b""))
    assert not report.ok and "no sealed value" in report.problems[0]


def test_a_changed_pseudonym_in_the_openings_fails_naming_its_entry():
    data = bundle_bytes(SEALED)
    openings = read_openings(files_of(data)["openings.jsonl"])
    target = next(o for o in openings if o.path == "payload/handle" and o.value == "Narine")
    changed = [Opening(o.seq, o.path, "Narina", o.salt) if o == target else o for o in openings]
    lines = b"".join(canonical_json(o.to_dict()) + b"\n" for o in changed)
    report = verify_bundle(with_file(data, "openings.jsonl", lines))
    assert not report.ok
    assert report.problems[0] == f"entry {target.seq}: payload/handle does not match its commitment"


def test_a_withdrawn_text_verifies_as_withdrawn_and_replays_empty():
    record = build_record(sealed=True)
    submitted = next(
        json.loads(e)
        for e in record.entries
        if b'"statement.submitted"' in e and json.loads(e)["payload"]["statement"] == 8
    )
    withdrawal = len(record.entries)
    record.add("text.withdrawn", {"statement": 8, "openings": [[submitted["seq"], "payload/text"]], "rule": "other"})
    record.openings = [
        Opening(o.seq, o.path, withdrawn=withdrawal) if (o.seq, o.path) == (submitted["seq"], "payload/text") else o
        for o in record.openings
    ]
    files = files_of(bundle_bytes(record))
    assert b"Spam: buy cheap tickets" not in b"".join(files.values())
    report = verify_bundle(rezip(files))
    assert report.ok, report.summary
    assert f"1 withdrawn by entry {withdrawal}" in report.summary
    assert replay(parsed(record.entries), record.by_seq()).statements[8].text is None
