"""What a report's page shows, computed once when both sides adopt it, as JSON-ready plain values.

Everything is read from the analysis run, the record and the rows as they stand at adoption; texts and
labels are stored for each of the dialogue's languages, so that the page renders from the snapshot alone
and later votes, translations or renamings never change it. The snapshot's bytes are hashed into the
record (`report.frozen`).
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from datetime import UTC, datetime
from typing import Any

from django.utils import translation

from parley.analysis.models import AnalysisRun
from parley.analysis.queries import MAP_POINTS, map_min_per_side, served_result
from parley.checkpoints.models import Checkpoint
from parley.dialogues import codes
from parley.dialogues.models import Dialogue, Statement
from parley.dialogues.provenance import translations_prefetch
from parley.dialogues.queries import statement_dict
from parley.joint.models import JointStatement
from parley.ledger.models import RecordEntry
from parley.record.canonical import load_json
from parley.record.entries import MEMBERSHIP_JOINED

FORMAT = 1
TOP = 10  # statements shown in each of common ground and divides
PARTICIPANT = "participant"


def encode(snapshot: dict[str, Any]) -> str:
    """The snapshot's stored text: sorted keys, no spaces, UTF-8; its SHA-256 is what the record holds."""
    return json.dumps(snapshot, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False)


def sha256_of(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def build(dialogue: Dialogue, run: AnalysisRun, report_id: int, publish_at: datetime | None) -> dict[str, Any]:
    """The snapshot of report REPORT_ID of RUN, as of now."""
    languages = list(dialogue.languages) or ["en"]
    sides = dialogue.ordered_sides()
    result = served_result(dialogue, run.result or {})
    statements = {s["id"]: s for s in result.get("statements", [])}
    evidence = result.get("evidence") or {}
    common = [i for i in evidence.get("common_ground", []) if i in statements]
    divides = [i for i in evidence.get("divides", []) if i in statements]
    groups = _groups(result.get("groups", []))
    within: dict[str, dict[str, Any]] = {
        label: {"participants": int(found.get("participants", 0)), "groups": _groups(found.get("groups", []))}
        for label, found in (result.get("meta", {}).get("within_sides") or {}).items()
    }
    shown_ids = set(common[:TOP]) | set(divides[:TOP])
    for group in [*groups, *(g for side in within.values() for g in side["groups"])]:
        shown_ids |= {r["statement"] for r in group["representative"]}
    return {
        "format": FORMAT,
        "report": report_id,
        "dialogue": {
            "slug": dialogue.slug,
            "title": {code: dialogue.title_text(code) for code in languages},
            "languages": languages,
            "vote_visibility": dialogue.vote_visibility,
        },
        "sides": [
            {"label": s.label, "position": s.position, "name": {code: s.name_text(code) for code in languages}}
            for s in sides
        ],
        "run": {
            "id": run.pk,
            "finished_at": _iso(run.finished_at or run.created_at),
            "n_votes": run.n_votes,
            "n_participants": run.n_participants,
            "n_statements": run.n_statements,
            "engine_version": run.engine_version,
            "record_size": run.record_size,
        },
        "publish_at": _iso(publish_at) if publish_at else None,
        "participation": _participation(dialogue, run.record_size, [s.label for s in sides]),
        "map": _map(dialogue, result, [s.label for s in sides]),
        "per_side": {i: statements[i].get("per_side", {}) for i in sorted(shown_ids) if i in statements},
        "common_ground": common[:TOP],
        "n_common_ground": len(common),
        "divides": divides[:TOP],
        "n_divides": len(divides),
        "evidence_state": "ok" if evidence else ("outdated" if "evidence" not in result else "no_sides"),
        "groups": groups,
        "within_sides": within,
        "statements": _statements(dialogue, sorted(shown_ids, key=int), languages),
        "joint_statements": _joint(dialogue, languages),
        "checkpoint": _checkpoint(dialogue),
    }


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def _groups(groups: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [
        {
            "label": int(g["id"]) + 1,
            "size": int(g["size"]),
            "representative": [
                {"statement": r["statement"], "direction": r["direction"], "p_pct": round(100 * float(r["p"] or 0))}
                for r in g.get("representative", [])
            ],
        }
        for g in groups
    ]


def _participation(dialogue: Dialogue, upto: int | None, labels: list[str]) -> dict[str, list[list[Any]]]:
    """Participants who had joined each side by the end of each day, from the record's membership entries
    up to the entries the analysis saw (what the public record shows anyway)."""
    rows = RecordEntry.objects.filter(dialogue=dialogue, type=MEMBERSHIP_JOINED)
    if upto is not None:
        rows = rows.filter(seq__lt=upto)
    per_day: dict[str, dict[str, int]] = {label: defaultdict(int) for label in labels}
    for data in rows.order_by("seq").values_list("data", flat=True):
        entry = load_json(bytes(data))
        payload = entry.get("payload") or {}
        if payload.get("role") == PARTICIPANT and payload.get("side") in per_day:
            per_day[payload["side"]][str(entry.get("time", ""))[:10]] += 1
    series: dict[str, list[list[Any]]] = {}
    for label in labels:
        total, points = 0, []
        for day in sorted(per_day[label]):
            total += per_day[label][day]
            points.append([day, total])
        series[label] = points
    return series


def _map(dialogue: Dialogue, result: dict[str, Any], labels: list[str]) -> dict[str, Any]:
    """Dots as (x, y, side index, group label), or why the map is not shown (same rules as the results page)."""
    if dialogue.vote_visibility == Dialogue.VoteVisibility.AGGREGATE:
        return {"state": "totals_only", "points": []}
    counts = (result.get("meta", {}).get("input", {}) or {}).get("sides") or {}
    people = [p for p in result.get("participants", []) if p.get("x") is not None and p.get("y") is not None]
    if len(people) < 3 or any(int(counts.get(label, 0)) < map_min_per_side() for label in labels):
        return {"state": "too_few", "points": []}
    # The same even subsample as the results page: the first MAP_POINTS by a hash of the participant id.
    order = sorted(range(len(people)), key=lambda i: hashlib.sha256(people[i]["id"].encode()).digest())
    index = {label: n for n, label in enumerate(labels)}
    points = [
        [
            round(float(people[i]["x"]), 4),
            round(float(people[i]["y"]), 4),
            index.get(people[i]["side"], len(labels)),
            None if people[i]["group"] is None else int(people[i]["group"]) + 1,
        ]
        for i in sorted(order[:MAP_POINTS])
    ]
    return {"state": "shown", "points": points}


def _statements(dialogue: Dialogue, ids: list[str], languages: list[str]) -> dict[str, dict[str, Any]]:
    """Each statement as the page shows it, for each language: the text (a translation, labelled with who
    or what made it) and its original."""
    rows = list(
        Statement.objects.filter(dialogue=dialogue, pk__in=[int(i) for i in ids]).prefetch_related(
            translations_prefetch()
        )
    )
    shown: dict[str, dict[str, Any]] = {}
    for code in languages:
        with translation.override(code):
            shown[code] = {str(s.pk): _plain(statement_dict(s, code)) for s in rows}
    return shown


def _joint(dialogue: Dialogue, languages: list[str]) -> list[dict[str, Any]]:
    """The ratified joint statements, with their final text and both co-chairs' signatures."""
    sides = dialogue.ordered_sides()
    found = []
    rows = JointStatement.objects.filter(dialogue=dialogue, state=JointStatement.State.RATIFIED).select_related(
        "final_version"
    )
    for joint in rows.order_by("ratified_at", "id"):
        data = bytes(joint.canonical)
        clauses = joint.final_version.clauses if joint.final_version else []
        signatures = []
        for s in joint.signatures.select_related("signing_key").order_by("created_at", "id"):
            labels = {}
            for code in languages:
                with translation.override(code):
                    labels[code] = str(codes.signer_label(s.role, sides, code))
            signatures.append(
                {"role": s.role, "label": labels, "fingerprint": s.signing_key.fingerprint, "at": _iso(s.created_at)}
            )
        found.append(
            {
                "id": joint.pk,
                "title": dict(joint.title),
                "clauses": [{"texts": dict(c["texts"]), "original": c["original"]} for c in clauses],
                "sha256": hashlib.sha256(data).hexdigest() if data else None,
                "ratified_at": _iso(joint.ratified_at) if joint.ratified_at else None,
                "signatures": signatures,
            }
        )
    return found


def _checkpoint(dialogue: Dialogue) -> dict[str, Any] | None:
    """The latest checkpoint at freezing that carries a signature: its size and root hash."""
    checkpoint = (
        Checkpoint.objects.filter(dialogue=dialogue, signatures__isnull=False)
        .order_by("-tree_size", "-id")
        .prefetch_related("signatures")
        .first()
    )
    if checkpoint is None:
        return None
    return {
        "id": checkpoint.pk,
        "tree_size": checkpoint.tree_size,
        "root_hash": bytes(checkpoint.root_hash).hex(),
        "timestamp": checkpoint.timestamp,
        "signers": sorted({s.role for s in checkpoint.signatures.all()}),
    }


def _plain(value: Any) -> Any:
    """VALUE with lazy strings and other objects made JSON text."""
    return json.loads(json.dumps(value, default=str))
