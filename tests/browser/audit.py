"""Checks any browser test can run on the page it has open: WCAG 2.1 A/AA (axe-core) and no sideways scrolling.

axe-core is not in the repository: `./dev test` fetches the pinned release from the npm registry into .venv
and checks its sha512. Without it the accessibility check skips (fails under PARLEY_STRICT_TESTS).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

AXE_VERSION = "4.10.3"
AXE_SCRIPT = Path(
    os.environ.get("PARLEY_AXE", Path(__file__).parents[2] / f".venv/share/axe-core-{AXE_VERSION}/axe.min.js")
)
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
BLOCKING = ("serious", "critical")
# How a failure names an element: tag#id.class.
NAME = """(e => e.tagName.toLowerCase() + (e.id ? "#" + e.id : "")
            + (typeof e.className === "string" && e.className.trim()
               ? "." + e.className.trim().split(/\\s+/).join(".") : ""))"""


def axe_source() -> str:
    """The axe-core script, or skip (fail on CI) with what to run."""
    if not AXE_SCRIPT.is_file():
        message = f"axe-core {AXE_VERSION} is not installed at {AXE_SCRIPT} (`./dev test` fetches it with npm)"
        if os.environ.get("PARLEY_STRICT_TESTS"):
            pytest.fail(f"PARLEY_STRICT_TESTS is set but {message}")
        pytest.skip(message)
    return AXE_SCRIPT.read_text(encoding="utf-8")


def accessibility_violations(page) -> list[dict]:
    """Run axe's WCAG 2.1 A and AA rules on PAGE; return the serious and critical violations."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        # Evaluated through the DevTools protocol, which the page's Content-Security-Policy
        # (script-src 'self') does not govern, unlike a <script> tag added to the page.
        page.evaluate(axe_source() + "\n;undefined")
    result = page.evaluate(
        """tags => axe.run(document, {runOnly: {type: "tag", values: tags}, resultTypes: ["violations"]})
             .then(r => r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                 nodes: v.nodes.map(n => ({target: n.target.join(" "), summary: n.failureSummary,
                                           html: n.html.slice(0, 160)}))})))""",
        WCAG_TAGS,
    )
    return [violation for violation in result if violation["impact"] in BLOCKING]


def describe(violations: list[dict], where: str) -> str:
    lines = [f"{len(violations)} serious or critical accessibility violation(s) on {where}:"]
    for violation in violations:
        lines.append(f"- {violation['id']} ({violation['impact']}): {violation['help']}")
        for node in violation["nodes"][:5]:
            lines.append(f"    {node['target']}: {node['html']}")
            lines.append("      " + (node["summary"] or "").replace("\n", "\n      "))
    return "\n".join(lines)


def assert_accessible(page, where: str = "") -> None:
    """Fail if axe-core finds a serious or critical WCAG 2.1 A/AA violation on PAGE."""
    violations = accessibility_violations(page)
    assert not violations, describe(violations, where or page.url)


def overflow(page) -> tuple[int, int]:
    """The page's full width and the viewport's width, in CSS pixels."""
    return page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")


def widest_elements(page, limit: int = 3) -> list[str]:
    """The elements that reach furthest past the viewport's right edge, to name in a failure."""
    return page.evaluate(
        """limit => [...document.querySelectorAll("body *")]
             .map(e => [Math.max(e.getBoundingClientRect().right, e.getBoundingClientRect().left + e.scrollWidth), e])
             .filter(([right]) => right > window.innerWidth + 1)
             .sort((a, b) => b[0] - a[0]).slice(0, limit)
             .map(([right, e]) => `${NAME(e)} (right edge ${Math.round(right)} px)`)""".replace("NAME", NAME),
        limit,
    )


def sideways_scrollers(page) -> list[str]:
    """Parts of the page that scroll sideways inside it (a table in a scroll box hides its last columns)."""
    return page.evaluate(
        """() => [...document.querySelectorAll("body *")]
             .filter(e => ["auto", "scroll"].includes(getComputedStyle(e).overflowX)
                          && e.scrollWidth > e.clientWidth + 1)
             .map(e => `${NAME(e)} (${e.scrollWidth} px in ${e.clientWidth} px)`)""".replace("NAME", NAME)
    )


def overflow_problems(page, where: str = "") -> list[str]:
    """What makes the reader scroll sideways on PAGE: the page itself, or a part of it."""
    problems = []
    where = where or page.url
    width, viewport = overflow(page)
    if width > viewport:
        problems.append(f"{where} is {width} px wide in a {viewport} px viewport; widest: {widest_elements(page)}")
    scrollers = sideways_scrollers(page)
    if scrollers:
        problems.append(f"{where} scrolls sideways inside: {scrollers}")
    return problems


def assert_no_overflow(page, where: str = "") -> None:
    """Fail if PAGE, or a part of it, is wider than the screen (the reader would have to scroll sideways)."""
    problems = overflow_problems(page, where)
    assert not problems, "\n".join(problems)


def unmarked_foreign_text(page, limit: int = 8) -> list[str]:
    """Texts whose script does not match the language they are marked with (their closest `lang`): Armenian
    outside `lang="hy"`, Cyrillic outside `lang="ru"`, Latin sentences inside `hy` or `ru`. A screen reader
    reads such a text with the wrong voice. Code, keys and hashes (code, pre, kbd, samp) are not language."""
    return page.evaluate(
        """limit => {
             const found = [], skip = "script, style, code, pre, kbd, samp, noscript, template";
             const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
             for (let node = walker.nextNode(); node && found.length < limit; node = walker.nextNode()) {
               const text = node.textContent.trim(), parent = node.parentElement;
               if (!text || !parent || parent.closest(skip)) continue;
               const marked = (parent.closest("[lang]")?.getAttribute("lang") || "").split("-")[0];
               const latin = (text.match(/[a-zA-Zəğıöüçş]/g) || []).length;
               const letters = (text.match(/\\p{L}/gu) || []).length;
               const wrong = (/[\\u0531-\\u058F]/.test(text) && marked !== "hy")
                 || (/[\\u0400-\\u04FF]/.test(text) && marked !== "ru")
                 || (["hy", "ru"].includes(marked) && /[a-zəğıöüçş]{3,}\\s+[a-zA-Zəğıöüçş]{2,}/.test(text)
                     && latin > letters / 2);
               if (wrong) found.push(`"${text.slice(0, 60)}" in ${NAME(parent)} marked lang="${marked}"`);
             }
             return found;
           }""".replace("NAME", NAME),
        limit,
    )


def assert_languages_marked(page, where: str = "") -> None:
    """Fail if PAGE shows a text in another script than the language it is marked with."""
    found = unmarked_foreign_text(page)
    assert not found, f"{where or page.url} has text without its own lang: {found}"
