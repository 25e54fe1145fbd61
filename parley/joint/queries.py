"""What the joint statement pages show, as plain dicts: clauses with their sources, amendments, votes, diffs."""

from __future__ import annotations

import base64
import difflib
import re
from collections import defaultdict
from typing import Any

from django.conf import settings
from django.db.models import Count
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from parley.analysis.queries import latest_run
from parley.checkpoints import signing
from parley.dialogues import codes
from parley.dialogues.language_check import written_language
from parley.dialogues.models import Dialogue, Membership, Side, Statement, pick_language_code
from parley.dialogues.provenance import translations_prefetch
from parley.dialogues.queries import language_label, language_name, per_side_counts, side_row, statement_dict
from parley.dialogues.tallies import is_totals_only
from parley.joint import votes as joint_votes
from parley.joint.access import AMENDERS
from parley.joint.glossary import joint_warnings
from parley.joint.models import Amendment, JointStatement, JointVersion, JointVote
from parley.proposals.models import Proposal
from parley.proposals.queries import FORM_CHOICES
from parley.record import keys
from parley.record.joint import sha256

# How many of the latest analysis's statements, by common ground, a draft may start from.
CANDIDATES = 10
_WORDS = re.compile(r"(\s+)")


def latest_version(joint: JointStatement) -> JointVersion:
    version = joint.versions.order_by("-number").first()
    assert version is not None, "a joint statement always has its first version"
    return version


def common_ground_ids(dialogue: Dialogue) -> tuple[int, list[int]] | None:
    """The latest finished analysis's id and its visible statements judged common ground, best first.

    Only statements whose verdict is common ground (every side's lower bound of agreement clears the
    engine's threshold on enough votes of each side) qualify, in the engine's order; an analysis from
    an engine before verdicts (1.3.0) offers none."""
    run = latest_run(dialogue)
    if run is None or not run.result:
        return None
    visible = set(
        Statement.objects.filter(dialogue=dialogue, status=Statement.Status.VISIBLE).values_list("pk", flat=True)
    )
    ranked = (run.result.get("evidence") or {}).get("common_ground", [])
    return run.pk, [int(i) for i in ranked if int(i) in visible][:CANDIDATES]


def _sources(dialogue: Dialogue, ids: list[int], language: str) -> dict[int, dict[str, Any]]:
    """Visible statements by id in the reader's language, each with every side's agree / disagree / pass
    counts. A source held or removed since stays out: its text is hidden from the public."""
    sides = dialogue.ordered_sides()
    counts = per_side_counts(dialogue)
    rows = Statement.objects.filter(dialogue=dialogue, pk__in=ids, status=Statement.Status.VISIBLE)
    rows = rows.prefetch_related(translations_prefetch())
    return {
        s.pk: {
            **statement_dict(s, language),
            "per_side": [
                side_row(side.label, side.pk, side.name_text(language), counts[s.pk][side.pk]) for side in sides
            ],
        }
        for s in rows
    }


def drafts(dialogue: Dialogue) -> list[JointStatement]:
    """The dialogue's joint statements still being drafted, newest first (the finalise proposal's choices)."""
    return list(JointStatement.objects.filter(dialogue=dialogue, state=JointStatement.State.DRAFT).order_by("-id"))


def finalise_choices(dialogue: Dialogue) -> dict[str, Any]:
    """What the "finalise a joint statement" proposal form offers, read by the proposals view."""
    return {"joint_drafts": drafts(dialogue)}


FORM_CHOICES.append(finalise_choices)


def why_no_finalise(member: Membership) -> str:
    """Why MEMBER cannot propose to finalise a joint statement now ("" when they can)."""
    if not JointStatement.objects.filter(dialogue=member.dialogue, state=JointStatement.State.DRAFT).exists():
        return _("No joint statement is being drafted.")
    return ""


def draft_candidates(dialogue: Dialogue, language: str) -> dict[str, Any]:
    found = common_ground_ids(dialogue)
    if found is None:
        return {"analysis": False, "candidates": []}
    _run, ids = found
    sources = _sources(dialogue, ids, language)
    return {"analysis": True, "candidates": [sources[pk] for pk in ids if pk in sources]}


def joint_list(dialogue: Dialogue, language: str) -> list[dict[str, Any]]:
    rows = JointStatement.objects.filter(dialogue=dialogue).annotate(n_versions=Count("versions"))
    return [
        {
            "id": j.pk,
            "title": j.title_text(language),
            "title_lang": pick_language_code(j.title, language),
            "state": j.state,
            "state_label": str(JointStatement.State(j.state).label),
            "versions": j.n_versions,  # type: ignore[attr-defined]
            "created_at": j.created_at,
        }
        for j in rows.order_by("-created_at", "-id")
    ]


