"""Checkpoints and co-chairs' keys: every write here also lands in the record."""

from __future__ import annotations

import base64
import binascii
from datetime import UTC, datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from parley.checkpoints import signing
from parley.checkpoints.models import Checkpoint, CheckpointSignature, SigningKey
from parley.dialogues import access
from parley.dialogues.access import ActionError
from parley.dialogues.models import Dialogue, Membership
from parley.ledger import log
from parley.ledger.models import RecordEntry
from parley.ledger.tree import StoredTree
from parley.record import Checkpoint as CheckpointHead
from parley.record import keys, sign_checkpoint
from parley.record.entries import CHECKPOINT_SIGNED, KEY_REGISTERED


def record_tree(dialogue_id: int, size: int | None = None) -> StoredTree:
    """The dialogue's Merkle tree of SIZE entries (default: all), read from its stored subtrees."""
    return StoredTree(dialogue_id, size)


def entries_awaiting_checkpoint(dialogue_id: int) -> int:
    """How many entries no checkpoint covers yet, not counting the records of checkpoint signatures
    (those follow every checkpoint, and `parley verify` checks them against the signatures)."""
    latest = Checkpoint.objects.filter(dialogue_id=dialogue_id).order_by("-tree_size").first()
    rows = RecordEntry.objects.filter(dialogue_id=dialogue_id).exclude(type=CHECKPOINT_SIGNED)
    return rows.filter(seq__gte=latest.tree_size if latest else 0).count()


@transaction.atomic
def do_checkpoint_if_needed(dialogue_id: int) -> Checkpoint | None:
    """Make a server-signed checkpoint if some entries await one (on import and export): the
    record is then vouched for at once, and the co-chairs co-sign it later."""
    Dialogue.objects.select_for_update().only("pk").get(pk=dialogue_id)
    log.lock_record(dialogue_id)  # appenders wait; votes' pending entries go in first
    if not entries_awaiting_checkpoint(dialogue_id):
        return None
    return do_make_checkpoint(dialogue_id)


@transaction.atomic
def do_make_checkpoint(dialogue_id: int, *, by: Membership | None = None) -> Checkpoint:
    """Sign the record's current head with the server's key; a co-chair's request or a closing asks for it."""
    if by is not None:
        access.check_cochair(by)
    dialogue = Dialogue.objects.select_for_update().get(pk=dialogue_id)
    log.lock_record(dialogue_id)
    tree = record_tree(dialogue_id)
    existing = Checkpoint.objects.filter(dialogue=dialogue, tree_size=tree.size).first()
    if existing is not None:
        return existing
    head = CheckpointHead(
        origin=signing.origin(dialogue),
        tree_size=tree.size,
        root_hash=tree.root(),
        timestamp=int(timezone.now().timestamp()),
    )
    checkpoint = Checkpoint.objects.create(
        dialogue=dialogue,
        tree_size=head.tree_size,
        root_hash=head.root_hash,
        timestamp=head.timestamp,
        body=head.body(),
        created_at=datetime.fromtimestamp(head.timestamp, UTC),
    )
    signature = sign_checkpoint(
        head,
        signing.server_private_key(),
        role=signing.SERVER_ROLE,
        name=signing.key_name(dialogue, signing.SERVER_ROLE),
    )
    _store_signature(checkpoint, signature.role, signature.name, signature.public_key, signature.signature, None)
    return checkpoint


def _store_signature(
    checkpoint: Checkpoint, role: str, name: str, public_key: bytes, signature: bytes, key: SigningKey | None
) -> CheckpointSignature:
    stored = CheckpointSignature.objects.create(
        checkpoint=checkpoint, role=role, name=name, public_key=public_key, signature=signature, signing_key=key
    )
    log.append(
        checkpoint.dialogue_id,
        CHECKPOINT_SIGNED,
        {
            "tree_size": checkpoint.tree_size,
            "root_hash": base64.b64encode(bytes(checkpoint.root_hash)).decode("ascii"),
            "role": role,
            "fingerprint": keys.fingerprint(public_key),
        },
        actor=key.membership if key else None,
    )
    return stored


@transaction.atomic
def do_register_key(member: Membership, public_key: object) -> SigningKey:
    """Register the public half of a co-chair's own Ed25519 key; the private half stays with them."""
    member = access.check_cochair(member)
    if not isinstance(public_key, str):
        raise ActionError(_("Send the public key as text (base64url)."))
    try:
        raw = keys.public_key_from_b64url(public_key.strip())
        keys.load_public_key(raw)
    except keys.KeyFormatError:
        raise ActionError(_("This is not an Ed25519 public key.")) from None
    fingerprint = keys.fingerprint(raw)
    if SigningKey.objects.filter(fingerprint=fingerprint).exists():
        raise ActionError(_("This key is already registered."))
    now = timezone.now()
    SigningKey.objects.filter(membership=member, revoked_at__isnull=True).update(revoked_at=now)
    key = SigningKey.objects.create(membership=member, public_key=raw, fingerprint=fingerprint, created_at=now)
    log.append(
        member.dialogue_id,
        KEY_REGISTERED,
        {
            "member": member.pk,
            "side": member.side.label,
            "role": "cochair",
            "public_key": keys.public_key_to_b64url(raw),
            "fingerprint": fingerprint,
        },
        actor=member,
    )
    return key


def active_key(member: Membership) -> SigningKey | None:
    return SigningKey.objects.filter(membership=member, revoked_at__isnull=True).order_by("-created_at").first()


@transaction.atomic
def do_cosign_checkpoint(member: Membership, checkpoint_id: object, signature: object) -> CheckpointSignature:
    """Add a co-chair's signature, made with their own key wherever it lives, after checking it."""
    member = access.check_cochair(member)
    try:
        checkpoint = Checkpoint.objects.select_for_update().get(
            pk=int(str(checkpoint_id)), dialogue_id=member.dialogue_id
        )
    except (ValueError, Checkpoint.DoesNotExist):
        raise ActionError(_("There is no such checkpoint in this dialogue.")) from None
    key = active_key(member)
    if key is None:
        raise ActionError(_("Register your signing key first."))
    try:
        raw_signature = base64.b64decode(str(signature), validate=True)
    except (binascii.Error, ValueError):
        raise ActionError(_("The signature is not valid base64.")) from None
    if not keys.verify(bytes(key.public_key), bytes(checkpoint.body), raw_signature):
        raise ActionError(_("This signature does not match the checkpoint and your registered key."))
    role = signing.cochair_role(member.side)
    if checkpoint.signatures.filter(role=role).exists():
        raise ActionError(_("Your side has already signed this checkpoint."))
    dialogue = member.dialogue
    return _store_signature(
        checkpoint, role, signing.key_name(dialogue, role), bytes(key.public_key), raw_signature, key
    )
