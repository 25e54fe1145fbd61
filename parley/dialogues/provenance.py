"""Where a statement's translation comes from, as a reader reads it: one label per translation.

"Machine translation (LibreTranslate, model X)", "Translated by Lala (Side A), reviewed by Gayane
(Side B)", "Author's translation". The translation workflow itself is `parley.translations`.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from parley.dialogues.models import Membership, StatementTranslation

Source = StatementTranslation.Source
Status = StatementTranslation.Status

# Backends by the name a reader knows them (`parley.lang.translate` backends' names).
BACKEND_NAMES = {
    "libretranslate": "LibreTranslate",
    "openai": gettext_lazy("an OpenAI-compatible model server"),
    "ctranslate2": "CTranslate2",
    "demo": gettext_lazy("the demo's stand-in translator, not a real translation"),
}


def translations_prefetch(prefix: str = "") -> Prefetch:
    """Prefetch a statement's translations with the people named in their labels, in one query."""
    return Prefetch(
        f"{prefix}translations",
        queryset=StatementTranslation.objects.select_related("translator__side", "reviewer__side", "disputed_by__side"),
    )


def _person(member: Membership, language: str) -> dict[str, str]:
    return {"handle": member.handle, "side": member.side.name_text(language)}


def provenance(translation: StatementTranslation, language: str, language_name: Any) -> dict[str, Any]:
    """The translation's provenance and status, and the label a reader sees."""
    info: dict[str, Any] = {
        "source": translation.source,
        "status": translation.status,
        "status_label": str(Status(translation.status).label),
        "translator": None,
        "reviewer": None,
        "disputed_by": None,
        "backend": translation.backend,
        "model": translation.model,
        "pivot": translation.pivot or None,
    }
    if translation.source == Source.MACHINE:
        backend = str(BACKEND_NAMES.get(translation.backend, translation.backend))
        if translation.model and translation.pivot:
            what = _("Machine translation (%(backend)s, model %(model)s, through %(pivot)s)") % {
                "backend": backend,
                "model": translation.model,
                "pivot": language_name(translation.pivot),
            }
        elif translation.model:
            what = _("Machine translation (%(backend)s, model %(model)s)") % {
                "backend": backend,
                "model": translation.model,
            }
        else:
            what = _("Machine translation (%(backend)s)") % {"backend": backend}
    elif translation.source == Source.AUTHOR:
        what = _("Author's translation")
        info["translator"] = _person(translation.translator, language) if translation.translator else None
    else:
        info["translator"] = _person(translation.translator, language) if translation.translator else None
        what = _("Translated by %(handle)s (%(side)s)") % (info["translator"] or {"handle": "?", "side": "?"})
    if translation.status == Status.REVIEWED and translation.reviewer is not None:
        info["reviewer"] = _person(translation.reviewer, language)
        what = _("%(label)s, reviewed by %(handle)s (%(side)s)") % {"label": what, **info["reviewer"]}
    elif translation.status == Status.DISPUTED and translation.disputed_by is not None:
        info["disputed_by"] = _person(translation.disputed_by, language)
        what = _("%(label)s, disputed by %(handle)s (%(side)s)") % {"label": what, **info["disputed_by"]}
    elif translation.status == Status.PROPOSED:
        what = _("%(label)s, not reviewed by the other side yet") % {"label": what}
    info["label"] = what
    return info
