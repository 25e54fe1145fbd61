"""Realistic records for the bundle and verifier tests, built the way the web app writes them."""

from __future__ import annotations

import hashlib
import json
import random
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from parley.engine import analyze
from parley.record import keys
from parley.record.canonical import canonical_json
from parley.record.checkpoint import Checkpoint, SignedCheckpoint, sign_checkpoint
from parley.record.entries import ANALYSIS_RUN_RECORDED_LEGACY
from parley.record.merkle import MerkleTree, leaf_hash
from parley.record.replay import engine_input, replay
from parley.record.sealing import Opening, check_openings, seal

SLUG = "water-talks"
ORIGIN = f"parley.example.org/d/{SLUG}"
SIDES = ("AZ", "AM")
COCHAIR_ROLES = {"AZ": "cochair-az", "AM": "cochair-am"}

# (handle, side, role); member ids are 1, 2, ... in this order.
PEOPLE = [
    ("Leyla", "AZ", "cochair"),
    ("Anahit", "AM", "cochair"),
    ("Rashad", "AZ", "participant"),
    ("Narine", "AM", "participant"),
    ("Aysel", "AZ", "participant"),
    ("Tigran", "AM", "participant"),
    ("Elchin", "AZ", "moderator"),
    ("Lilit", "AM", "moderator"),
    ("Kamran", "AZ", "participant"),
    ("Armen", "AM", "participant"),
]
STATEMENTS = [
    ("Leyla", "az", "Kür çayının suyu hər iki tərəfin ortaq sərvətidir."),
    ("Anahit", "hy", "Գետի ջուրը երկու կողմերի ընդհանուր հարստությունն է։"),
    ("Rashad", "en", "Water data should be published monthly, by both sides, in the same format."),
    ("Narine", "ru", "Нужна совместная комиссия по качеству воды."),
    ("Aysel", "en", "Farmers on both banks should be consulted first."),
    ("Tigran", "en", "The dam should be managed by one side only."),
    ("Kamran", "en", "Pollution fines should go into a shared fund."),
    ("Armen", "en", "Spam: buy cheap tickets here"),
]


def private_key(name: str) -> Ed25519PrivateKey:
    # Fixed seeds keep failures reproducible.
    return Ed25519PrivateKey.from_private_bytes(hashlib.sha256(name.encode()).digest())


SERVER_KEY = private_key("server")
COCHAIR_KEYS = {"AZ": private_key("Leyla"), "AM": private_key("Anahit")}


