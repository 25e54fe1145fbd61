"""Signals the proposals emit, so that the apps built on them (`joint`) need not be imported here.

`final_votes_due` is sent inside the approval's transaction when every vote still waiting for a batch
must be published now, however few (the dialogue closes, or its votes become public one by one), with
the argument `dialogue_id`: the dialogue's own waiting votes are already sealed when it is sent; the
joint statements' participant votes are sealed by the `joint` app's receiver.
"""

from __future__ import annotations

from django.dispatch import Signal

final_votes_due = Signal()
