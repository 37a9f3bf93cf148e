"""Does the built book work for a learner in a real browser, offline and without a kernel?"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlparse

import pytest

pytestmark = [pytest.mark.build, pytest.mark.browser]

SLICE_PAGE = "modules/m03-treaty-flexibilities/01-flexibilities-map.html"
LOCAL_HOSTS = {"127.0.0.1", "localhost", "[::1]", "::1"}


def _is_local(url: str) -> bool:
    parsed = urlparse(url)
    return parsed.scheme in {"file", "data", "blob", "about"} or parsed.hostname in LOCAL_HOSTS


def _pages(site: Path) -> list[str]:
    """Every page a reader can open (theme fragments under _static/ are not pages)."""
    return sorted(
        str(p.relative_to(site))
        for p in site.rglob("*.html")
        if p.relative_to(site).parts[0] not in {"_static", "_sources", "_images"}
    )


def _guarded_context(browser, outside: list[str]):
    """A browser context that aborts, and records, every request that would leave the machine."""
    context = browser.new_context()

    def guard(route):
        if _is_local(route.request.url):
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    context.route("**/*", guard)
    return context


def _visit(browser, url: str) -> tuple[list[str], list[str]]:
    """Load one page; return the requests that left the machine and the console errors."""
    outside, errors = [], []
    context = _guarded_context(browser, outside)
    page = context.new_page()
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(url, wait_until="load")
    page.wait_for_timeout(300)  # let deferred scripts (charts) finish
    context.close()
    return outside, errors


def test_guard_records_outside_requests(browser, site_url):
    """Can the request guard fail? A page that asks for a remote image must be caught."""
    outside = []
    context = _guarded_context(browser, outside)
    page = context.new_page()
    page.goto(f"{site_url}/book/intro.html")
    page.evaluate("() => { const i = new Image(); i.src = 'https://example.org/x.png'; }")
    page.wait_for_timeout(300)
    context.close()
    assert outside == ["https://example.org/x.png"]


def test_every_page_loads_offline_without_errors(browser, site, site_url):
    """Does every page load with no request leaving the machine and no console error?"""
    problems = {}
    for page in _pages(site):
        outside, errors = _visit(browser, f"{site_url}/{page}")
        if outside or errors:
            problems[page] = {"outside": outside, "errors": errors}
    assert problems == {}


@pytest.fixture
def lesson(learner_page, site):
    """The slice lesson opened the way an offline learner opens it: straight from disk."""
    learner_page.goto((site / SLICE_PAGE).as_uri())
    return learner_page


def test_chart_draws_from_disk(lesson, tmp_path):
    """Does the Altair chart render as SVG with no kernel and no network?"""
    figure = lesson.locator("figure.sudj-chart")
    svg = figure.locator(".sudj-chart-view svg")
    svg.wait_for(state="visible", timeout=10_000)
    assert svg.locator("text", has_text="1988 art. 3(4)(c)").count() >= 1
    assert figure.locator("summary", has_text="Data table").is_visible()
    figure.screenshot(path=str(tmp_path / "chart.png"))
    assert (tmp_path / "chart.png").stat().st_size > 10_000


def test_case_gives_cited_feedback_and_branches(lesson, tmp_path):
    """Does choosing an option show its verdict, reason and sources, then the next decision?"""
    case = lesson.locator("section#case-c10")
    dp1, dp2 = case.locator("form[data-dp='dp1']"), case.locator("form[data-dp='dp2']")
    assert dp1.is_visible() and not dp2.is_visible()
    dp1.locator("label[for='c10-dp1-a']").click()
    dp1.locator("button.sudj-check").click()
    feedback = dp1.locator(".sudj-fb[data-key='a']")
    assert feedback.is_visible()
    assert "Best" in feedback.locator(".sudj-verdict").inner_text()
    assert "art. 3(1)" in feedback.locator(".sudj-sources").inner_text()
    assert not dp1.locator(".sudj-fb[data-key='b']").is_visible()
    assert dp2.is_visible()
    case.screenshot(path=str(tmp_path / "case.png"))


def test_case_runs_to_the_debrief_by_keyboard(lesson):
    """Can a keyboard-only learner finish the case, see the score and have it remembered?"""
    case = lesson.locator("section#case-c10")
    for dp, option in [("dp1", "b"), ("dp2", "a"), ("dp3", "b")]:
        form = case.locator(f"form[data-dp='{dp}']")
        form.locator(f"input[value='{option}']").focus()
        lesson.keyboard.press("Space")
        form.locator("button.sudj-check").focus()
        lesson.keyboard.press("Enter")
        assert form.locator(f".sudj-fb[data-key='{option}']").is_visible()
    score = case.locator(".sudj-debrief .sudj-score")
    assert score.inner_text() == "You scored 4 of 6 points."
    stored = lesson.evaluate("JSON.parse(localStorage.getItem('sudjustice:cases'))")
    assert stored["c10"]["points"] == 4 and stored["c10"]["max"] == 6
