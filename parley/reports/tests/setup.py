"""A dialogue with votes on both sides, an analysis of them and a report of it adopted by both sides."""

from __future__ import annotations

from typing import Any

from parley.analysis.tasks import analyse_now
from parley.dialogues import actions as dialogue_actions
from parley.proposals.models import Report
from parley.reports.models import FrozenReport
from parley.testing.personas import World, join, propose_and_approve

PER_SIDE = 20  # enough votes on each side for a verdict (10) and for the opinion map (2 x 10 participants)


def voted(world: World) -> list[Any]:
    """Both sides agree that rivers connect them (common ground); they split on the border (a divide)."""
    river = dialogue_actions.do_submit_statement(
        world.alice, "Rivers connect us.", "en", translations={"hy": "Գետերը մեզ կապում են։"}
    )
    border = world.statement("bella", "Open the border crossings.")
    voters = []
    for side, inviter, prefix in ((world.side_a, world.aynur, "a"), (world.side_b, world.gayane, "b")):
        voters += [(join(inviter, side, f"{prefix}-voter-{n}"), side == world.side_b) for n in range(PER_SIDE)]
    for member, side_b in voters:
        dialogue_actions.do_cast_vote(member, river.pk, "agree")
        dialogue_actions.do_cast_vote(member, border.pk, "agree" if side_b else "disagree")
    return [river, border]


def adopted(world: World, **data: Any) -> FrozenReport:
    """A report of a fresh analysis, proposed by Aynur and approved by Gayane (DATA: e.g. publish_at)."""
    run = analyse_now(world.dialogue.pk)
    propose_and_approve(world.aynur, world.gayane, "report", {"run": run.pk, **data})
    return FrozenReport.objects.get(report=Report.objects.get(run=run))
