"""axe-core in the browser: the WCAG 2.1 A and AA rules, run on the page as it is shown.

axe-core is pinned in package.json and installed by ``make test`` (``npm ci``); nothing is
downloaded while the tests run."""

from __future__ import annotations

from pathlib import Path

import pytest

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def violations(page) -> list[str]:
    """Every WCAG 2.1 A/AA violation axe-core finds on ``page``, one line each: the rule,
    its impact and the elements (CSS selectors) it found."""
    if not AXE.exists():
        pytest.fail(f"{AXE} is missing: `make test` installs it (npm ci)")
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        """async (tags) => await axe.run(document, {
            runOnly: {type: "tag", values: tags}, resultTypes: ["violations"]})""",
        WCAG_21_AA,
    )
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at "
        + ", ".join(" ".join(node["target"]) for node in v["nodes"][:5])
        for v in result["violations"]
    ]


def horizontal_overflow(page) -> int:
    """By how many CSS pixels the page is wider than the window (0: no horizontal page
    scrolling)."""
    return page.evaluate(
        "Math.max(0, document.documentElement.scrollWidth - document.documentElement.clientWidth)"
    )
