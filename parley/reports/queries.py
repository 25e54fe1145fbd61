"""A frozen report's page as a plain dict, built from its snapshot alone, in one of the dialogue's languages."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from parley.charts import BarLabels, Point, Series, SideBars, scatter, side_bars, step_chart
from parley.dialogues.queries import language_label
from parley.proposals.models import Report
from parley.reports.kinds import local_time
from parley.reports.models import FrozenReport

# The page's template; `report_page` builds its context (the PDF of a report renders the same pair).
TEMPLATE = "reports/report.html"


def languages_of(frozen: FrozenReport) -> list[str]:
    """The dialogue's languages as frozen in the snapshot."""
    return list(json.loads(frozen.snapshot)["dialogue"]["languages"])


def reading_language(snapshot: dict[str, Any], asked: str, active: str) -> str:
    """The language the page is read in: the one asked for (?lang=), else the interface's, if the
    dialogue has it, else the dialogue's first."""
    languages = snapshot["dialogue"]["languages"]
    for code in (asked, active):
        if code in languages:
            return code
    return str(languages[0])


def _pick(texts: dict[str, str], language: str) -> tuple[str, str]:
    """(text, its language): the reader's, else the first there is."""
    if texts.get(language):
        return texts[language], language
    for code, text in texts.items():
        if text:
            return text, code
    return "", language


def report_page(frozen: FrozenReport, language: str, *, public: bool) -> dict[str, Any]:
    """Everything the report's page shows, from FROZEN's snapshot only."""
    snap = json.loads(frozen.snapshot)
    sides = snap["sides"]
    names = [_pick(s["name"], language)[0] for s in sides]
    name_of = {s["label"]: n for s, n in zip(sides, names, strict=True)}
    statements: dict[str, Any] = snap["statements"].get(language) or next(iter(snap["statements"].values()), {})
    words = BarLabels(
        agree=_("Agree"),
        disagree=_("Disagree"),
        passes=_("Pass"),
        no_votes=_("no votes"),
    )

    def entry(statement_id: str) -> dict[str, Any]:
        per_side = snap["per_side"].get(statement_id, {})
        rows = [
            {"name": name_of[s["label"]], **per_side.get(s["label"], {"agree": 0, "disagree": 0, "pass": 0})}
            for s in sides
        ]
        bars = [SideBars(r["name"], r["agree"], r["disagree"], r["pass"]) for r in rows]
        s = statements.get(statement_id) or {"text": "", "lang": language, "id": statement_id}
        return {
            "s": s,
            "rows": rows,
            "chart": side_bars(
                bars,
                _("Votes on statement no. %(id)s by side") % {"id": statement_id},
                _("Share of agree, disagree and pass among each side's votes; the table below gives the counts."),
                words,
            ),
        }

    title, title_lang = _pick(snap["dialogue"]["title"], language)
    publish_at = frozen.publish_at
    return {
        "report_id": snap["report"],
        "slug": snap["dialogue"]["slug"],
        "title": title,
        "title_lang": title_lang,
        "language": language,
        "languages": [{"code": c, "name": language_label(c, c)} for c in snap["dialogue"]["languages"]],
        "sides": [{"label": s["label"], "name": n} for s, n in zip(sides, names, strict=True)],
        "run": {**snap["run"], "finished_at": _when(snap["run"]["finished_at"])},
        "frozen_at": frozen.frozen_at,
        "public": public,
        "publish_at": publish_at,
        "publish_at_local": local_time(publish_at) if publish_at else "",
        "participation": _participation(snap, sides, names),
        "map": _map(snap, names),
        "common_ground": [entry(i) for i in snap["common_ground"]],
        "n_common_ground": snap["n_common_ground"],
        "divides": [entry(i) for i in snap["divides"]],
        "n_divides": snap["n_divides"],
        "evidence_state": snap["evidence_state"],
        "groups": _groups(snap["groups"], statements),
        "within_sides": [
            {
                "name": name_of.get(label, label),
                "participants": found["participants"],
                "groups": _groups(found["groups"], statements),
            }
            for label, found in sorted(snap["within_sides"].items(), key=lambda item: list(name_of).index(item[0]))
            if label in name_of
        ],
        "joint_statements": [_joint(j, language) for j in snap["joint_statements"]],
        "checkpoint": snap["checkpoint"],
        "snapshot_sha256": frozen.snapshot_sha256,
        "record_url": reverse("publicrecord:record", args=[snap["dialogue"]["slug"]]) + "?kind=votes",
    }


