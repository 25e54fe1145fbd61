"""`parley verify` answers every bundle, however hostile, with a message and exit 1 or 2, never a traceback.

Exit 1: the bundle fails a check (the message names the entry or file); exit 2: the input cannot be
used at all (not a zip, larger than the limits, an essential file missing).
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import zipfile

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from parley.cli import main
from parley.record.bundle import BundleError, BundleLimitError, Limits, checkpoints_json, read_bundle
from parley.record.canonical import MAX_SAFE_INTEGER, CanonicalError, canonical_json, load_json, parse_canonical
from parley.record.checkpoint import Checkpoint, CheckpointError, SignedCheckpoint, sign_checkpoint
from parley.record.joint import JointError, read_joint_statements
from parley.record.merkle import MerkleTree, leaf_hash
from parley.record.opendata import derived_files
from parley.record.replay import ReplayError, replay
from parley.record.tests.bundles import bundle_bytes, files_of
from parley.record.tests.records import COCHAIR_KEYS, COCHAIR_ROLES, ORIGIN, SERVER_KEY, SIDES, build_record
from parley.record.verifier import verify_bundle

RECORD = build_record()
DATA = bundle_bytes(RECORD)
FILES = files_of(DATA)
ENTRIES = [json.loads(line) for line in RECORD.entries]
HUGE = b"9" * 5000


def run(*args, env=None):
    return CliRunner().invoke(main, ["verify", *map(str, args)], env=env)


def zipped(files: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return out.getvalue()


def signed_anew(lines: list[bytes], analysis: bytes | None = None) -> bytes:
    """A bundle of LINES that the server and both co-chairs signed, with the files those lines imply.

    Signing the changed record gets it past the roots and signatures, so that the later checks
    (the replay's consequences, the CSVs, the analysis) see the hostile values too.
    """
    tree = MerkleTree([leaf_hash(line) for line in lines])
    head = Checkpoint(ORIGIN, tree.size, tree.root(), 1772442000)
    signed = SignedCheckpoint(head).with_signature(
        sign_checkpoint(head, SERVER_KEY, role="server", name=f"{ORIGIN}/server")
    )
    for side in SIDES:
        role = COCHAIR_ROLES[side]
        signed = signed.with_signature(sign_checkpoint(head, COCHAIR_KEYS[side], role=role, name=f"{ORIGIN}/{role}"))
    files = {**FILES, "record.jsonl": b"".join(line + b"\n" for line in lines)}
    # Earlier checkpoints the change left intact stay, as the record's checkpoint.signed entries name them.
    kept = [SignedCheckpoint.from_dict(c) for c in RECORD.checkpoints]
    kept = [
        c
        for c in kept
        if c.checkpoint.tree_size < tree.size and tree.root(c.checkpoint.tree_size) == c.checkpoint.root_hash
    ]
    files["checkpoints.json"] = checkpoints_json([*kept, signed])
    if analysis is not None:
        files["analysis.json"] = analysis
    # If the record does not replay, the verifier will say why.
    with contextlib.suppress(ReplayError, ValueError, KeyError, TypeError):
        files.update(derived_files(replay([json.loads(line) for line in lines]), RECORD.analysis_json))
    return zipped(files)


def with_line(index: int, line: bytes) -> bytes:
    lines = list(RECORD.entries)
    lines[index] = line
    return zipped({**FILES, "record.jsonl": b"".join(x + b"\n" for x in lines)})


def republished(analysis: bytes) -> bytes:
    """The record with its analysis.published entry naming ANALYSIS's hash, signed anew, ANALYSIS beside it."""
    lines = list(RECORD.entries)
    for index, entry in enumerate(ENTRIES):
        if entry["type"] == "analysis.published":
            changed = json.loads(json.dumps(entry))
            changed["payload"]["result_sha256"] = hashlib.sha256(analysis).hexdigest()
            lines[index] = canonical_json(changed)
    return signed_anew(lines, analysis)


def a_checkpoint_signed_entry_with(tree_size: object) -> bytes:
    lines = list(RECORD.entries)
    index = next(i for i, e in enumerate(ENTRIES) if e["type"] == "checkpoint.signed")
    changed = json.loads(json.dumps(ENTRIES[index]))
    changed["payload"]["tree_size"] = tree_size
    lines[index] = canonical_json(changed)
    return signed_anew(lines)


def checkpoints_with(**changes: object) -> bytes:
    items = json.loads(FILES["checkpoints.json"])
    items["checkpoints"][0].update(changes)
    return zipped({**FILES, "checkpoints.json": json.dumps(items, indent=2, sort_keys=True).encode() + b"\n"})


def encrypted_member() -> bytes:
    """The bundle with record.jsonl marked encrypted in the zip's directory: reading it needs a password."""
    data = zipped(FILES)
    entry = data.rindex(b"PK\x01\x02", 0, data.rindex(b"record.jsonl"))
    flags = int.from_bytes(data[entry + 8 : entry + 10], "little") | 0x1
    return data[: entry + 8] + flags.to_bytes(2, "little") + data[entry + 10 :]


HOSTILE = {
    "a 5,000-digit seq": (with_line(3, b'{"seq":' + HUGE + b"}"), 1, "record.jsonl line 4 (entry 3): integer 9999"),
    "a 5,000-digit negative number": (with_line(3, b"-" + HUGE), 1, "of 5000 digits is outside ±(2**53 - 1)"),
    "a line nested 100,000 deep": (with_line(3, b"[" * 100_000), 1, "record.jsonl line 4 (entry 3): nested deeper"),
    "a line that is not UTF-8": (with_line(3, b'{"seq":3,"x":"\xff\xfe"}'), 1, "not valid UTF-8 at byte 14"),
    "NaN in a line": (with_line(3, b'{"seq":NaN}'), 1, "NaN is not JSON"),
    "a number too large for a float": (with_line(3, b'{"seq":1e999}'), 1, "floats are not allowed"),
    "checkpoints.json with a 5,000-digit number": (
        zipped({**FILES, "checkpoints.json": b'{"checkpoints": [' + HUGE + b"]}"}),
        1,
        "checkpoints.json: not a JSON object with a list of checkpoints (an integer of 5000 digits",
    ),
    "checkpoints.json nested 100,000 deep": (
        zipped({**FILES, "checkpoints.json": b"[" * 100_000}),
        1,
        "checkpoints.json: not a JSON object with a list of checkpoints (nested too deeply",
    ),
    "checkpoints.json that is not UTF-8": (
        zipped({**FILES, "checkpoints.json": b'{"checkpoints": ["\xff"]}'}),
        1,
        "checkpoints.json: not a JSON object",
    ),
    "a checkpoint of no entries": (checkpoints_with(tree_size=0), 1, "checkpoint of 0: the Merkle root"),
    "a checkpoint.signed entry whose tree_size is a list": (
        a_checkpoint_signed_entry_with([]),
        1,
        "(checkpoint.signed): checkpoints.json has no checkpoint of [] entries",
    ),
    "an analysis.json with a 5,000-digit number": (
        republished(b'{"meta": {"opinion_map": {"groups": ' + HUGE + b"}}, " + b'"participants": []}'),
        1,
        "analysis.json: the published analysis is not an analysis in JSON",
    ),
    "an analysis.json nested 100,000 deep": (
        republished(b"[" * 100_000),
        1,
        "analysis.json: the published analysis is not an analysis in JSON",
    ),
    "an encrypted record": (encrypted_member(), 2, "record.jsonl cannot be read from the zip"),
    "a truncated zip": (DATA[: len(DATA) // 2], 2, "is not a zip file"),
}


@pytest.mark.parametrize("case", HOSTILE, ids=list(HOSTILE))
def test_hostile_input_gets_a_clear_message_and_the_documented_exit_code(tmp_path, case):
    data, code, message = HOSTILE[case]
    bundle = tmp_path / "hostile.zip"
    bundle.write_bytes(data)
    result = run(bundle)
    assert isinstance(result.exception, SystemExit), result.exception
    assert result.exit_code == code, result.output
    assert message in result.output
    assert "Traceback" not in result.output


# Values of every JSON type a hostile writer might put where the record expects another.
json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-MAX_SAFE_INTEGER, MAX_SAFE_INTEGER)
    | st.sampled_from([0, -1, MAX_SAFE_INTEGER, "", "0", "-1", "\x00", "9" * 400, "2026-03-02T09:00:37.001234Z"])
    | st.text(max_size=20),
    lambda children: st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=8), children, max_size=3),
    max_leaves=8,
)
PAYLOAD_KEYS = sorted({key for entry in ENTRIES if isinstance(entry["payload"], dict) for key in entry["payload"]})


