"""Reading proposal forms: field names say where a value goes in the proposal's data."""

from __future__ import annotations

from typing import Any

from django.http import QueryDict

# Fields sent several times (checkboxes): read as lists.
LIST_FIELDS = {"languages", "add", "remove", "statements", "merge"}
# Fields of the page itself, not of the proposal.
PAGE_FIELDS = {"csrfmiddlewaretoken", "kind", "days"}


def proposal_data(post: QueryDict) -> dict[str, Any]:
    """Nest dotted names: `title.az` -> {"title": {"az": ...}}, `side_names.A.hy` -> three levels."""
    data: dict[str, Any] = {}
    for key in post:
        if key in PAGE_FIELDS:
            continue
        parts = key.split(".")
        if len(parts) > 3 or not all(parts):
            continue
        value: Any = post.getlist(key) if parts[0] in LIST_FIELDS else post.get(key)
        target = data
        for part in parts[:-1]:
            child = target.setdefault(part, {})
            if not isinstance(child, dict):
                break
            target = child
        else:
            target[parts[-1]] = value
    return data
