"""What a replay of a dialogue's record yields: its state, and the records of its parts (pure).

`parley.record.replay` builds a `DialogueState` entry by entry; the verifier and the web app read it.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from parley.record.entries import ANALYSIS_RUN_RECORDED
from parley.record.joint import RecordedJoint
from parley.record.tally import Batch
from parley.record.translations import Translations

STATEMENT_STATUSES = ("visible", "on_hold", "removed")
VOTE_VALUES = (-1, 0, 1)
COCHAIR = "cochair"
SERVER = "server"


class ReplayError(ValueError):
    """An entry that the record's earlier entries make impossible, or a payload missing a field."""

    def __init__(self, seq: int, message: str) -> None:
        super().__init__(f"entry {seq}: {message}")
        self.seq = seq


@dataclass(frozen=True)
class Side:
    position: int
    label: str
    name: Mapping[str, str]
    colour: str


@dataclass
class Member:
    id: int
    # None where the pseudonym is sealed and not opened (or withdrawn).
    handle: str | None
    side: str
    role: str
    seq: int


@dataclass
class Statement:
    id: int
    # None once its text was withdrawn from the public record.
    text: str | None
    language: str
    side: str
    author: int | None
    seq: int
    time: str
    status: str = "visible"
    # Pol.is tells "never moderated" (0) apart from "moderated and kept" (1).
    moderated: bool = False


@dataclass(frozen=True)
class Vote:
    seq: int
    time: str
    member: int
    statement: int
    value: int


@dataclass(frozen=True)
class GlossaryEntry:
    """An adopted glossary term: its neutral rendering per language, each side's own where it differs
    (none in records made before side renderings existed), and its note."""

    term: int
    seq: int
    texts: Mapping[str, str]
    sides: Mapping[str, Mapping[str, str]]
    note: Mapping[str, str]


@dataclass(frozen=True)
class HiddenVote:
    """A vote cast while only totals were public: its side and statement, never its voter or value."""

    seq: int
    time: str
    statement: int
    side: str


@dataclass(frozen=True)
class RegisteredKey:
    """A co-chair's public key, registered in the record by that co-chair."""

    seq: int
    member: int
    side: str
    public_key: str
    fingerprint: str
    # The entry at which its owner stopped being co-chair, if they did: the key signs nothing after it.
    retired: int | None = None


@dataclass(frozen=True)
class PublishedAnalysis:
    seq: int
    run: Any
    upto: int
    result_sha256: str
    recomputable: bool
    # The type it was written under: ANALYSIS_RUN_RECORDED, or the legacy name in older records.
    type: str = ANALYSIS_RUN_RECORDED


@dataclass
class DialogueState:
    """Everything the record says about a dialogue, as of its last replayed entry."""

    slug: str = ""
    title: Mapping[str, str] = field(default_factory=dict)
    description: Mapping[str, str] = field(default_factory=dict)
    languages: list[str] = field(default_factory=list)
    sides: list[Side] = field(default_factory=list)
    status: str = ""
    vote_visibility: str = ""
    members: dict[int, Member] = field(default_factory=dict)
    statements: dict[int, Statement] = field(default_factory=dict)
    votes: list[Vote] = field(default_factory=list)
    latest: dict[tuple[int, int], Vote] = field(default_factory=dict)
    hidden_votes: list[HiddenVote] = field(default_factory=list)
    keys: list[RegisteredKey] = field(default_factory=list)
    analyses: list[PublishedAnalysis] = field(default_factory=list)
    joints: dict[int, RecordedJoint] = field(default_factory=dict)
    glossary: dict[int, GlossaryEntry] = field(default_factory=dict)
    types: Counter[str] = field(default_factory=Counter)
    entries: int = 0
    handles: dict[str, int] = field(default_factory=dict)
    # How many sealed values the record holds (`parley.record.sealing`); none in records before them.
    sealed: int = 0
    # Totals-only dialogues: members who joined unnamed (per side), and the sealed batches of votes.
    unnamed: Counter[str] = field(default_factory=Counter)
    batches: list[Batch] = field(default_factory=list)
    joint_batches: list[Batch] = field(default_factory=list)
    translations: Translations = field(default_factory=Translations)

    @property
    def side_labels(self) -> list[str]:
        return [s.label for s in self.sides]

    def members_per_side(self) -> dict[str, int]:
        """How many members each side has, named or not."""
        counts = Counter(m.side for m in self.members.values()) + self.unnamed
        return {label: counts[label] for label in self.side_labels}

    def cochair_keys(self, role: str) -> dict[str, tuple[int, int | None]]:
        """Return the base64url public keys registered by co-chairs of the side that signs as ROLE, each
        with its term: the entry that registered it, and the one at which its owner stopped being co-chair
        (None while they still are). A signature counts only if the record made it within that term."""
        labels = {s.label for s in self.sides if cochair_role(s) == role}
        return {k.public_key: (k.seq, k.retired) for k in self.keys if k.side in labels}


def cochair_role(side: Side) -> str:
    """Return the role SIDE's co-chair signs checkpoints under (see `cochair_role_for`)."""
    return cochair_role_for(side.label, side.position)


def cochair_role_for(label: str, position: int) -> str:
    """Return the role a side's co-chair signs checkpoints under: `cochair-<slug of its label>`.

    The slug is Django's `slugify` spelled out here, since this package may not import Django:
    ASCII letters, digits, `_` and `-` of the label, lowercased; the side's position when none.
    """
    ascii_label = unicodedata.normalize("NFKD", label).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[-\s]+", "-", re.sub(r"[^\w\s-]", "", ascii_label.lower())).strip("-_")
    return f"{COCHAIR}-{slug or position}"
