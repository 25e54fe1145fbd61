"""Template tags of the joint statements' parts of other pages (the proposals page's finalise form)."""

from __future__ import annotations

from typing import Any

from django import template

from parley.joint import queries

register = template.Library()


@register.simple_tag
def joint_drafts(dialogue: Any) -> list[Any]:
    """The dialogue's joint statements still being drafted (the finalise proposal's choices)."""
    return queries.drafts(dialogue)
