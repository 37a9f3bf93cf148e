"""Can the book be read on a 375 px phone without sideways scrolling or cut-off widget text?"""

from __future__ import annotations

from pathlib import Path

import pytest

from sudjustice.quality.screenshots import (
    OVERFLOW_JS,
    WIDGET_TEXT_JS,
    answer_everything,
    offline_context,
    take_screenshots,
)
from sudjustice.quality.site import built_pages

pytestmark = [pytest.mark.build, pytest.mark.browser]

FIX = (
    "\nLet the element wrap (max-width: 100%; overflow-wrap: anywhere) or give wide content its "
    "own scrolling box (overflow-x: auto) in src/sudjustice/sphinxext/static/sudjustice.css."
)


@pytest.fixture(scope="module")
def phone(browser):
    context = offline_context(browser, 375, 812)
    yield context.new_page()
    context.close()


def test_overflow_checks_can_fail(phone, site_url):
    """Is a too-wide block caught, a wide table in its own scrolling box not, and cut text too?"""
    phone.goto(f"{site_url}/modules/m03-treaty-flexibilities/01-flexibilities-map.html")
    assert phone.evaluate(OVERFLOW_JS) == [] and phone.evaluate(WIDGET_TEXT_JS) == []
    phone.evaluate(
        """() => {
          const box = document.createElement('div'); box.style.overflowX = 'auto';
          box.innerHTML = '<table><tr><td style="min-width:900px">wide</td></tr></table>';
          document.querySelector('main').prepend(box);
          document.querySelector('.sudj-case legend').style.whiteSpace = 'nowrap';
          document.querySelector('.sudj-case legend').style.overflow = 'hidden';
        }"""
    )
    assert phone.evaluate(OVERFLOW_JS) == []
    assert any("legend" in t for t in phone.evaluate(WIDGET_TEXT_JS))
    phone.evaluate(
        """() => { const d = document.createElement('div'); d.id = 'too-wide';
                   d.style.width = '700px'; d.textContent = 'x';
                   document.querySelector('main').prepend(d); }"""
    )
    assert any("#too-wide" in e for e in phone.evaluate(OVERFLOW_JS))


def test_no_page_scrolls_sideways_at_375px(phone, site, site_url):
    """Does every page fit a 375 px wide phone (wide tables and code scroll in their own box)?"""
    sideways = {}
    for name in built_pages(site):
        phone.goto(f"{site_url}/{name}", wait_until="load")
        phone.wait_for_timeout(150)
        if found := phone.evaluate(OVERFLOW_JS):
            sideways[name] = found
    assert sideways == {}, "\n".join(f"{p}: {'; '.join(e)}" for p, e in sideways.items()) + FIX


def test_widget_text_fits_its_box_at_375px(phone, site, site_url):
    """With every case and self-check answered, is any widget text cut off on a phone?"""
    cut = {}
    pages = [
        n
        for n in built_pages(site)
        if "sudj-case" in (text := (site / n).read_text("utf-8")) or "sudj-quiz" in text
    ]
    assert len(pages) >= 14
    for name in pages:
        phone.goto(f"{site_url}/{name}", wait_until="load")
        answer_everything(phone)
        if found := phone.evaluate(WIDGET_TEXT_JS) + phone.evaluate(OVERFLOW_JS):
            cut[name] = found
    assert cut == {}, "\n".join(f"{p}: {'; '.join(e)}" for p, e in cut.items()) + FIX


def test_screenshot_script_writes_both_widths(browser, site, tmp_path: Path):
    """Does the review script write a full-page PNG per page and width, outside the sources?"""
    pages = ["book/intro.html", "book/glossary.html"]
    review = take_screenshots(site, tmp_path, pages=pages, browser=browser)
    names = sorted(p.relative_to(tmp_path).as_posix() for p in review.shots)
    assert names == [
        "desktop/book__glossary.png",
        "desktop/book__intro.png",
        "phone/book__glossary.png",
        "phone/book__intro.png",
    ]
    assert all(p.stat().st_size > 5_000 for p in review.shots)
    assert review.sideways == {}
