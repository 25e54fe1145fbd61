"""Template tags of moderation's parts of other pages (a member's own cases on their votes page)."""

from __future__ import annotations

from typing import Any

from django import template

register = template.Library()


@register.inclusion_tag("moderation/_my_cases.html")
def my_moderated_statements(cases: Any, slug: str) -> dict[str, Any]:
    """The member's own statements on hold or removed (CASES, as the view read them with
    `queries.author_cases`), each with its appeal link. Formats only: it reads nothing."""
    return {"cases": cases or [], "slug": slug}
