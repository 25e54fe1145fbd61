"""The opinion map as a server-side SVG scatter (points scaled into a square box) with one participant
picked out, and the words that say the same for readers who cannot see it."""

from __future__ import annotations

import hashlib
from typing import Any

from django.utils.translation import gettext as _

SIZE = 400  # SVG user units, square, as on the results page
MARGIN = 16
MAX_POINTS = 2500  # more dots than this add nothing a reader can see


def _scale(value: float, low: float, high: float) -> float:
    span = high - low if high > low else 1.0
    return MARGIN + (value - low) / span * (SIZE - 2 * MARGIN)


def opinion_map(result: dict[str, Any], member_id: int, sides: list[dict[str, Any]]) -> dict[str, Any] | None:
    """Every placed participant as a dot coloured by side, the member's dot marked, each group's centre
    labelled; None when the member has no position in RESULT."""
    people = [p for p in result.get("participants", []) if p["x"] is not None and p["y"] is not None]
    me = next((p for p in people if p["id"] == str(member_id)), None)
    if me is None:
        return None
    xs, ys = [p["x"] for p in people], [p["y"] for p in people]
    low_x, high_x, low_y, high_y = min(xs), max(xs), min(ys), max(ys)

    def point(p: dict[str, Any]) -> tuple[float, float]:
        # SVG's y grows downwards.
        return round(_scale(p["x"], low_x, high_x), 1), round(SIZE - _scale(p["y"], low_y, high_y), 1)

    def svg(x: float, y: float) -> dict[str, str]:
        # Text, not numbers: a template localises a float ("16,0" in Russian), which SVG cannot read.
        return {"x": f"{x:.1f}", "y": f"{y:.1f}"}

    side_ids = {s["label"]: s["id"] for s in sides}
    # A fixed, even subsample for large dialogues (the same one on every render); the member is drawn apart.
    others = sorted((p for p in people if p is not me), key=lambda p: hashlib.sha256(p["id"].encode()).digest())[
        :MAX_POINTS
    ]
    points = [{**svg(*point(p)), "side_id": side_ids.get(p["side"])} for p in others]
    groups = []
    for group in result.get("groups", []):
        members = [point(p) for p in people if p["group"] == group["id"]]
        if members:
            centre = sum(x for x, _y in members) / len(members), sum(y for _x, y in members) / len(members)
            groups.append({"label": group["id"] + 1, **svg(*centre)})
    my_x, my_y = point(me)
    return {
        "size": SIZE,
        "points": points,
        "groups": groups,
        "me": {**svg(my_x, my_y), "side_id": side_ids.get(me["side"])},
        "n_people": len(people),
        "where": describe(my_x, my_y),
    }


def describe(x: float, y: float) -> str:
    """Where a point lies in the box, in words: the centre, or one of eight directions from it."""
    third = (SIZE - 2 * MARGIN) / 3
    column = 0 if x < MARGIN + third else (2 if x > SIZE - MARGIN - third else 1)
    row = 0 if y < MARGIN + third else (2 if y > SIZE - MARGIN - third else 1)
    words = [
        [_("in the top left of the map"), _("at the top of the map"), _("in the top right of the map")],
        [_("on the left of the map"), _("near the centre of the map"), _("on the right of the map")],
        [_("in the bottom left of the map"), _("at the bottom of the map"), _("in the bottom right of the map")],
    ]
    return words[row][column]
