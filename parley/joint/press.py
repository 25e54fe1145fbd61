"""What the press PDF of a ratified joint statement shows: the text in every language of the dialogue,
both co-chairs' signatures with their keys' fingerprints, the record entry and checkpoint that fix it,
and a QR code to its public page, where anyone checks the signatures."""

from __future__ import annotations

import base64
import json
from typing import Any

from django.utils.translation import gettext as _

from parley.checkpoints.models import Checkpoint
from parley.dialogues import codes
from parley.dialogues.models import pick_language_code
from parley.dialogues.queries import language_label
from parley.documents.qr import qr_svg
from parley.joint.models import JointStatement
from parley.ledger.models import RecordEntry
from parley.record import keys
from parley.record.entries import JOINT_RATIFIED
from parley.record.joint import sha256


def _ratified_entry(joint: JointStatement) -> RecordEntry | None:
    rows = RecordEntry.objects.filter(dialogue_id=joint.dialogue_id, type=JOINT_RATIFIED).order_by("seq")
    return next((e for e in rows if json.loads(bytes(e.data))["payload"].get("joint") == joint.pk), None)


def _checkpoint(entry: RecordEntry | None) -> dict[str, Any] | None:
    """The first checkpoint whose tree holds ENTRY (None: not checkpointed yet)."""
    if entry is None:
        return None
    checkpoint = (
        Checkpoint.objects.filter(dialogue_id=entry.dialogue_id, tree_size__gt=entry.seq)
        .order_by("tree_size")
        .prefetch_related("signatures")
        .first()
    )
    if checkpoint is None:
        return None
    return {
        "tree_size": checkpoint.tree_size,
        "root_hash_hex": bytes(checkpoint.root_hash).hex(),
        "created_at": checkpoint.created_at,
        "signed_by": len(checkpoint.signatures.all()),
    }


def press_context(joint: JointStatement, language: str, page_url: str) -> dict[str, Any]:
    """The PDF's context; PAGE_URL is the statement's public page (absolute), the QR code's target."""
    dialogue = joint.dialogue
    sides = dialogue.ordered_sides()
    version = joint.final_version
    assert version is not None  # a ratified statement has its final version
    languages = list(dialogue.languages) or sorted({code for c in version.clauses for code in c["texts"]})
    blocks = [
        {
            "code": code,
            "name": language_label(code),
            "title": joint.title.get(code, ""),
            "clauses": [{"key": c["key"], "text": c["texts"].get(code, "")} for c in version.clauses],
        }
        for code in languages
    ]
    signatures = [
        {
            "role_label": codes.signer_label(s.role, sides, language),
            "signer": s.signing_key.membership.handle,
            "created_at": s.created_at,
            "fingerprint": s.signing_key.fingerprint,
            "public_key": keys.public_key_to_b64url(bytes(s.signing_key.public_key)),
            "signature": base64.b64encode(bytes(s.signature)).decode("ascii"),
        }
        for s in joint.signatures.select_related("signing_key__membership")
    ]
    entry = _ratified_entry(joint)
    return {
        "language": language,
        "dialogue": {
            "title": dialogue.title_text(language),
            "title_lang": pick_language_code(dialogue.title, language),
        },
        "joint": {
            "id": joint.pk,
            "title": joint.title_text(language),
            "title_lang": pick_language_code(joint.title, language),
            "version": version.number,
            "ratified_at": joint.ratified_at,
            "sha256": sha256(bytes(joint.canonical)),
        },
        "blocks": blocks,
        "signatures": signatures,
        "ratified_seq": entry.seq if entry else None,
        "checkpoint": _checkpoint(entry),
        "page_url": page_url,
        "qr": qr_svg(
            page_url, _("QR code: the address of this statement's public page, where its signatures are checked")
        ),
    }
