"""A self-contained HTML report: inline SVG and CSS, no external assets."""

from __future__ import annotations

from html import escape

import numpy as np
from scipy.spatial import ConvexHull, QhullError

from .analysis import Analysis
from .report_evidence import SIDE_COLOURS as _SIDE_COLOURS
from .report_evidence import STYLE as _EVIDENCE_STYLE
from .report_evidence import evidence_sections
from .report_texts import LANGUAGES, TEXTS, percent

_GROUP_COLOURS = ("#0f766e", "#b45309", "#6d28d9", "#be123c", "#4d7c0f")
_MAX_POINTS = 4000
_SIZE = 520

_STYLE = """
body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#111}
h1{font-size:1.5rem}h2{font-size:1.2rem;margin-top:2rem}
table{border-collapse:collapse;width:100%}td,th{padding:.3rem;border-bottom:1px solid #ddd;
text-align:left;vertical-align:top}.bar{display:inline-block;height:.7rem;background:#1f6fb4}
.side{white-space:nowrap;font-size:.85rem}.muted{color:#555}svg{border:1px solid #ddd}
"""


def render_html(result: Analysis, *, title: str = "Analysis", language: str = "en") -> str:
    """Return the report as one HTML document, in LANGUAGE (en, az, hy or ru)."""
    if language not in TEXTS:
        raise ValueError(f"no report texts for language {language!r}: use one of {', '.join(LANGUAGES)}")
    t = TEXTS[language]
    counts = t["counts"].format(
        participants=len(result.participants), statements=len(result.statements), votes=result.matrix.n_votes
    )
    parts = [
        f"<!doctype html><html lang='{language}'><head><meta charset='utf-8'>",
        f"<title>{escape(title)}</title><style>{_STYLE}{_EVIDENCE_STYLE}</style></head><body>",
        f"<h1>{escape(title)}</h1>",
        f"<p class='muted'>{escape(counts)}</p>",
        f"<h2>{t['map']}</h2>",
        _map_svg(result, language),
    ]
    parts += evidence_sections(result, language)
    parts.append(f"<h2>{t['groups']}</h2>")
    opinion = result.opinion_map
    for g, size in enumerate(opinion.group_sizes.tolist()):
        parts.append(f"<h3>{escape(t['group'].format(n=g, size=size))}</h3><ul>")
        for r in opinion.representatives[g]:
            parts.append(
                f"<li>{escape(t.get(r.direction, r.direction))} ({percent(r.p_success, language)}): "
                f"{escape(result.texts[r.statement] or result.statements[r.statement])}</li>"
            )
        parts.append("</ul>")
    parts.append("</body></html>")
    return "\n".join(parts)


def _map_svg(result: Analysis, language: str) -> str:
    t = TEXTS[language]
    opinion = result.opinion_map
    points = opinion.participant_positions[:, :2]
    n = len(points)
    if n == 0:
        return f"<p>{t['no_votes']}</p>"
    keep = np.arange(0, n, max(1, -(-n // _MAX_POINTS)))
    low, high = points.min(axis=0), points.max(axis=0)
    span = np.where(high - low > 0, high - low, 1.0)
    scaled = 20 + (points - low) / span * (_SIZE - 40)
    scaled[:, 1] = _SIZE - scaled[:, 1]
    shapes = []
    for g in range(opinion.n_groups):
        members = scaled[opinion.groups == g]
        if len(np.unique(members, axis=0)) >= 3:
            try:
                hull = members[ConvexHull(members).vertices]
            except QhullError:
                continue
            path = " ".join(f"{x:.1f},{y:.1f}" for x, y in hull)
            colour = _GROUP_COLOURS[g % len(_GROUP_COLOURS)]
            shapes.append(
                f"<polygon points='{path}' fill='{colour}' fill-opacity='0.08' stroke='{colour}'>"
                f"<title>{escape(t['group_title'].format(n=g))}</title></polygon>"
            )
    membership = result.sides.membership if result.sides is not None else None
    for i in keep.tolist():
        if membership is not None and membership[i] >= 0:
            colour = _SIDE_COLOURS[membership[i] % len(_SIDE_COLOURS)]
        elif opinion.groups[i] >= 0:
            colour = _GROUP_COLOURS[opinion.groups[i] % len(_GROUP_COLOURS)]
        else:
            colour = "#999"
        x, y = scaled[i]
        shapes.append(f"<circle cx='{x:.1f}' cy='{y:.1f}' r='2.5' fill='{colour}' fill-opacity='0.7'/>")
    legend = ""
    if result.sides is not None:
        legend = (
            "<p>"
            + " ".join(
                f"<span style='color:{_SIDE_COLOURS[s % len(_SIDE_COLOURS)]}'>&#9679;</span> {escape(name)}"
                for s, name in enumerate(result.sides.names)
            )
            + "</p>"
        )
    return (
        f"<svg width='{_SIZE}' height='{_SIZE}' "
        f"viewBox='0 0 {_SIZE} {_SIZE}' role='img' aria-label='{t['map_label']}'>" + "".join(shapes) + "</svg>" + legend
    )
