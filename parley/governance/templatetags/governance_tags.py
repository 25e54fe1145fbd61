"""Template filters of the governance pages."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django import template

register = template.Library()


@register.filter
def get_item(mapping: Any, key: str) -> Any:
    """Return mapping[key], or "" when there is no such key (per-language texts in forms)."""
    return mapping.get(key, "") if isinstance(mapping, Mapping) else ""


@register.simple_tag
def joint_drafts(dialogue: Any) -> list[Any]:
    """The dialogue's joint statements still being drafted (the finalise proposal's choices)."""
    from parley.governance.joint_models import JointStatement

    return list(JointStatement.objects.filter(dialogue=dialogue, state=JointStatement.State.DRAFT).order_by("-id"))


@register.inclusion_tag("governance/_my_cases.html")
def my_moderated_statements(member: Any, slug: str) -> dict[str, Any]:
    """The member's own statements on hold or removed, each with its appeal link."""
    from parley.dialogues.queries import active_language
    from parley.governance.moderation_queries import author_cases

    return {"cases": author_cases(member, active_language()) if member is not None else [], "slug": slug}


@register.filter
def minute(moment: object) -> str:
    """An ISO 8601 time (as the JSON dicts hold it) shown to the minute: "2026-11-27 10:45"."""
    return str(moment)[:16].replace("T", " ")
