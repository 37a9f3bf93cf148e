"""Run axe-core in a Playwright page and report WCAG 2.1 AA violations with their fixes.

axe-core is installed by npm into tests/a11y/node_modules only (`make a11y-deps`); it is injected
into each page for the test and never copied into the site.
"""

from __future__ import annotations

import fnmatch
from dataclasses import dataclass
from pathlib import Path

import yaml

HERE = Path(__file__).parent
AXE = HERE / "node_modules" / "axe-core" / "axe.min.js"
ALLOWED = HERE / "allowed.yaml"
# WCAG 2.1 level A and AA rules; impacts that fail the run.
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
FAILING = {"serious", "critical"}
RUN = """async ({selector, tags}) => {
  const results = await axe.run(selector || document, {
    runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']});
  return results.violations.map(v => ({
    rule: v.id, impact: v.impact, help: v.help, url: v.helpUrl,
    nodes: v.nodes.map(n => ({target: n.target.join(' '), impact: n.impact,
                              fix: n.failureSummary, html: n.html.slice(0, 160)}))}));
}"""


@dataclass(frozen=True)
class Violation:
    page: str
    rule: str
    impact: str
    help: str
    url: str
    target: str
    fix: str
    html: str

    def __str__(self) -> str:
        fix = " ".join(self.fix.split())
        return (
            f"{self.page}: [{self.impact}] {self.rule} — {self.help}\n"
            f"    element: {self.target}\n    html: {self.html}\n    to fix: {fix}\n"
            f"    rule guide: {self.url}"
        )


@dataclass(frozen=True)
class Allowance:
    page: str
    rule: str
    target: str
    reason: str

    def covers(self, violation: Violation) -> bool:
        return (
            fnmatch.fnmatch(violation.page, self.page)
            and violation.rule == self.rule
            and violation.target == self.target
        )


def axe_violations(page, axe_script: Path, name: str, selector: str | None = None):
    """Every serious or critical WCAG 2.1 AA violation on the page (or inside `selector`)."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(axe_script))
    found = page.evaluate(RUN, {"selector": selector, "tags": WCAG_TAGS})
    return [
        Violation(
            name,
            v["rule"],
            n["impact"] or v["impact"],
            v["help"],
            v["url"],
            n["target"],
            n["fix"],
            n["html"],
        )
        for v in found
        for n in v["nodes"]
        if (n["impact"] or v["impact"]) in FAILING
    ]


def load_allowances(path: Path = ALLOWED) -> list[Allowance]:
    entries = (yaml.safe_load(path.read_text("utf-8")) or {}).get("allowed") or []
    return [Allowance(**entry) for entry in entries]