@dataclass
class Record:
    """A record being written: entries' canonical bytes, checkpoints, the published analysis."""

    visibility: str = "individual"
    entries: list[bytes] = field(default_factory=list)
    checkpoints: list[dict[str, Any]] = field(default_factory=list)
    analysis_json: str | None = None
    clock: datetime = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
    # Sealed: private values written as commitments, as the web app writes them since they exist.
    sealed: bool = False
    openings: list[Opening] = field(default_factory=list)

    def add(self, type: str, payload: dict[str, Any], actor: str | None = None) -> None:
        self.clock += timedelta(seconds=37, microseconds=1234)
        entry = {
            "dialogue": SLUG,
            "seq": len(self.entries),
            "time": self.clock.strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
            "type": type,
            "actor": _actor(actor, sealed=self.sealed),
            "payload": payload,
        }
        if self.sealed:
            entry = self._seal(entry)
        self.entries.append(canonical_json(entry))

    def _seal(self, entry: dict[str, Any]) -> dict[str, Any]:
        seq = entry["seq"]

        def sealed(path: str, value: str) -> dict[str, str]:
            # Salts from the path keep the records reproducible; the web app draws them at random.
            salt = hashlib.sha256(f"{seq}/{path}".encode()).digest()[:16]
            self.openings.append(Opening(seq, path, value, salt))
            return seal(value, salt)[0]

        if entry["actor"] is not None:
            entry["actor"]["handle"] = sealed("actor/handle", entry["actor"]["handle"])
        payload = dict(entry["payload"])
        for name in ("text", "handle", "reason"):
            if isinstance(payload.get(name), str):
                payload[name] = sealed(f"payload/{name}", payload[name])
        if isinstance(payload.get("translations"), dict):
            payload["translations"] = {
                code: sealed(f"payload/translations/{code}", text) for code, text in payload["translations"].items()
            }
        return {**entry, "payload": payload}

    def by_seq(self) -> Mapping[int, Mapping[str, Opening]]:
        return check_openings(parsed(self.entries), self.openings).by_seq

    def vote(self, member: int, statement: int, value: int) -> None:
        handle, side, _ = PEOPLE[member - 1]
        if self.visibility == "individual":
            self.add("vote.cast", {"member": member, "statement": statement, "value": value}, handle)
        else:
            self.add("vote.cast", {"statement": statement, "side": side})

    def checkpoint(self, *signers: str, log: bool = True) -> SignedCheckpoint:
        """Sign the current head by the server and the co-chairs of SIGNERS' sides; log each signature."""
        tree = MerkleTree([leaf_hash(e) for e in self.entries])
        head = Checkpoint(ORIGIN, tree.size, tree.root(), int(self.clock.timestamp()))
        signed = SignedCheckpoint(head).with_signature(
            sign_checkpoint(head, SERVER_KEY, role="server", name=f"{ORIGIN}/server")
        )
        for side in signers:
            role = COCHAIR_ROLES[side]
            signature = sign_checkpoint(head, COCHAIR_KEYS[side], role=role, name=f"{ORIGIN}/{role}")
            signed = signed.with_signature(signature)
        self.checkpoints.append(signed.to_dict())
        if log:
            for signature in signed.signatures:
                actor = None if signature.role == "server" else PEOPLE[0 if signature.role.endswith("az") else 1][0]
                payload = {
                    "tree_size": head.tree_size,
                    "root_hash": signed.to_dict()["root_hash"],
                    "role": signature.role,
                    "fingerprint": signature.fingerprint,
                }
                self.add("checkpoint.signed", payload, actor)
        return signed

    def publish_analysis(
        self,
        text: str,
        *,
        recomputable: bool,
        environment: dict | None = None,
        entry_type: str = ANALYSIS_RUN_RECORDED_LEGACY,
    ) -> None:
        """Record an analysis run; by default under the name records used before analysis.recorded, as
        the fixtures were written then (ENTRY_TYPE: the name)."""
        digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
        payload: dict[str, Any] = {"run": 1, "upto": len(self.entries), "result_sha256": digest}
        payload["recomputable"] = recomputable
        if environment is not None:
            payload["environment"] = environment
        self.add(entry_type, payload)
        self.analysis_json = text


def _actor(handle: str | None, *, sealed: bool = False) -> dict[str, Any] | None:
    if handle is None:
        return None
    member, (_, side, role) = next((i, p) for i, p in enumerate(PEOPLE, start=1) if p[0] == handle)
    if sealed:
        return {"member": member, "handle": handle, "side": side, "role": role}
    return {"handle": handle, "side": side, "role": role}


def opinion(rng: random.Random, member: int, statement: int) -> int:
    """A vote with a pattern: common ground on most statements, a divide on statement 6."""
    side = PEOPLE[member - 1][1]
    if statement == 6:
        return 1 if side == "AM" else -1
    return rng.choice([1, 1, 1, 0, -1])


