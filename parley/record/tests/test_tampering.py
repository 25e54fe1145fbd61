"""One changed byte anywhere in a bundle's content fails verification."""

from io import BytesIO

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from parley.record.tests.bundles import bundle_bytes, files_of, with_file
from parley.record.tests.records import build_record
from parley.record.verifier import verify_bundle

DATA = bundle_bytes(build_record())
FILES = files_of(DATA)


@st.composite
def one_byte_changed(draw):
    name = draw(st.sampled_from(sorted(FILES)))
    content = FILES[name]
    position = draw(st.integers(0, len(content) - 1))
    byte = draw(st.integers(0, 255).filter(lambda b: b != content[position]))
    return name, position, content[:position] + bytes([byte]) + content[position + 1 :]


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(one_byte_changed())
def test_changing_any_single_byte_of_any_file_fails_verification(change):
    name, position, content = change
    report = verify_bundle(with_file(DATA, name, content))
    assert not report.ok, f"byte {position} of {name} changed, yet the bundle verified"


def test_the_untouched_bundle_verifies():
    assert verify_bundle(BytesIO(DATA)).ok