def _clause(clause: dict[str, Any], number: int, languages: list[str], language: str) -> dict[str, Any]:
    texts, original = clause["texts"], clause["original"]
    shown = language if texts.get(language) else original
    return {
        "key": clause["key"],
        "number": number,
        "text": texts.get(shown, ""),
        "lang": shown,
        "is_translation": shown != original,
        "original": original,
        "original_name": language_name(original),
        "original_text": texts.get(original, ""),
        "texts": [
            {"code": code, "name": language_label(code), "text": texts.get(code, ""), "is_original": code == original}
            for code in languages
        ],
        "sources": clause["sources"],
    }


def _vote_results(joint: JointStatement, sides: list[Side], language: str) -> dict[str, list[dict[str, Any]]]:
    """Clause key ("" for the whole text) -> per side agree and disagree counts (where only totals
    are public: the counts the latest sealed batch published, never the live ones)."""
    counts: dict[str, dict[int, dict[str, int]]] = defaultdict(lambda: defaultdict(lambda: {"agree": 0, "disagree": 0}))
    if is_totals_only(joint.dialogue):
        batch = joint_votes.latest_batch(joint)
        side_ids = {side.label: side.pk for side in sides}
        for clause, per_side in (batch.totals if batch else {}).items():
            for label, (agree, disagree) in per_side.items():
                counts[clause][side_ids[label]] = {"agree": agree, "disagree": disagree}
    else:
        rows = (
            JointVote.objects.filter(joint=joint)
            .values("clause", "membership__side_id", "value")
            .annotate(n=Count("id"))
        )
        for row in rows:
            counts[row["clause"]][row["membership__side_id"]]["agree" if row["value"] == 1 else "disagree"] = row["n"]
    keys_ = ["", *(c["key"] for c in joint.final_version.clauses)] if joint.final_version else [""]
    return {
        key: [
            {"side": side.label, "name": side.name_text(language), **counts[key][side.pk]}
            | {"total": counts[key][side.pk]["agree"] + counts[key][side.pk]["disagree"]}
            for side in sides
        ]
        for key in keys_
    }


def amendment_dict(amendment: Amendment, member: Membership | None, language: str) -> dict[str, Any]:
    pending = amendment.state == Amendment.State.PENDING
    mine = member is not None and member.side_id == amendment.side_id
    return {
        "id": amendment.pk,
        "action": amendment.action,
        "action_label": str(Amendment.Action(amendment.action).label),
        "clause": amendment.clause,
        "language": amendment.language,
        "language_name": language_label(amendment.language) if amendment.language else "",
        "texts": [{"code": c, "name": language_label(c), "text": t} for c, t in amendment.texts.items()],
        "position": amendment.position,
        "base_version": amendment.base_version,
        "side": amendment.side.label,
        "side_name": amendment.side.name_text(language),
        "side_position": amendment.side.position,
        "proposed_by": amendment.proposed_by.handle,
        "state": amendment.state,
        "state_label": str(Amendment.State(amendment.state).label),
        "reason": amendment.reason,
        "reason_lang": written_language(
            amendment.reason, amendment.answered_by.language if amendment.answered_by else ""
        ),
        "answered_by": amendment.answered_by.handle if amendment.answered_by else None,
        "created_at": amendment.created_at,
        "pending": pending,
        "can_answer": bool(pending and member is not None and not mine and member.leads_side),
        "can_withdraw": bool(
            pending and member is not None and mine and (member.pk == amendment.proposed_by_id or member.leads_side)
        ),
    }


