"""Learner-eye review: full-page screenshots of every page at desktop and phone widths.

`sudjustice screenshots` writes one PNG per page and width into a folder outside the sources
(default `_build/screenshots/`), so a reviewer can page through the book as a learner sees it.
It also reports pages that scroll sideways on a phone. Chromium is Debian's; nothing leaves the
machine (requests to other hosts are blocked).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse

from sudjustice.quality.site import CHROMIUM, CHROMIUM_ARGS, built_pages, serve

WIDTHS = {"desktop": (1280, 900), "phone": (375, 812)}
PHONE_WIDTH = WIDTHS["phone"][0]
# Elements wider than the window, outside any box that scrolls on its own (wide tables and code
# are allowed to scroll inside their container). Returns a selector-like path for each.
OVERFLOW_JS = """() => {
  const limit = window.innerWidth;
  if (document.documentElement.scrollWidth <= limit) return [];
  const scrolls = el => { for (let p = el.parentElement; p; p = p.parentElement) {
      const o = getComputedStyle(p).overflowX; if (o === 'auto' || o === 'scroll' || o === 'hidden') return true; }
    return false; };
  const name = el => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
    [...el.classList].slice(0, 2).map(c => '.' + c).join('');
  const path = el => { const parts = []; for (let e = el; e && e !== document.body && parts.length < 4; e = e.parentElement) parts.unshift(name(e)); return parts.join(' > '); };
  const wide = [...document.body.querySelectorAll('*')].filter(el => {
    const r = el.getBoundingClientRect();
    const shown = !el.checkVisibility || el.checkVisibility({checkVisibilityCSS: true});
    return shown && r.width > 0 && r.right > limit + 1 && !scrolls(el);
  });
  const outermost = wide.filter(el => !wide.includes(el.parentElement));
  return outermost.slice(0, 5).map(el => path(el) + ' (right edge ' + Math.round(el.getBoundingClientRect().right) + ' px)');
}"""
# Answer every visible, unanswered decision point or question with its first choices, so the
# feedback, verdicts and debriefs are on screen (returns how many forms it answered).
ANSWER_ALL_JS = """(selector) => {
  const forms = [...document.querySelectorAll(selector)]
    .filter(f => !f.hidden && f.offsetParent !== null && !f.querySelector('button:disabled'));
  for (const form of forms) {
    const choice = form.querySelector('input[type=radio], input[type=checkbox]');
    if (choice) choice.checked = true;
    form.querySelectorAll('select').forEach((s, i) => { s.selectedIndex = i + 1; });
    const number = form.querySelector('input[type=number]');
    if (number) number.value = '1';
    const check = form.querySelector('button.sudj-check, button[type=submit]');
    if (check) check.click();
  }
  return forms.length;
}"""


def answer_everything(tab) -> None:
    """Reveal all feedback on a page: branching cases open one decision point per answer."""
    for _ in range(8):
        if not tab.evaluate(ANSWER_ALL_JS, "form.sudj-dp"):
            break
    tab.evaluate(ANSWER_ALL_JS, "form.sudj-q")


# Text in the case and self-check widgets that is cut off inside its own box.
WIDGET_TEXT_JS = """() => [...document.querySelectorAll(
    '.sudj-case :is(p, li, label, legend, dt, dd, button, summary, h2, h3, h4, select), ' +
    '.sudj-quiz :is(p, li, label, legend, button, summary, td, th, select)')]
  .filter(el => el.offsetParent !== null && el.scrollWidth > el.clientWidth + 1 &&
                getComputedStyle(el).overflowX !== 'auto')
  .map(el => el.tagName.toLowerCase() + '.' + [...el.classList].join('.') + ': "' +
             el.textContent.trim().slice(0, 50) + '" (' + el.scrollWidth + ' > ' + el.clientWidth + ' px)')"""


def is_local(url: str) -> bool:
    parsed = urlparse(url)
    return parsed.scheme in {"file", "data", "blob", "about"} or parsed.hostname in {
        "127.0.0.1",
        "localhost",
    }


def offline_context(browser, width: int, height: int):
    """A browser context of the given size that blocks every request leaving the machine."""
    context = browser.new_context(viewport={"width": width, "height": height})
    context.route(
        "**/*", lambda route: route.continue_() if is_local(route.request.url) else route.abort()
    )
    return context


def shot_name(page: str) -> str:
    return page.removesuffix(".html").replace("/", "__") + ".png"


@dataclass(frozen=True)
class Review:
    shots: list[Path]
    sideways: dict[str, list[str]]
    """Pages that scroll sideways on a phone, with the elements that stick out."""


def take_screenshots(
    site: Path,
    out: Path,
    pages: Iterable[str] | None = None,
    widths: Iterable[str] = tuple(WIDTHS),
    progress: Callable[[str], None] = lambda _: None,
    browser=None,
) -> Review:
    """Screenshot `pages` (default: every built page) at each named width into `out/<width>/`.

    Uses `browser` (a Playwright Chromium) when given, else starts Debian's Chromium.
    """
    pages = list(pages) if pages is not None else built_pages(site)
    with serve(site) as url:
        if browser is not None:
            return _shoot(browser, url, out, pages, widths, progress)
        from playwright.sync_api import sync_playwright

        with sync_playwright() as playwright:
            own = playwright.chromium.launch(
                executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
            )
            try:
                return _shoot(own, url, out, pages, widths, progress)
            finally:
                own.close()


def _shoot(browser, url, out, pages, widths, progress) -> Review:
    shots, sideways = [], {}
    for width_name in widths:
        width, height = WIDTHS[width_name]
        folder = out / width_name
        folder.mkdir(parents=True, exist_ok=True)
        context = offline_context(browser, width, height)
        tab = context.new_page()
        for page in pages:
            tab.goto(f"{url}/{page}", wait_until="load")
            tab.wait_for_timeout(300)  # charts and widgets draw after load
            path = folder / shot_name(page)
            tab.screenshot(path=str(path), full_page=True)
            shots.append(path)
            if width == PHONE_WIDTH and (wide := tab.evaluate(OVERFLOW_JS)):
                sideways[page] = wide
            progress(f"{width_name} {page}")
        context.close()
    return Review(shots, sideways)
