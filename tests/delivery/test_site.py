"""The built site as a learner and a trainer use it: progress on track pages, the offline zip,
the book PDF. Needs `make book`; uses Debian Chromium with every non-file request blocked."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from sudjustice.cases import load_cases
from sudjustice.cases.model import Kind, Verdict
from sudjustice.delivery.course import load_modules
from sudjustice.delivery.offline import FOLDER, write_offline_zip

pytestmark = [pytest.mark.build, pytest.mark.browser]
ROOT = Path(__file__).resolve().parents[2]
C01 = next(c for c in load_cases(ROOT).values() if c.id == "c01")


def _offline(page) -> list[str]:
    """Block and record every request that would leave the machine."""
    outside: list[str] = []

    def handle(route):
        if route.request.url.startswith(("file:", "data:", "about:", "blob:")):
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    page.route("**/*", handle)
    return outside


def _play_c01_best(page) -> None:
    section = page.locator("section#case-c01")
    current = C01.decision_points[0]
    while current is not None:
        form = section.locator(f"form[data-dp='{current.id}']")
        for place, option in enumerate(current.options, 1):
            box = form.locator(f"#c01-{current.id}-{option.id}")
            if current.kind == Kind.RANK:
                box.select_option(str(place))
            elif option.verdict == Verdict.BEST:
                box.check()
                if current.kind == Kind.SINGLE:
                    break
        form.locator("button.sudj-check").click()
        nxt = current.next
        if isinstance(nxt, dict):
            nxt = nxt.get(next(o.id for o in current.options if o.verdict == Verdict.BEST))
        current = C01.point(nxt) if nxt else None


def test_progress_is_shown_on_the_track_page_and_can_be_reset(learner_page, site):
    """Complete a case on its page; the police track page ticks it; reset clears it."""
    page = learner_page
    outside = _offline(page)
    page.goto((site / "book/cases/police.html").as_uri())
    _play_c01_best(page)
    page.goto((site / "book/start/police.html").as_uri())
    item = page.locator("section.sudj-path [data-case='c01']").first
    assert "sudj-done" in item.get_attribute("class")
    assert "done on" in item.inner_text()
    summary = page.locator(".sudj-progress-summary").inner_text()
    assert summary.startswith("Your progress in this browser: 1 of ")
    # Cancelling the confirmation keeps the progress; accepting clears it.
    page.once("dialog", lambda d: d.dismiss())
    page.locator("button.sudj-reset").click()
    assert "sudj-done" in item.get_attribute("class")
    page.once("dialog", lambda d: d.accept())
    page.locator("button.sudj-reset").focus()
    page.keyboard.press("Enter")  # keyboard accessible
    assert "sudj-done" not in (item.get_attribute("class") or "")
    assert "not done yet" in item.inner_text()
    assert page.locator(".sudj-reset-status").inner_text() == "Your progress has been reset."
    assert page.evaluate("localStorage.getItem('sudjustice:cases')") is None
    assert outside == []


def test_path_pages_link_to_built_pages(site):
    text = (site / "book/start/judges.html").read_text("utf-8")
    for module in load_modules(ROOT).values():
        assert f"Module {module.number} — {module.title}" in text
    assert "Required for your track: c06" in text or "(required)" in text


def test_facilitator_agenda_names_modules_and_cases_from_data(site):
    text = (site / "book/facilitator/agendas.html").read_text("utf-8")
    assert "m05: Alternatives before trial" in text and f"c01: {C01.title}" in text
    briefings = (site / "book/facilitator/running-cases.html").read_text("utf-8")
    assert text.count("id='agenda-") == 2 and briefings.count("id='briefing-c01'") == 1


def test_offline_zip_opens_from_file_without_network(tmp_path, browser, site):
    archive = write_offline_zip(site, tmp_path / "course.zip")
    with zipfile.ZipFile(archive) as z:
        names = z.namelist()
        assert {n.split("/")[0] for n in names} == {FOLDER}
        assert f"{FOLDER}/OPEN-ME.html" in names and f"{FOLDER}/index.html" in names
        z.extractall(tmp_path / "unzipped")
    context = browser.new_context()
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    outside = _offline(page)
    page.goto((tmp_path / "unzipped" / FOLDER / "OPEN-ME.html").as_uri())
    page.wait_for_url("**/intro.html")
    page.goto((tmp_path / "unzipped" / FOLDER / "book/start/essentials.html").as_uri())
    assert page.locator("section.sudj-path li.sudj-step").count() == 15
    context.close()
    assert outside == [] and errors == []
