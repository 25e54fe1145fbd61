"""Template tags of moderation's parts of other pages (a member's own cases on their votes page)."""

from __future__ import annotations

from typing import Any

from django import template

register = template.Library()


@register.inclusion_tag("moderation/_my_cases.html")
def my_moderated_statements(member: Any, slug: str) -> dict[str, Any]:
    """The member's own statements on hold or removed, each with its appeal link."""
    from parley.dialogues.queries import active_language
    from parley.moderation.queries import author_cases

    return {"cases": author_cases(member, active_language()) if member is not None else [], "slug": slug}