def verify_bytes(data: bytes) -> None:
    """Verify DATA; only a report or the two documented kinds of unusable input may come back."""
    try:
        report = verify_bundle(io.BytesIO(data))
    except (BundleError, CheckpointError):
        return
    assert report.ok or report.problems


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    index=st.integers(0, len(ENTRIES) - 1),
    field=st.sampled_from(["dialogue", "seq", "time", "type", "actor", "payload", *PAYLOAD_KEYS]),
    value=json_values,
)
def test_a_wrong_value_in_any_entry_field_is_a_failed_check_never_a_crash(index, field, value):
    entry = json.loads(json.dumps(ENTRIES[index]))
    if field in entry:
        entry[field] = value
    elif isinstance(entry["payload"], dict):
        entry["payload"][field] = value
    try:
        line = canonical_json(entry)
    except CanonicalError:
        return
    lines = list(RECORD.entries)
    lines[index] = line
    verify_bytes(signed_anew(lines))


@settings(max_examples=40, deadline=None)
@given(line=st.binary(max_size=64) | st.text(max_size=64).map(str.encode), index=st.integers(0, len(ENTRIES) - 1))
def test_any_bytes_in_place_of_an_entry_are_a_failed_check_never_a_crash(line, index):
    verify_bytes(with_line(index, line.replace(b"\n", b" ")))


