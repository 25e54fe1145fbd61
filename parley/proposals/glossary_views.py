"""The glossary page (its JSON is `api.glossary`), and the hints an author sees on the write page."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET, require_POST

from parley.dialogues import actions as dialogue_actions
from parley.dialogues import queries as dialogue_queries
from parley.dialogues.access import access_dialogue, require_member
from parley.dialogues.forms import OwnTranslationsForm, StatementForm
from parley.proposals import glossary_queries
from parley.proposals.api import glossary_v1

# A draft longer than this is not a statement; hints look at its beginning only.
MAX_DRAFT = 4000


@require_GET
def glossary_page(request: HttpRequest, slug: str) -> HttpResponse:
    """Everyone who may read the dialogue reads its glossary: each term in every language."""
    dialogue, member = access_dialogue(request, slug)
    language = dialogue_queries.active_language()
    return render(request, "proposals/glossary.html", {**glossary_v1(dialogue, language), "member": member})


@require_POST
def glossary_hint(request: HttpRequest, slug: str) -> HttpResponse:
    """The glossary terms in the draft of the write page's form, with their agreed renderings.

    htmx asks while the author types (debounced) and gets the hint alone; without JavaScript the
    form's "Check the glossary terms" button posts here and gets the write page back, draft kept."""
    dialogue, member = access_dialogue(request, slug)
    member = require_member(member)
    text = str(request.POST.get("text", ""))[:MAX_DRAFT]
    language = str(request.POST.get("language", ""))
    reader = dialogue_queries.active_language()
    hints = glossary_queries.hints(dialogue, text, language, reader)
    context = {"dialogue": dialogue_queries.dialogue_dict(dialogue), "glossary_hints": hints, "checked": True}
    if getattr(request, "htmx", False):
        return render(request, "proposals/_glossary_hint.html", context)
    initial = {"text": text, "language": language or dialogue_actions.default_language_for(member, reader)}
    form = StatementForm(initial=initial, languages=dialogue.languages)
    # The author's own translations, typed below the text, come back as they were typed.
    others = [code for code in dialogue.languages if code != initial["language"]]
    own = OwnTranslationsForm(
        initial={f"translation_{code}": str(request.POST.get(f"translation_{code}", "")) for code in others},
        languages=others,
    )
    return render(request, "dialogues/write.html", {**context, "member": member, "form": form, "own_translations": own})
