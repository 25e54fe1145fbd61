"""Meetings as plain dicts: the list with the trend, one meeting with its results, the projector.

One dict renders as HTML and (through `api`) as JSON. Attendance by pseudonym is in the dict only
for members of the dialogue; everyone else gets the counts per side.
"""

from __future__ import annotations

from typing import Any

import segno
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from parley.dialogues import queries as dialogue_queries
from parley.dialogues.models import Dialogue, Membership, Statement, pick_language, pick_language_code
from parley.dialogues.provenance import translations_prefetch
from parley.meetings import access, charts
from parley.meetings import tallies as meeting_tallies
from parley.meetings.models import AgendaItem, Attendance, Meeting, PaperTally, Round
from parley.meetings.room import current_round


def _when(moment: Any) -> str:
    return formats.date_format(timezone.localtime(moment), "DATETIME_FORMAT")


def meeting_summary(meeting: Meeting, language: str) -> dict[str, Any]:
    title = meeting.title_text(language)
    return {
        "id": meeting.pk,
        "title": title or meeting.place,
        "title_lang": pick_language_code(meeting.title, language) if title else "",
        "place": meeting.place,
        "starts_at": meeting.starts_at,
        "starts_at_text": _when(meeting.starts_at),
        "ended_at": meeting.ended_at,
        "closed": meeting.ended_at is not None,
        "minutes": meeting.minutes_id,
        "starts_at_input": timezone.localtime(meeting.starts_at).strftime("%Y-%m-%dT%H:%M"),
    }


def meeting_list(dialogue: Dialogue, language: str) -> dict[str, Any]:
    """Every meeting of DIALOGUE, and the cumulative trend of common ground, as a chart and a table."""
    meetings = list(Meeting.objects.filter(dialogue=dialogue))
    points = meeting_tallies.trend(dialogue, meetings)
    summaries = [meeting_summary(m, language) for m in meetings]
    labels = [formats.date_format(timezone.localtime(m.starts_at), "SHORT_DATE_FORMAT") for m in meetings]
    rows = [
        {**point, "meeting_title": s["title"], "meeting_title_lang": s["title_lang"], "label": label}
        for point, s, label in zip(points, summaries, labels, strict=True)
    ]
    title = _("Share of statements with a majority of both sides agreeing, at the end of each meeting")
    return {
        "dialogue": dialogue_queries.dialogue_dict(dialogue, language),
        "meetings": summaries,
        "trend": rows,
        "trend_title": title,
        "trend_svg": charts.trend_svg(points, labels, title) if points else "",
    }


def _statement_dicts(ids: list[int], language: str) -> dict[int, dict[str, Any]]:
    """The statements of IDS that are visible: one put on hold or removed since leaves the meeting's pages."""
    rows = Statement.objects.filter(pk__in=ids, status=Statement.Status.VISIBLE).prefetch_related(
        translations_prefetch()
    )
    return {s.pk: dialogue_queries.statement_dict(s, language) for s in rows}


def _item_dict(item: AgendaItem, statements: dict[int, dict[str, Any]], language: str) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "id": item.pk,
        "position": item.position,
        "kind": item.kind,
        "kind_label": item.get_kind_display(),
    }
    if item.kind == AgendaItem.Kind.STATEMENT:
        entry["statement"] = statements.get(item.statement_id or 0)
    elif item.kind == AgendaItem.Kind.TOPIC:
        entry["text"] = pick_language(item.topic, language)
        entry["text_lang"] = pick_language_code(item.topic, language)
    else:
        version = item.joint.versions.filter(number=item.joint_version or 0).first() if item.joint else None
        clause = version.clause(item.clause) if version else None
        texts = clause["texts"] if clause else {}
        entry.update(
            {
                "joint": item.joint_id,
                "joint_title": item.joint.title_text(language) if item.joint else "",
                "clause": item.clause,
                "text": pick_language(texts, language),
                "text_lang": pick_language_code(texts, language),
            }
        )
    return entry


def _side_rows(dialogue: Dialogue, per_side: dict[int, dict[str, int]], language: str) -> list[dict[str, Any]]:
    rows = []
    for side in dialogue.ordered_sides():
        counts = per_side.get(side.pk) or {"agree": 0, "disagree": 0, "pass": 0}
        row = dialogue_queries.side_row(side.label, side.pk, side.name_text(language), dict(counts))
        rows.append({**row, "colour": side.colour})
    return rows


