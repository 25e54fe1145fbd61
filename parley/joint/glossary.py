"""Glossary check of a joint statement: where a clause does not use a term's agreed neutral rendering.

Two findings, both warnings (both sides may still finalise; the check tells them what they sign):
- `side`: a clause's text in a language uses one side's own rendering of a term where a neutral
  rendering is agreed for that language;
- `missing`: a clause's text in one language uses a term (any of its renderings) but its text in
  another language, where a neutral rendering is agreed, uses none of the term's renderings (a
  translation chose other words).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext as _

from parley.dialogues.models import Dialogue
from parley.dialogues.queries import language_name
from parley.joint.models import JointStatement, JointVersion
from parley.proposals.glossary import find_in_text, side_of_form, terms_of
from parley.proposals.models import GlossaryTerm


def clause_warnings(
    clauses: list[Mapping[str, Any]], terms: list[GlossaryTerm], dialogue: Dialogue
) -> list[dict[str, Any]]:
    """The findings for CLAUSES (each with `key` and `texts` per language), in clause order."""
    sides = {side.label: side.name_text() for side in dialogue.ordered_sides()}
    warnings: list[dict[str, Any]] = []
    for clause in clauses:
        texts: Mapping[str, str] = clause.get("texts", {})
        found: dict[int, dict[str, list[Any]]] = {}
        for code, text in texts.items():
            for match in find_in_text(text or "", code, terms):
                found.setdefault(int(str(match.key)), {}).setdefault(code, []).append(match)
        for term in terms:
            where = found.get(term.pk, {})
            for code, matches in where.items():
                for match in matches:
                    side = side_of_form(term, code, match.form)
                    if side is not None and term.texts.get(code):
                        warnings.append(
                            _warning(clause, term, code, "side", found=match.text, side=sides.get(side, side))
                        )
            if not where:
                continue
            used_in = next(iter(where))
            for code, text in texts.items():
                if text and code not in where and term.texts.get(code):
                    warnings.append(_warning(clause, term, code, "missing", other=used_in))
    return warnings


def _warning(clause: Mapping[str, Any], term: GlossaryTerm, code: str, kind: str, **more: str) -> dict[str, Any]:
    values = {
        "clause": clause["key"],
        "language": language_name(code),
        "neutral": term.texts[code],
        "other": language_name(more.get("other", "")) if more.get("other") else "",
        "found": more.get("found", ""),
        "side": more.get("side", ""),
    }
    if kind == "side":
        message = _(
            "Clause %(clause)s (%(language)s) says “%(found)s”, the rendering of %(side)s, "
            "where both sides agreed on “%(neutral)s”."
        )
    else:
        message = _(
            "Clause %(clause)s (%(language)s) does not use the agreed rendering “%(neutral)s” "
            "of a glossary term that its %(other)s text uses."
        )
    return {"clause": clause["key"], "language": code, "term": term.pk, "kind": kind, "message": message % values}


def joint_warnings(joint: JointStatement, version: JointVersion | None = None) -> list[dict[str, Any]]:
    """The findings for JOINT's VERSION (its latest, or its final one)."""
    version = version or joint.final_version or joint.versions.order_by("-number").first()
    if version is None:
        return []
    terms = terms_of(joint.dialogue_id)
    return clause_warnings(version.clauses, terms, joint.dialogue) if terms else []


def finalise_warnings(payload: Mapping[str, Any], dialogue: Dialogue) -> list[str]:
    """The messages for a proposal to finalise a joint statement, for the version it names."""
    joint_id, number = payload.get("joint"), payload.get("version")
    if not isinstance(joint_id, int) or not isinstance(number, int):
        return []
    joint = JointStatement.objects.filter(pk=joint_id, dialogue=dialogue).first()
    if joint is None:
        return []
    version = joint.versions.filter(number=number).first()
    return [w["message"] for w in joint_warnings(joint, version)] if version is not None else []
