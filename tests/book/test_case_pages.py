"""Can a learner work through the case bank in the built book, in a plain browser?"""

from __future__ import annotations

from pathlib import Path

import pytest

from sudjustice.cases import load_cases
from sudjustice.cases.engine import MAX_POINTS
from sudjustice.cases.model import Kind, Verdict

pytestmark = [pytest.mark.build, pytest.mark.browser]

ROOT = Path(__file__).resolve().parents[2]
CASES = load_cases(ROOT)
# One case per kind of decision: multi-select (c01), contested (c05), ranking (c27).
WALKS = {
    "c01": "book/cases/police.html",
    "c05": "book/cases/pre-trial.html",
    "c27": "book/cases/supervision-release.html",
}


@pytest.fixture
def page(learner_page, site):
    learner_page.site = site
    return learner_page


def _case(case_id: str):
    return next(c for c in CASES.values() if c.id == case_id)


def _answer_best(page, form, case, point) -> None:
    """Give the best answer the engine recognises: B option, all B options, or the right order."""
    if point.kind == Kind.SINGLE:
        option = next(o for o in point.options if o.verdict == Verdict.BEST)
        form.locator(f"#{case.id}-{point.id}-{option.id}").check()
    elif point.kind == Kind.MULTI:
        for option in point.options:
            if option.verdict == Verdict.BEST:
                form.locator(f"#{case.id}-{point.id}-{option.id}").check()
    else:
        for place, option in enumerate(point.options, 1):
            form.locator(f"#{case.id}-{point.id}-{option.id}").select_option(str(place))
    form.locator("button.sudj-check").click()


@pytest.mark.parametrize("case_id", list(WALKS))
def test_walk_a_case_to_full_marks(page, case_id):
    """Does each kind of decision show its feedback, branch on, and end with full marks saved?"""
    case = _case(case_id)
    page.goto((page.site / WALKS[case_id]).as_uri())
    section = page.locator(f"section#case-{case_id}")
    current, visited = case.decision_points[0], 0
    while current is not None:
        form = section.locator(f"form[data-dp='{current.id}']")
        assert form.is_visible()
        _answer_best(page, form, case, current)
        verdict = form.locator(".sudj-fb:not([hidden]) .sudj-verdict").first
        assert "Best" in verdict.inner_text()
        visited += 1
        nxt = current.next if not isinstance(current.next, dict) else None
        if isinstance(current.next, dict):
            best = next(o for o in current.options if o.verdict == Verdict.BEST)
            nxt = current.next.get(best.id)
        current = case.point(nxt) if nxt else None
    total = MAX_POINTS * visited
    score = section.locator(".sudj-debrief .sudj-score")
    assert score.inner_text() == f"You scored {total} of {total} points."
    stored = page.evaluate("JSON.parse(localStorage.getItem('sudjustice:cases'))")
    assert stored[case_id] == {**stored[case_id], "points": total, "max": total, "critical": 0}


def test_contested_choice_needs_the_matching_justification(page):
    """Does a contested option ask for a justification, and credit only the matching one?"""
    case = _case("c05")
    point = next(
        dp for dp in case.decision_points if any(o.verdict == Verdict.CONTESTED for o in dp.options)
    )
    option = next(o for o in point.options if o.verdict == Verdict.CONTESTED)
    wrong = next(j for j in option.justifications if not j.matches)
    page.goto((page.site / WALKS["c05"]).as_uri())
    section = page.locator("section#case-c05")
    page.evaluate(
        "id => document.querySelector(`section#case-c05 form[data-dp='${id}']`).hidden = false",
        point.id,
    )
    form = section.locator(f"form[data-dp='{point.id}']")
    form.locator(f"#c05-{point.id}-{option.id}").check()
    form.locator("button.sudj-check").click()
    assert "justification" in form.locator(".sudj-hint").inner_text()
    form.locator(f"#c05-{point.id}-{option.id}-why-{wrong.id}").check()
    form.locator("button.sudj-check").click()
    shown = form.locator(f".sudj-fb[data-key='{option.id}/{wrong.id}']")
    assert shown.is_visible() and "0 of 2 points" in shown.inner_text()


def test_library_filters_and_links_to_every_case(page):
    """Does the library list all cases, filter by track, and link to a page that shows each?"""
    page.goto((page.site / "book" / "case-library.html").as_uri())
    entries = page.locator(".sudj-library-entry")
    assert entries.count() == len(CASES)
    assert page.locator(".sudj-library-entry a").count() >= len(CASES)
    page.select_option("select[data-filter='role']", "H")
    expected = sum("H" in (c.role, *c.alt_roles) for c in CASES.values())
    assert page.locator(".sudj-library-entry:not([hidden])").count() == expected
    assert page.locator(".sudj-library-count").inner_text() == f"{expected} cases"
    link = page.locator(".sudj-library-entry:not([hidden]) a").first
    anchor = link.get_attribute("href").split("#")[1]
    link.click()
    page.wait_for_load_state()
    assert page.locator(f"section#{anchor}").is_visible()


def test_cases_read_without_javascript(browser, site):
    """With JavaScript off, are every decision and the debrief still readable?"""
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto((site / WALKS["c27"]).as_uri())
    section = page.locator("section#case-c27")
    for point in _case("c27").decision_points:
        assert section.locator(f"form[data-dp='{point.id}'] legend").first.is_visible()
    assert section.locator("details.sudj-debrief summary").is_visible()
    context.close()