def joint_page(joint: JointStatement, member: Membership | None, language: str) -> dict[str, Any]:
    """Everything the joint statement's page shows; what only a member may do is in the `can_*` flags."""
    dialogue = joint.dialogue
    sides = dialogue.ordered_sides()
    version = joint.final_version or joint.versions.order_by("-number").first()
    assert version is not None
    languages = [c for c in dialogue.languages] or sorted({code for c in version.clauses for code in c["texts"]})
    clauses = [_clause(c, n, languages, language) for n, c in enumerate(version.clauses, start=1)]
    sources = _sources(dialogue, [pk for c in clauses for pk in c["sources"]], language)
    for clause in clauses:
        clause["sources"] = [sources[pk] for pk in clause["sources"] if pk in sources]
    draft = joint.state == JointStatement.State.DRAFT
    data = bytes(joint.canonical)
    signatures = [
        {
            "role": s.role,
            "role_label": codes.signer_label(s.role, sides, language),
            "fingerprint": s.signing_key.fingerprint,
            "public_key": keys.public_key_to_b64url(bytes(s.signing_key.public_key)),
            "signature": base64.b64encode(bytes(s.signature)).decode("ascii"),
            "created_at": s.created_at,
        }
        for s in joint.signatures.select_related("signing_key")
    ]
    roles = [{"role": signing.cochair_role(side), "name": side.name_text(language)} for side in sides]
    signed = {s["role"] for s in signatures}
    my_role = signing.cochair_role(member.side) if member is not None else None
    page: dict[str, Any] = {
        "id": joint.pk,
        "title": joint.title_text(language),
        "title_lang": pick_language_code(joint.title, language),
        "title_in_reader_language": bool(joint.title.get(language)),
        "titles": [{"code": c, "name": language_label(c), "text": t} for c, t in joint.title.items()],
        "state": joint.state,
        "state_label": str(JointStatement.State(joint.state).label),
        "version": version.number,
        "versions": joint.versions.count(),
        "clauses": clauses,
        "languages": [{"code": c, "name": language_label(c)} for c in languages],
        "participant_vote": joint.participant_vote,
        "sha256": sha256(data) if data else None,
        "signatures": signatures,
        "missing_roles": [r for r in roles if r["role"] not in signed],
        "finalised_at": joint.finalised_at,
        "ratified_at": joint.ratified_at,
        "amendments": [
            amendment_dict(a, member, language)
            for a in joint.amendments.select_related("side", "proposed_by", "answered_by").order_by(
                "-created_at", "-id"
            )
        ],
        "finalise_pending": Proposal.objects.filter(
            dialogue=dialogue, kind="finalise_joint_statement", state=Proposal.State.PENDING, payload__joint=joint.pk
        ).exists(),
    }
    page["glossary_warnings"] = [w["message"] for w in joint_warnings(joint, version)]
    if joint.state != JointStatement.State.DRAFT and joint.participant_vote:
        page["vote_results"] = _vote_results(joint, sides, language)
        page["batched"] = is_totals_only(dialogue)
        batch = joint_votes.latest_batch(joint) if page["batched"] else None
        page["batch"] = {"number": batch.number, "sealed_at": batch.sealed_at} if batch else None
        page["min_voters"] = settings.TALLY_MIN_VOTERS
        for clause in clauses:
            clause["votes"] = page["vote_results"].get(clause["key"], [])
    page["can_amend"] = bool(draft and member is not None and member.role in AMENDERS)
    page["can_finalise"] = bool(draft and member is not None and member.leads_side)
    page["can_vote"] = bool(
        joint.state == JointStatement.State.FINAL and joint.participant_vote and member and member.can_take_part
    )
    if page["can_vote"] and member is not None:
        mine = joint_votes.my_joint_votes(joint, member)
        page["my_votes"] = {clause: vote["value"] for clause, vote in mine.items()}
        page["my_batches"] = mine if is_totals_only(dialogue) else {}
    page["can_sign"] = bool(
        joint.state == JointStatement.State.FINAL and member is not None and member.is_cochair and my_role not in signed
    )
    if page["can_sign"] and member is not None:
        page["sign"] = {"slot": f"{dialogue.slug}/{member.handle}", "bytes": base64.b64encode(data).decode("ascii")}
    return page


def word_diff(old: str, new: str) -> SafeString:
    """OLD to NEW word by word, deletions in <del> and insertions in <ins>, everything else escaped."""
    a, b = _WORDS.split(old), _WORDS.split(new)
    out: list[str] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            out.append(escape("".join(a[i1:i2])))
            continue
        if i2 > i1:
            out.append(f"<del>{escape(''.join(a[i1:i2]))}</del>")
        if j2 > j1:
            out.append(f"<ins>{escape(''.join(b[j1:j2]))}</ins>")
    return mark_safe("".join(out))  # noqa: S308 - every piece of text is escaped above


def compare(joint: JointStatement, old: JointVersion, new: JointVersion) -> list[dict[str, Any]]:
    """Per clause (of either version) and language: added, removed, changed or the same, with a word diff."""
    languages = joint.dialogue.languages or sorted({k for c in new.clauses + old.clauses for k in c["texts"]})
    before = {c["key"]: c for c in old.clauses}
    after = {c["key"]: c for c in new.clauses}
    order = [c["key"] for c in new.clauses] + [k for k in before if k not in after]
    rows = []
    for key in order:
        a, b = before.get(key), after.get(key)
        status = "added" if a is None else "removed" if b is None else "same"
        texts = []
        for code in languages:
            old_text = a["texts"].get(code, "") if a else ""
            new_text = b["texts"].get(code, "") if b else ""
            changed = old_text != new_text
            if changed and status == "same":
                status = "changed"
            texts.append(
                {"code": code, "name": language_label(code), "changed": changed, "diff": word_diff(old_text, new_text)}
            )
        rows.append({"key": key, "status": status, "texts": texts})
    return rows


def versions(joint: JointStatement) -> list[dict[str, Any]]:
    return [
        {
            "number": v.number,
            "reason": v.reason,
            "reason_label": codes.version_reason_label(v.reason),
            "made_by": v.made_by.handle,
            "created_at": v.created_at,
        }
        for v in joint.versions.select_related("made_by").order_by("number")
    ]