def build_record(
    *,
    visibility: str = "individual",
    signers: tuple[str, ...] = SIDES,
    tail: bool = False,
    analysis: str | None = None,
    sealed: bool = False,
    analysis_type: str = ANALYSIS_RUN_RECORDED_LEGACY,
) -> Record:
    """Write a two-sided dialogue: joins, keys, statements, votes (some changed), moderation, analysis.

    The last checkpoint covers every entry unless TAIL, where its signatures are logged after it.
    ANALYSIS replaces the text the engine would publish. SEALED writes private values as commitments,
    with their openings (the default is the older, plain form: old bundles must keep verifying).
    """
    rng = random.Random(7)
    record = Record(visibility=visibility, sealed=sealed)
    record.add(
        "dialogue.created",
        {
            "title": {"en": "Water talks", "az": "Su danışıqları", "hy": "Ջրի բանակցություններ"},
            "description": {"en": "Sharing the river."},
            "languages": ["az", "en", "hy", "ru"],
            "sides": [
                {"position": 0, "label": "AZ", "name": {"en": "Azerbaijan"}, "colour": "#1f77b4"},
                {"position": 1, "label": "AM", "name": {"en": "Armenia"}, "colour": "#ff7f0e"},
            ],
            "status": "draft",
            "vote_visibility": visibility,
        },
        "Leyla",
    )
    for member, (handle, side, role) in enumerate(PEOPLE, start=1):
        if member == 2:
            invite = {"invite": 1, "side": "AM", "role": "cochair", "max_uses": 1, "token_commitment": "ab" * 32}
            record.add("invite.created", {**invite, "expires_at": "2026-04-01T00:00:00.000000Z"}, "Leyla")
        record.add("membership.joined", {"member": member, "handle": handle, "side": side, "role": role}, handle)
    for side, handle in (("AZ", "Leyla"), ("AM", "Anahit")):
        public = keys.public_key_raw(COCHAIR_KEYS[side])
        payload = {
            "member": 1 if side == "AZ" else 2,
            "side": side,
            "role": "cochair",
            "public_key": keys.public_key_to_b64url(public),
            "fingerprint": keys.fingerprint(public),
        }
        record.add("key.registered", payload, handle)
    record.add("dialogue.change_requested", {"field": "status", "value": "open"}, "Leyla")
    record.add("dialogue.change_answered", {"field": "status", "value": "open", "confirmed": True}, "Anahit")
    handles = [p[0] for p in PEOPLE]
    for statement, (author, language, text) in enumerate(STATEMENTS, start=1):
        side = PEOPLE[handles.index(author)][1]
        payload = {"statement": statement, "text": text, "language": language, "side": side, "seed": False}
        record.add("statement.submitted", {**payload, "translations": {}}, author)
        record.vote(handles.index(author) + 1, statement, 1)
    record.add("translation.added", {"statement": 1, "language": "en", "text": "The river's water is shared."})
    for member in range(1, len(PEOPLE) + 1):
        for statement in range(1, len(STATEMENTS) + 1):
            record.vote(member, statement, opinion(rng, member, statement))
    removal = {"statement": 8, "status": "removed"}
    record.add("statement.moderated", {**removal, "reason": "Spam."} if sealed else removal, "Lilit")
    record.add("statement.moderated", {"statement": 5, "status": "visible"}, "Elchin")
    record.checkpoint(*SIDES)
    # Second thoughts: some members change their votes.
    for member, statement, value in ((3, 6, 1), (4, 1, -1), (5, 2, 0), (3, 6, 0)):
        record.vote(member, statement, value)
    text = analysis if analysis is not None else _analysis_text(record)
    record.publish_analysis(text, recomputable=visibility == "individual", entry_type=analysis_type)
    record.checkpoint(*signers, log=tail)
    return record


def _analysis_text(record: Record) -> str:
    if record.visibility == "individual":
        state = replay(parsed(record.entries), record.by_seq())
        return analyze(**engine_input(state)).to_json(timings=False)
    # With only totals public, the server analyses votes the record does not show.
    return '{"meta": {"opinion_map": {"groups": 2}}, "participants": []}'


def parsed(entries: list[bytes]) -> list[dict[str, Any]]:
    return [json.loads(entry) for entry in entries]
