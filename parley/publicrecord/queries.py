"""The public record as plain dicts: entries with their proofs, checkpoints with their signatures."""

from __future__ import annotations

import base64
import json
from typing import Any

from parley.dialogues.models import Dialogue, Membership
from parley.publicrecord import signing
from parley.publicrecord.actions import entries_awaiting_checkpoint, record_tree
from parley.publicrecord.models import Checkpoint, RecordEntry
from parley.record import keys

PAGE_SIZE = 50


def entry_dict(entry: RecordEntry) -> dict[str, Any]:
    data = bytes(entry.data)
    return {
        "seq": entry.seq,
        "type": entry.type,
        "time": entry.created_at,
        "entry": json.loads(data),
        "canonical": data.decode("utf-8"),
        "leaf_hash": bytes(entry.leaf_hash).hex(),
    }


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
    return [checkpoint_dict(c) for c in rows]


def record_page(dialogue: Dialogue, *, page: int = 1, entry_type: str = "") -> dict[str, Any]:
    """One page of entries, newest last, each with its inclusion proof in the latest checkpoint."""
    entries = RecordEntry.objects.filter(dialogue=dialogue)
    types = sorted(set(entries.values_list("type", flat=True)))
    if entry_type:
        entries = entries.filter(type=entry_type)
    total = entries.count()
    pages = max(1, -(-total // PAGE_SIZE))
    page = min(max(page, 1), pages)
    rows = list(entries.order_by("seq")[(page - 1) * PAGE_SIZE : page * PAGE_SIZE])
    latest = Checkpoint.objects.filter(dialogue=dialogue).order_by("-tree_size").first()
    tree = record_tree(dialogue.pk, latest.tree_size) if latest and rows else None
    items = []
    for row in rows:
        item = entry_dict(row)
        if tree is not None and latest is not None and row.seq < latest.tree_size:
            item["proof"] = {
                "tree_size": latest.tree_size,
                "path": [h.hex() for h in tree.inclusion_proof(row.seq)],
            }
        else:
            item["proof"] = None
        items.append(item)
    return {
        "entries": items,
        "types": types,
        "type": entry_type,
        "page": page,
        "pages": pages,
        "total": total,
        "latest_checkpoint": checkpoint_dict(latest) if latest else None,
    }


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