def _when(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def _participation(snap: dict[str, Any], sides: list[dict[str, Any]], names: list[str]) -> dict[str, Any]:
    days = sorted({day for points in snap["participation"].values() for day, _n in points})
    if not days:
        return {"chart": None, "rows": []}
    index = {day: n for n, day in enumerate(days)}
    series = [
        Series(name, [(float(index[day]), float(n)) for day, n in snap["participation"].get(s["label"], [])])
        for s, name in zip(sides, names, strict=True)
    ]
    running = {s["label"]: 0 for s in sides}
    by_day = {s["label"]: dict(snap["participation"].get(s["label"], [])) for s in sides}
    rows = []
    for day in days:
        for label in running:
            running[label] = by_day[label].get(day, running[label])
        rows.append({"day": day, "counts": [running[s["label"]] for s in sides]})
    chart = step_chart(
        series,
        _("Participants who had joined each side, by day"),
        _("From %(first)s to %(last)s; the table below gives the counts.") % {"first": days[0], "last": days[-1]},
        x_labels=(days[0], days[-1]),
        y_label=_("participants"),
    )
    return {"chart": chart, "rows": rows}


def _map(snap: dict[str, Any], names: list[str]) -> dict[str, Any]:
    found = snap["map"]
    if found["state"] != "shown":
        return {"state": found["state"], "chart": None, "rows": []}
    points = [Point(x, y, side, None if group is None else str(group)) for x, y, side, group in found["points"]]
    counts: dict[tuple[int, int | None], int] = {}
    for _x, _y, side, group in found["points"]:
        counts[side, group] = counts.get((side, group), 0) + 1
    rows = [
        {"side": names[side] if side < len(names) else "?", "group": group, "n": n}
        for (side, group), n in sorted(counts.items(), key=lambda item: (item[0][0], item[0][1] or 0))
    ]
    chart = scatter(
        points,
        names,
        _("Opinion map"),
        _(
            "Each dot is a participant, coloured by side; participants who voted alike are close together. "
            "Dashed outlines and numbers mark the groups. The table below counts each side's participants per group."
        ),
    )
    return {"state": "shown", "chart": chart, "rows": rows}


def _groups(groups: list[dict[str, Any]], statements: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        {
            "label": g["label"],
            "size": g["size"],
            "representative": [
                {**r, "s": statements[r["statement"]]} for r in g["representative"] if r["statement"] in statements
            ],
        }
        for g in groups
    ]


def _joint(joint: dict[str, Any], language: str) -> dict[str, Any]:
    title, title_lang = _pick(joint["title"], language)
    clauses = []
    for clause in joint["clauses"]:
        shown = language if clause["texts"].get(language) else clause["original"]
        clauses.append(
            {
                "text": clause["texts"].get(shown, ""),
                "lang": shown,
                "is_translation": shown != clause["original"],
                "original": clause["texts"].get(clause["original"], ""),
                "original_lang": clause["original"],
            }
        )
    return {
        "id": joint["id"],
        "title": title,
        "title_lang": title_lang,
        "clauses": clauses,
        "sha256": joint["sha256"],
        "ratified_at": _when(joint["ratified_at"]) if joint["ratified_at"] else None,
        "signatures": [
            {"label": _pick(s["label"], language)[0], "fingerprint": s["fingerprint"], "at": _when(s["at"])}
            for s in joint["signatures"]
        ],
    }


def published_reports(dialogue_id: int, now: datetime) -> list[FrozenReport]:
    """The dialogue's reports that are public at NOW, newest first (never an embargoed one)."""
    rows = FrozenReport.objects.filter(dialogue_id=dialogue_id).select_related("report__run")
    return [f for f in rows.order_by("-frozen_at", "-id") if f.is_public(now)]


def reports_list(dialogue_id: int, now: datetime, *, member: bool) -> list[dict[str, Any]]:
    """The dialogue's frozen reports for its pages: the public ones, and embargoed ones for members."""
    rows = FrozenReport.objects.filter(dialogue_id=dialogue_id).order_by("-frozen_at", "-id")
    return [
        {
            "id": f.report_id,
            "frozen_at": f.frozen_at,
            "publish_at": f.publish_at,
            "publish_at_local": local_time(f.publish_at) if f.publish_at else "",
            "public": f.is_public(now),
        }
        for f in rows
        if member or f.is_public(now)
    ]


def frozen_of(report: Report) -> FrozenReport | None:
    return FrozenReport.objects.filter(report=report).first()
