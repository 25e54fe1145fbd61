"""The results page's list of every statement: filtered and paginated by plain GET parameters
(`?show=divides&page=2`), so it reads the same with or without JavaScript."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.utils.translation import gettext as _

PAGE_SIZE = 20
FILTERS = ("all", "common_ground", "divides", "too_early", "unseen", "newest")


def _labels() -> dict[str, str]:
    return {
        "all": _("All"),
        "common_ground": _("Common ground"),
        "divides": _("Divides"),
        "too_early": _("Too early to tell"),
        "unseen": _("Unseen by one side"),
        "newest": _("Newest"),
    }


def _query(show: str, page: int = 1) -> str:
    params = {k: v for k, v in (("show", show), ("page", page)) if (k, v) not in (("show", "all"), ("page", 1))}
    return "?" + urlencode(params) if params else "?"


def statement_listing(statements: list[dict[str, Any]], analysis: dict[str, Any], show: str, page: str) -> dict:
    """STATEMENTS (the results' rows, live counts) with the latest analysis's verdict on each, the
    ones SHOW selects, on page PAGE. Unknown values fall back to all statements, page 1 or the last."""
    show = show if show in FILTERS else "all"
    verdicts = analysis.get("statement_evidence") or {}
    ranked = analysis.get("ranked_ids") or {}
    rows = []
    judged = analysis.get("evidence_state") == "ok"
    for s in statements:
        evidence = verdicts.get(str(s["id"]))
        if evidence:
            verdict = evidence["verdict"]
        else:  # not judged (a meta statement), or not in the analysis: written or shown again since it ran
            verdict = "new" if judged and str(s["id"]) not in verdicts else None
        rows.append(
            {
                **s,
                "evidence": evidence,
                "verdict": verdict,
                "unseen_by": [p["name"] for p in s["per_side"] if p["total"] == 0],
            }
        )
    chosen = {
        "all": lambda r: True,
        "common_ground": lambda r: r["verdict"] == "common_ground",
        "divides": lambda r: r["verdict"] == "divide",
        "too_early": lambda r: r["verdict"] in ("too_early", "new"),
        "unseen": lambda r: bool(r["unseen_by"]),
        "newest": lambda r: True,
    }
    counts = {key: sum(1 for r in rows if test(r)) for key, test in chosen.items()}
    shown = [r for r in rows if chosen[show](r)]
    if show == "newest":
        shown.sort(key=lambda r: -r["id"])
    elif show in ("common_ground", "divides"):
        order = {statement_id: n for n, statement_id in enumerate(ranked.get(show, []))}
        shown.sort(key=lambda r: order.get(str(r["id"]), len(order)))
    paginator = Paginator(shown, PAGE_SIZE)
    current = paginator.get_page(page)
    labels = _labels()
    return {
        "show": show,
        "show_label": labels[show],
        "filters": [
            {"key": key, "label": labels[key], "count": counts[key], "current": key == show, "query": _query(key)}
            for key in FILTERS
        ],
        "rows": list(current.object_list),
        "page": current.number,
        "pages": paginator.num_pages,
        "total": len(shown),
        "previous": _query(show, current.previous_page_number()) if current.has_previous() else None,
        "next": _query(show, current.next_page_number()) if current.has_next() else None,
    }
