"""A witness: follow a dialogue's checkpoints on a server and raise the alarm if its history forks.

It keeps, per dialogue, the last checkpoint it checked and the server's key (trusted on first use).
Each new checkpoint must carry a valid server signature and be consistent with the last one (an
RFC 9162 consistency proof fetched from the server, checked against the roots the witness holds).
A server that rewrote its history, or shows different histories to different readers, cannot
produce that proof.
"""

from __future__ import annotations

import base64
import json
import re
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from parley.record import keys
from parley.record.checkpoint import CheckpointError, SignedCheckpoint, SignerKey, verify
from parley.record.merkle import MerkleError, verify_consistency

TIMEOUT = 20


class WitnessError(Exception):
    """The server could not be read (network, address, malformed answer): no verdict either way."""


class Alarm(Exception):
    """The server's history is not what it showed before: a fork, a rewrite or a forged checkpoint."""


@dataclass
class WitnessReport:
    origin: str
    checked: list[int] = field(default_factory=list)
    tree_size: int = 0


def api_base(url: str) -> str:
    """Turn a dialogue's page address (…/d/<slug>/…) or API address into its API base."""
    match = re.match(r"^(https?://[^/]+)/(?:api/v1/dialogues|d)/([\w-]+)", url.strip())
    if not match:
        raise WitnessError(f"{url} is not the address of a Parley dialogue (…/d/<slug>/)")
    return f"{match.group(1)}/api/v1/dialogues/{match.group(2)}"


def _get(url: str) -> Any:
    try:
        with urllib.request.urlopen(url, timeout=TIMEOUT) as response:  # noqa: S310 (the URL is the user's)
            return json.loads(response.read().decode("utf-8"))
    except (urllib.error.URLError, OSError) as error:
        raise WitnessError(f"could not read {url}: {error}") from None
    except (ValueError, UnicodeDecodeError):
        raise WitnessError(f"{url} did not answer with JSON") from None


def load_state(path: Path) -> dict[str, Any]:
    if not path.exists():
        return {}
    try:
        state = json.loads(path.read_text(encoding="utf-8"))
    except ValueError:
        raise WitnessError(f"the witness state file {path} is not JSON; move it aside to start afresh") from None
    return state if isinstance(state, dict) else {}


def save_state(path: Path, state: dict[str, Any]) -> None:
    tmp = path.with_suffix(path.suffix + ".tmp")
    tmp.write_text(json.dumps(state, indent=1, sort_keys=True), encoding="utf-8")
    tmp.replace(path)  # never a half-written state


def _b64(text: str) -> bytes:
    return base64.b64decode(text, validate=True)


def check_once(url: str, state_path: Path) -> WitnessReport:
    """Check every checkpoint the server shows against what this witness saw before; update the state."""
    base = api_base(url)
    listing = _get(f"{base}/checkpoints/")
    if not isinstance(listing, dict) or not isinstance(listing.get("checkpoints"), list):
        raise WitnessError(f"{base}/checkpoints/ did not list checkpoints")
    state = load_state(state_path)
    try:
        checkpoints = sorted(
            (SignedCheckpoint.from_dict(c) for c in listing["checkpoints"]), key=lambda s: s.checkpoint.tree_size
        )
    except (CheckpointError, KeyError, TypeError) as error:
        raise Alarm(f"the server shows a malformed checkpoint: {error}") from None
    if not checkpoints:
        return WitnessReport(origin=base)
    origin = checkpoints[0].checkpoint.origin
    seen = state.get(origin)
    report = WitnessReport(origin=origin, tree_size=seen["tree_size"] if seen else 0)
    for signed in checkpoints:
        head = signed.checkpoint
        if head.origin != origin:
            raise Alarm(f"checkpoints of two origins ({origin}, {head.origin}) at one address")
        server = [s for s in signed.signatures if s.role == "server"]
        if not server:
            raise Alarm(f"the checkpoint of size {head.tree_size} has no server signature")
        key = server[0].public_key if seen is None else keys.public_key_from_b64url(seen["server_key"])
        if seen is not None and server[0].public_key != key:
            raise Alarm(f"the server's key changed at size {head.tree_size}: {keys.fingerprint(server[0].public_key)}")
        try:
            verify(signed, [SignerKey("server", server[0].name, key)], require_roles=("server",))
        except CheckpointError as error:
            raise Alarm(f"the checkpoint of size {head.tree_size} is not validly signed: {error}") from None
        if seen is not None:
            _check_consistent(base, seen, head.tree_size, head.root_hash)
        if seen is None or head.tree_size >= seen["tree_size"]:
            seen = {
                "server_key": keys.public_key_to_b64url(key),
                "tree_size": head.tree_size,
                "root_hash": base64.b64encode(head.root_hash).decode("ascii"),
                "timestamp": head.timestamp,
            }
        report.checked.append(head.tree_size)
    assert seen is not None
    report.tree_size = seen["tree_size"]
    state[origin] = seen
    save_state(state_path, state)
    return report


def _check_consistent(base: str, seen: dict[str, Any], size: int, root: bytes) -> None:
    """Check that a checkpoint of SIZE and ROOT and the one the witness holds describe one history."""
    old_size, old_root = seen["tree_size"], _b64(seen["root_hash"])
    if size == old_size:
        if root != old_root:
            raise Alarm(f"two different roots for the first {size} entries: the history forked")
        return
    small, large = (size, old_size) if size < old_size else (old_size, size)
    small_root, large_root = (root, old_root) if size < old_size else (old_root, root)
    answer = _get(f"{base}/consistency/?from={small}&to={large}")
    try:
        proof = [_b64(h) for h in answer["proof"]]
        verify_consistency(small, large, proof, small_root, large_root)
    except (MerkleError, KeyError, TypeError, ValueError) as error:
        raise Alarm(
            f"the record of size {large} is not an extension of the one of size {small} this witness saw: "
            f"the history was rewritten ({error})"
        ) from None