@settings(max_examples=40, deadline=None)
@given(flips=st.lists(st.tuples(st.integers(0, len(DATA) - 1), st.integers(0, 255)), min_size=1, max_size=4))
def test_a_damaged_zip_is_unusable_input_or_a_failed_check_never_a_crash(flips):
    data = bytearray(DATA)
    for position, byte in flips:
        data[position] = byte
    verify_bytes(bytes(data))


def test_parsing_refuses_a_huge_integer_before_converting_it():
    with pytest.raises(CanonicalError, match="of 5000 digits is outside"):
        parse_canonical(b'{"seq":' + HUGE + b"}")
    with pytest.raises(json.JSONDecodeError, match="an integer of 5000 digits"):
        load_json(b"[" + HUGE + b"]")
    assert load_json(b'{"a": [1, 2.5, "x"]}') == {"a": [1, 2.5, "x"]}


# --- Limits on what a bundle may unpack to ---------------------------------------------------------


def with_zeros(**sizes: int) -> bytes:
    """The bundle with extra files of zeros, which compress to almost nothing."""
    return zipped({**FILES, **{f"{name}.bin": bytes(size) for name, size in sizes.items()}})


def test_a_zip_bomb_is_refused_as_unusable_naming_the_limit_and_how_to_raise_it(tmp_path):
    bundle = tmp_path / "bomb.zip"
    bundle.write_bytes(with_zeros(bomb=3 * 2**20))
    assert bundle.stat().st_size < 40_000
    result = run(bundle, "--max-size", "2M")
    assert result.exit_code == 2, result.output
    assert "error: bomb.bin unpacks to more than 2 MiB, the limit for one file" in result.output
    assert "raise the limit with --max-size SIZE (or PARLEY_VERIFY_MAX_SIZE)" in result.output
    assert isinstance(result.exception, SystemExit)


def test_the_size_limit_also_caps_the_files_together(tmp_path):
    bundle = tmp_path / "bombs.zip"
    bundle.write_bytes(with_zeros(first=2**20, second=2**20))
    result = run(bundle, "--max-size", "1.5M")
    assert result.exit_code == 2, result.output
    assert "the files unpack to more than 1.5 MiB in all, the limit" in result.output


def test_a_raised_limit_lets_a_large_bundle_through_by_option_or_environment(tmp_path):
    bundle = tmp_path / "large.zip"
    bundle.write_bytes(with_zeros(large=3 * 2**20))
    assert run(bundle, "--max-size", "2M").exit_code == 2
    # Past the limit the extra file is only "not a file this record implies": a failed check.
    assert "large.bin: not a file this record implies" in run(bundle, "--max-size", "8M").output
    assert "large.bin: not a file" in run(bundle, env={"PARLEY_VERIFY_MAX_SIZE": "8M"}).output


def test_the_default_limit_refuses_what_a_300_kb_zip_unpacks_to():
    limits = Limits()
    assert 100 * 2**20 <= limits.max_size < 700 * 10**6


