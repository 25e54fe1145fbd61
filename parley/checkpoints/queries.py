"""Checkpoints as plain dicts, with their signatures, and what awaits a co-chair's signature."""

from __future__ import annotations

import base64
from typing import Any

from parley.checkpoints import signing
from parley.checkpoints.actions import entries_awaiting_checkpoint
from parley.checkpoints.models import Checkpoint
from parley.dialogues import codes
from parley.dialogues.models import Dialogue, Membership
from parley.dialogues.queries import active_language
from parley.record import keys


def checkpoint_dict(checkpoint: Checkpoint) -> dict[str, Any]:
    return {
        "id": checkpoint.pk,
        "tree_size": checkpoint.tree_size,
        "root_hash": base64.b64encode(bytes(checkpoint.root_hash)).decode("ascii"),
        "root_hash_hex": bytes(checkpoint.root_hash).hex(),
        "timestamp": checkpoint.timestamp,
        "created_at": checkpoint.created_at,
        "body": bytes(checkpoint.body).decode("utf-8"),
        "body_b64": base64.b64encode(bytes(checkpoint.body)).decode("ascii"),
        "signatures": [
            {
                "role": s.role,
                "name": s.name,
                "public_key": keys.public_key_to_b64url(bytes(s.public_key)),
                "fingerprint": keys.fingerprint(bytes(s.public_key)),
                "short_fingerprint": keys.short_fingerprint(bytes(s.public_key)),
                "signature": base64.b64encode(bytes(s.signature)).decode("ascii"),
            }
            for s in checkpoint.signatures.all()
        ],
    }


def signed_checkpoint_dict(checkpoint: Checkpoint) -> dict[str, Any]:
    """The checkpoint in parley.record's SignedCheckpoint form, as verifiers and witnesses read it."""
    data = checkpoint_dict(checkpoint)
    return {
        "origin": data["body"].split("\n", 1)[0],
        "tree_size": data["tree_size"],
        "root_hash": data["root_hash"],
        "timestamp": data["timestamp"],
        "signatures": [
            {k: s[k] for k in ("role", "name", "public_key", "fingerprint", "signature")} for s in data["signatures"]
        ],
    }


def checkpoints(dialogue: Dialogue) -> list[dict[str, Any]]:
    rows = Checkpoint.objects.filter(dialogue=dialogue).prefetch_related("signatures").order_by("-tree_size")
    sides, language = dialogue.ordered_sides(), active_language()
    found = [checkpoint_dict(c) for c in rows]
    for checkpoint in found:
        for signature in checkpoint["signatures"]:
            signature["role_label"] = codes.signer_label(signature["role"], sides, language)
    return found


def signing_status(dialogue: Dialogue, member: Membership | None) -> dict[str, int] | None:
    """For a co-chair: how many entries await a checkpoint, and how many checkpoints their side's
    signature; None for anyone else (only co-chairs sign)."""
    if member is None or not member.is_cochair:
        return None
    role = signing.cochair_role(member.side)
    return {
        "entries": entries_awaiting_checkpoint(dialogue.pk),
        "checkpoints": Checkpoint.objects.filter(dialogue=dialogue).exclude(signatures__role=role).count(),
    }