def meeting_detail(dialogue: Dialogue, meeting: Meeting, member: Membership | None, language: str) -> dict[str, Any]:
    """A meeting: its agenda, attendance per side (and by pseudonym for members), and its results: each
    agenda or spotlight statement with its online counts per side and, apart, its paper ballots."""
    items = list(meeting.items.select_related("joint"))
    paper = list(PaperTally.objects.filter(meeting=meeting))
    rounds = list(Round.objects.filter(meeting=meeting))
    ids = [i.statement_id for i in items if i.statement_id]
    for extra in [meeting.spotlight_id, *(r.statement_id for r in rounds), *(p.statement_id for p in paper)]:
        if extra and extra not in ids:
            ids.append(extra)
    statements = _statement_dicts(ids, language)
    moment = meeting.ended_at or timezone.now()
    online = meeting_tallies.counts_at(dialogue, moment, ids)
    paper_by = {(p.statement_id, p.side_id): p for p in paper}
    sides = dialogue.ordered_sides()
    results = []
    for pk in ids:
        if pk not in statements:
            continue
        paper_rows = []
        for side in sides:
            tally = paper_by.get((pk, side.pk))
            counts = {"agree": tally.agree, "disagree": tally.disagree, "pass": tally.passes} if tally else None
            paper_rows.append({"side": side.label, "name": side.name_text(language), "counts": counts})
        results.append(
            {
                "statement": statements[pk],
                "online": _side_rows(dialogue, online[pk], language),
                "paper": paper_rows,
                "has_paper": any(row["counts"] for row in paper_rows),
            }
        )
    present = list(Attendance.objects.filter(meeting=meeting).select_related("membership"))
    attendance = []
    for side in sides:
        here = sorted(a.membership.handle for a in present if a.membership.side_id == side.pk)
        entry: dict[str, Any] = {
            "side": side.label,
            "side_id": side.pk,
            "name": side.name_text(language),
            "present": len(here),
        }
        if access.check_can_see_attendance(member):
            entry["handles"] = here
        attendance.append(entry)
    members_of_my_side: list[dict[str, Any]] = []
    if member is not None and member.role in access.ORGANIZERS:
        marked = {a.membership_id for a in present}
        members_of_my_side = [
            {"id": m.pk, "handle": m.handle, "present": m.pk in marked}
            for m in Membership.objects.filter(side_id=member.side_id).order_by("handle")
        ]
    current = next((i for i in items if i.pk == meeting.current_item_id), None)
    summary = meeting_summary(meeting, language)
    summary["titles"] = [
        {"code": code, "name": dialogue_queries.language_label(code), "text": meeting.title.get(code, "")}
        for code in dialogue.languages
    ]
    return {
        "dialogue": dialogue_queries.dialogue_dict(dialogue, language),
        "meeting": summary,
        "agenda": [_item_dict(i, statements, language) for i in items],
        "current_item": current.position if current else None,
        "spotlight": meeting.spotlight_id,
        "attendance": attendance,
        "results": results,
        "results_at": moment,
        "my_side_members": members_of_my_side,
        "join_links": sorted(meeting.join_links)
        if member is not None and member.role in access.PROJECTOR_ROLES
        else [],
    }


def qr_svg(url: str, title: str) -> str:
    """URL as a QR code, inline SVG drawn on the server (dark on white, as scanners expect)."""
    code = segno.make(url, error="m", micro=False)
    return str(code.svg_inline(scale=6, border=3, dark="#000", light="#fff", svgclass="qr", title=title))


def projector(dialogue: Dialogue, meeting: Meeting, language: str, base_url: str) -> dict[str, Any]:
    """The projector's page: the sides with their colours and join QR codes, and the live part."""
    sides = []
    for side in dialogue.ordered_sides():
        name = side.name_text(language)
        link = meeting.join_links.get(side.label)
        url = link if link is None or "://" in link else base_url.rstrip("/") + "/" + link.lstrip("/")
        sides.append(
            {
                "id": side.pk,
                "label": side.label,
                "name": name,
                "colour": side.colour,
                "qr": qr_svg(url, _("Join %(side)s") % {"side": name}) if url else "",
            }
        )
    return {
        "dialogue": dialogue_queries.dialogue_dict(dialogue, language),
        "meeting": meeting_summary(meeting, language),
        "sides": sides,
        **live(dialogue, meeting, language),
    }


def live(dialogue: Dialogue, meeting: Meeting, language: str) -> dict[str, Any]:
    """What the projector polls: the current item, the spotlight statement with its votes per side,
    the round running and its seconds left."""
    item = (
        AgendaItem.objects.filter(pk=meeting.current_item_id).select_related("joint").first()
        if meeting.current_item_id
        else None
    )
    statement_ids = [pk for pk in (meeting.spotlight_id, item.statement_id if item else None) if pk]
    statements = _statement_dicts(statement_ids, language)
    spotlight = None
    if meeting.spotlight_id and meeting.spotlight_id in statements:
        counts = meeting_tallies.counts_at(dialogue, timezone.now(), [meeting.spotlight_id])
        rows = _side_rows(dialogue, counts[meeting.spotlight_id], language)
        spotlight = {
            "statement": statements[meeting.spotlight_id],
            "sides": rows,
        }
    running = current_round(meeting)
    seconds_left = max(0, int((running.ends_at - timezone.now()).total_seconds())) if running else 0
    return {
        "current_item": _item_dict(item, statements, language) if item else None,
        "n_items": meeting.items.count(),
        "spotlight": spotlight,
        "round": {
            "ends_at": running.ends_at.isoformat(),
            "seconds_left": seconds_left,
            "minutes": seconds_left // 60,
            "seconds": seconds_left % 60,
        }
        if running
        else None,
        "closed": meeting.ended_at is not None,
    }
