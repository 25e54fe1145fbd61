"""What every page rendered for a request may use: the glossary terms of the request's dialogue.

The terms are read here, once per request and only if a template marks a statement with
`glossary_marked` (the lazy object loads on first use), never inside the template tag, which only
formats. The dialogue is the one `access_dialogue` let the request read.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from parley.dialogues.models import Dialogue
from parley.proposals.glossary_queries import PageGlossary, page_glossary


def glossary(request: HttpRequest) -> dict[str, Any]:
    def load() -> PageGlossary:
        # Kept on the request: a part rendered on its own (a free text's include) reuses it.
        loaded = getattr(request, "_parley_glossary", None)
        if not isinstance(loaded, PageGlossary):
            dialogue = getattr(request, "_parley_dialogue", None)  # by access_dialogue, for this request
            loaded = page_glossary(dialogue if isinstance(dialogue, Dialogue) else None)
            request._parley_glossary = loaded  # type: ignore[attr-defined]
        return loaded

    return {"page_glossary": SimpleLazyObject(load)}
