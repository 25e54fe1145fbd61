"""The figures about a dialogue, one definition of each: participants, voters, statements and votes.

Every place that states a count (the dialogue and results pages, the API, the bundle's README and
`summary.csv`, `parley dialogues`, the demo's output) states these, so that two places never
disagree. The web app counts them from its tables (`parley.dialogues.figures`), the bundle from
the replayed record (`from_state`); a test builds dialogues and checks that both agree.

The definitions, in full (their texts, in four languages, are `figures_texts.TEXTS`):

- participants: members of a side who may vote and write, whatever their role (participants,
  translators, co-chairs, deputies, organizers, moderators); not observers, and, where only totals
  are public, not the joins that the next batch will publish;
- voters: participants with at least one current vote (not published where only totals are public);
- statements: every statement submitted, split into visible, on hold and removed;
- current votes: the vote that counts, each participant's latest vote on each visible statement
  (where only totals are public: the latest published batch's totals on visible statements);
- votes cast: every vote ever cast, changed votes and votes on statements later held or removed
  included (where only totals are public: the votes the published batches hold).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass, replace
from typing import Any

from parley.record.state import DialogueState

OBSERVER = "observer"
TOTALS_ONLY = "aggregate"
FIGURES = ("participants", "voters", "statements", "current_votes", "votes_cast")


@dataclass(frozen=True)
class SideFigures:
    """One side's figures (statements are counted for the dialogue as a whole)."""

    label: str
    participants: int
    voters: int | None
    current_votes: int
    votes_cast: int


@dataclass(frozen=True)
class Figures:
    """A dialogue's figures, for each side and in total. `voters` is None where only totals are public."""

    sides: tuple[SideFigures, ...]
    statements_visible: int
    statements_on_hold: int
    statements_removed: int

    @property
    def participants(self) -> int:
        return sum(s.participants for s in self.sides)

    @property
    def voters(self) -> int | None:
        counts = [s.voters for s in self.sides]
        return None if any(c is None for c in counts) else sum(c or 0 for c in counts)

    @property
    def statements(self) -> int:
        return self.statements_visible + self.statements_on_hold + self.statements_removed

    @property
    def current_votes(self) -> int:
        return sum(s.current_votes for s in self.sides)

    @property
    def votes_cast(self) -> int:
        return sum(s.votes_cast for s in self.sides)

    def to_dict(self) -> dict[str, Any]:
        """The figures as JSON: totals, then per side (the API's and the stored analysis's form)."""
        return {
            "participants": self.participants,
            "voters": self.voters,
            "statements": {
                "total": self.statements,
                "visible": self.statements_visible,
                "on_hold": self.statements_on_hold,
                "removed": self.statements_removed,
            },
            "current_votes": self.current_votes,
            "votes_cast": self.votes_cast,
            "sides": [asdict(s) for s in self.sides],
        }

    def totals_only(self) -> Figures:
        """These figures as a dialogue where only vote totals are public states them: without voters."""
        return replace(self, sides=tuple(replace(s, voters=None) for s in self.sides))

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Figures:
        statements = data["statements"]
        return cls(
            sides=tuple(SideFigures(**s) for s in data["sides"]),
            statements_visible=statements["visible"],
            statements_on_hold=statements["on_hold"],
            statements_removed=statements["removed"],
        )


def from_state(state: DialogueState) -> Figures:
    """The figures of the dialogue the replayed record STATE describes."""
    labels = state.side_labels
    status = {s.id: s.status for s in state.statements.values()}
    visible = {sid for sid, st in status.items() if st == "visible"}
    participants = Counter(m.side for m in state.members.values() if m.role != OBSERVER) + state.unnamed
    current: Counter[str] = Counter()
    voters: dict[str, set[int]] = {label: set() for label in labels}
    cast: Counter[str] = Counter(state.members[v.member].side for v in state.votes)
    cast.update(v.side for v in state.hidden_votes)
    totals_only = state.vote_visibility == TOTALS_ONLY
    if totals_only:
        latest = state.batches[-1].totals if state.batches else {}
        for statement, per_side in latest.items():
            if int(statement) in visible:
                current.update({label: sum(values) for label, values in per_side.items()})
        for batch in state.batches:
            cast.update({label: counts["votes"] for label, counts in batch.sides.items()})
    else:
        for member, statement_id in state.latest:
            if statement_id in visible:
                side = state.members[member].side
                current[side] += 1
                voters[side].add(member)
    return Figures(
        sides=tuple(
            SideFigures(
                label=label,
                participants=participants[label],
                voters=None if totals_only else len(voters[label]),
                current_votes=current[label],
                votes_cast=cast[label],
            )
            for label in labels
        ),
        statements_visible=len(visible),
        statements_on_hold=sum(st == "on_hold" for st in status.values()),
        statements_removed=sum(st == "removed" for st in status.values()),
    )


def describe(figures: Figures) -> str:
    """FIGURES in one English line, per side where it matters (the command line's form)."""
    sides = ", ".join(f"{s.label} {s.participants}" for s in figures.sides)
    voters = "voters not published" if figures.voters is None else f"{figures.voters} voters"
    return (
        f"{figures.participants} participants ({sides}), {voters}, {figures.statements} statements "
        f"({figures.statements_visible} visible, {figures.statements_on_hold} on hold, "
        f"{figures.statements_removed} removed), {figures.current_votes} current votes, "
        f"{figures.votes_cast} votes cast"
    )
