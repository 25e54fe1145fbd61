"""Checkpoints of a dialogue's record (signed tree heads) and the co-chairs' keys that co-sign them."""

from __future__ import annotations

from django.db import models
from django.utils import timezone


class SigningKey(models.Model):
    """A public key a co-chair registered to co-sign checkpoints; the private key never reaches us."""

    membership = models.ForeignKey("dialogues.Membership", on_delete=models.PROTECT, related_name="signing_keys")
    public_key = models.BinaryField(max_length=32)
    fingerprint = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        db_table = "publicrecord_signingkey"  # the table it had in the publicrecord app
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"key {self.fingerprint[:16]} of member {self.membership_id}"


class Checkpoint(models.Model):
    """A signed tree head: the dialogue's record up to TREE_SIZE entries has root ROOT_HASH."""

    dialogue = models.ForeignKey("dialogues.Dialogue", on_delete=models.PROTECT, related_name="checkpoints")
    tree_size = models.PositiveIntegerField()
    root_hash = models.BinaryField(max_length=32)
    timestamp = models.PositiveBigIntegerField(help_text="Seconds since 1970, UTC.")
    body = models.BinaryField(help_text="The signed note body (C2SP tlog-checkpoint).")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        db_table = "publicrecord_checkpoint"  # the table it had in the publicrecord app
        ordering = ["dialogue", "tree_size", "id"]
        constraints = [models.UniqueConstraint(fields=["dialogue", "tree_size"], name="checkpoint_size_unique")]

    def __str__(self) -> str:
        return f"checkpoint of dialogue {self.dialogue_id} at {self.tree_size}"


class CheckpointSignature(models.Model):
    checkpoint = models.ForeignKey(Checkpoint, on_delete=models.PROTECT, related_name="signatures")
    role = models.CharField(max_length=20, help_text="server, or cochair-<side label>")
    name = models.CharField(max_length=120, help_text="The signed-note key name.")
    public_key = models.BinaryField(max_length=32)
    signature = models.BinaryField(max_length=64)
    signing_key = models.ForeignKey(SigningKey, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        db_table = "publicrecord_checkpointsignature"  # the table it had in the publicrecord app
        ordering = ["checkpoint", "created_at", "id"]
        constraints = [models.UniqueConstraint(fields=["checkpoint", "role"], name="checkpoint_signature_role_unique")]

    def __str__(self) -> str:
        return f"{self.role} signature on {self.checkpoint_id}"