def test_the_limit_is_counted_while_unpacking_not_taken_from_the_headers():
    # A header that understates a file's size: the reader stops at what the header says, and the
    # checksum then fails, so the lie is unusable input, and nothing past the limit is held.
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in FILES.items():
            archive.writestr(name, content)
        archive.writestr("big.bin", bytes(4 * 2**20))
    data = out.getvalue()
    # Patch the central directory's uncompressed size of big.bin to 10 bytes.
    entry = data.rindex(b"PK\x01\x02", 0, data.rindex(b"big.bin"))
    patched = data[: entry + 24] + (10).to_bytes(4, "little") + data[entry + 28 :]
    with pytest.raises(BundleError):
        read_bundle(io.BytesIO(patched), limits=Limits(max_size=2**20))


def test_too_many_files_are_refused_before_any_is_unpacked(tmp_path):
    bundle = tmp_path / "many.zip"
    bundle.write_bytes(zipped({**FILES, **{f"extra-{i}.txt": b"x" for i in range(120)}}))
    result = run(bundle)
    assert result.exit_code == 2, result.output
    assert f"holds {len(FILES) + 120} files, more than the limit of 100" in result.output
    assert "--max-files N (or PARLEY_VERIFY_MAX_FILES)" in result.output
    with pytest.raises(BundleLimitError):
        read_bundle(io.BytesIO(bundle.read_bytes()), limits=Limits(max_files=5))
    assert "not a file this record implies" in run(bundle, "--max-files", "200").output


def test_a_size_that_is_not_a_size_is_a_usage_error(tmp_path):
    result = run(tmp_path / "x.zip", "--max-size", "lots")
    assert result.exit_code == 2
    assert "'lots' is not a size such as 512M, 2G or 1000000" in result.output


def test_a_huge_saved_checkpoint_file_is_unusable_input(tmp_path):
    bundle, saved = tmp_path / "water.zip", tmp_path / "saved.json"
    bundle.write_bytes(DATA)
    saved.write_bytes(b'{"checkpoints": [' + HUGE + b"]}")
    result = run(bundle, "--checkpoint", saved)
    assert result.exit_code == 2, result.output
    assert "is not a JSON file" in result.output
    saved.write_bytes(b" " * (2 * 2**20))
    result = run(bundle, "--checkpoint", saved, "--max-size", "1M")
    assert result.exit_code == 2
    assert "is larger than 1 MiB, so it is no saved checkpoint" in result.output


def test_joint_statements_json_with_a_huge_number_or_deep_nesting_is_a_failed_check():
    for data in (b'{"joint_statements": [' + HUGE + b"]}", b"[" * 100_000, b'{"joint_statements": "\xff"}'):
        with pytest.raises(JointError, match="not a JSON object with a list of joint statements"):
            read_joint_statements(data)


def test_a_defect_in_the_verifier_is_still_a_message_and_exit_2_not_a_traceback(tmp_path, monkeypatch):
    def broken(*args, **kwargs):
        raise KeyError("payload")

    monkeypatch.setattr("parley.cli.verify.verify_bundle", broken)
    bundle = tmp_path / "water.zip"
    bundle.write_bytes(DATA)
    result = run(bundle)
    assert result.exit_code == 2
    assert isinstance(result.exception, SystemExit)
    assert "error: the bundle could not be checked: KeyError: 'payload' (a defect in parley verify" in result.output


def test_every_payload_field_of_every_entry_type_with_a_wrong_type_is_a_failed_check_never_a_crash():
    # Deterministic companion of the property above: one entry of each type, every field, values of
    # every JSON kind (a list where a string was expected once crashed a set lookup).
    first_of_type = {entry["type"]: index for index, entry in reversed(list(enumerate(ENTRIES)))}
    for index in sorted(first_of_type.values()):
        payload = ENTRIES[index]["payload"]
        for field in [*payload, "actor"] if isinstance(payload, dict) else ["actor"]:
            wrong: tuple[object, ...] = ([], {}, None, True, -1, "x")
            for value in wrong:
                entry = json.loads(json.dumps(ENTRIES[index]))
                if field == "actor":
                    entry["actor"] = value
                else:
                    entry["payload"][field] = value
                lines = list(RECORD.entries)
                lines[index] = canonical_json(entry)
                verify_bytes(signed_anew(lines))
