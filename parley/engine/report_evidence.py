"""The HTML report's common ground, divides and bridging: each list with its rule and each statement's reason."""

from __future__ import annotations

from collections.abc import Callable
from html import escape

from .analysis import Analysis
from .bridging_list import weakest_group_support
from .report_texts import TEXTS, percent

SIDE_COLOURS = ("#1f6fb4", "#c2410c", "#15803d", "#7e22ce")
# Statements shown per list; the rest are counted.
SHOWN = 10
# The width of a 100% agreement bar.
BAR_REM = 8.0

STYLE = (
    ".gauge{display:inline-block;position:relative;width:8rem;height:.7rem;background:#f1f1f1;"
    "vertical-align:middle}.gauge span{position:absolute;top:0;height:100%}.reason{font-size:.85rem}"
)


def evidence_sections(result: Analysis, language: str) -> list[str]:
    """Return the HTML of the three lists and of what is too early to tell (nothing without sides)."""
    evidence = result.evidence
    if evidence is None:
        return []
    t = TEXTS[language]
    rule = evidence.rule
    words = {
        "min": rule.min_votes_per_side,
        "cred": percent(rule.credibility, language),
        "low": percent(rule.common_ground_lower, language),
        "gap": f"{round(100 * rule.divide_gap_lower)}",
    }
    weakest = weakest_group_support(evidence, result.side_maps)

    def why_common(c: int) -> str:
        return t["why_common"].format(low=percent(evidence.weaker_lower[c], language), n=int(evidence.n[:, c].min()))

    def why_divide(c: int) -> str:
        return t["why_divide"].format(gap=f"{round(100 * evidence.gap_lower[c])}", n=int(evidence.n[:, c].min()))

    def why_bridging(c: int) -> str:
        return t["why_bridging"].format(share=percent(weakest[c], language))

    parts = []
    for heading, explained, statements, why in (
        (t["common"], t["common_rule"], result.top_common_ground(None), why_common),
        (t["divides"], t["divides_rule"], result.top_divides(None), why_divide),
        (t["bridging"], t["bridging_rule"], result.top_bridging(None), why_bridging),
    ):
        parts += [f"<h2>{escape(heading)}</h2>", f"<p class='muted'>{escape(explained.format(**words))}</p>"]
        parts.append(_table(result, statements, why, language))
    early = evidence.too_early(result.ranked)
    if early:
        needs = ", ".join(f"{name} {n}" for name, n in evidence.fewest_needed(result.ranked).items())
        parts.append(
            f"<p class='early'>{escape(t['too_early'].format(n=early, min=rule.min_votes_per_side))} "
            f"{escape(t['needs'].format(needs=needs))}</p>"
        )
    return parts


def _table(result: Analysis, statements: list[int], why: Callable[[int], str], language: str) -> str:
    t = TEXTS[language]
    if not statements:
        return f"<p>{escape(t['none'])}</p>"
    evidence = result.evidence
    assert evidence is not None
    rows = [f"<table><tr><th>{t['statement']}</th><th>{t['per_side']}</th><th>{t['reason']}</th></tr>"]
    for c in statements[:SHOWN]:
        bars = []
        for s, name in enumerate(evidence.names):
            n = int(evidence.n[s, c])
            share = float(evidence.agree_share[s, c])
            low, high = float(evidence.low[s, c]), float(evidence.high[s, c])
            colour = SIDE_COLOURS[s % len(SIDE_COLOURS)]
            # The agreement as a bar, its credible interval as a lighter band around the bar's end.
            bars.append(
                f"<div class='side'>{escape(name)} <span class='gauge'>"
                f"<span style='left:{low * BAR_REM:.2f}rem;width:{(high - low) * BAR_REM:.2f}rem;"
                f"background:{colour};opacity:.3'></span>"
                f"<span style='left:0;width:{share * BAR_REM:.2f}rem;background:{colour}'></span></span> "
                f"{escape(t['share'].format(share=percent(share, language), seen=n))}</div>"
            )
        text = escape(result.texts[c] or result.statements[c])
        rows.append(f"<tr><td>{text}</td><td>{''.join(bars)}</td><td class='reason'>{escape(why(c))}</td></tr>")
    rows.append("</table>")
    if len(statements) > SHOWN:
        rows.append(f"<p class='muted'>{escape(t['more'].format(n=len(statements) - SHOWN))}</p>")
    return "".join(rows)
