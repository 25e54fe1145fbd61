"""The server's signing key and the names under which keys sign a dialogue's checkpoints."""

from __future__ import annotations

import os
from functools import cache

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.conf import settings

from parley.dialogues.models import Dialogue, Side
from parley.record import keys
from parley.record.replay import cochair_role_for

SERVER_ROLE = "server"


@cache
def server_private_key() -> Ed25519PrivateKey:
    """Load the server's key, creating it (readable by this user only) on first use."""
    path = settings.SERVER_KEY_FILE
    if path.exists():
        return keys.private_key_from_pem(path.read_bytes())
    key = keys.generate_private_key()
    path.parent.mkdir(parents=True, exist_ok=True)
    # O_EXCL: if two processes start at once, one creates the key and the other reads it.
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return keys.private_key_from_pem(path.read_bytes())
    with os.fdopen(fd, "wb") as out:
        out.write(keys.private_key_to_pem(key))
    return key


def server_public_key() -> bytes:
    return keys.public_key_raw(server_private_key())


def origin(dialogue: Dialogue) -> str:
    """The identity of a dialogue's record in its checkpoints."""
    return f"{settings.SITE_NAME}/d/{dialogue.slug}"


def cochair_role(side: Side) -> str:
    """The role a side's co-chair signs under: the one rule the offline verifier also applies."""
    return cochair_role_for(side.label, side.position)


def key_name(dialogue: Dialogue, role: str) -> str:
    return f"{origin(dialogue)}/{role}"
