"""Accessibility fixes for markup the book inherits from Sphinx, myst-nb and the theme.

Each fix answers one axe-core rule (WCAG 2.1 AA) at its source, so the site passes without
excluding rules:

- `label-content-name-mismatch`: myst-nb labels its show/hide-code toggle "Toggle hidden content"
  while it shows "Show code cell source"; the theme labels its search button "Search" while it
  shows "Search Ctrl+K", and gives the colour-mode icons titles the label leaves out. We drop
  the labels so the visible text is the name (theme buttons: overridden templates).
- `summary-name`: the theme's sidebar toggles for pages with sub-pages are icons only; each gets
  a name from the page it opens.
- `aria-required-children` / `aria-deprecated-role`: docutils marks bibliography entries
  `doc-biblioentry`, deprecated in WAI-ARIA 1.3, inside a `role="list"`; they become list items.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from bs4 import BeautifulSoup
from sphinx.application import Sphinx
from sphinx.config import Config

TEMPLATES = Path(__file__).parent / "templates"
BODY_FIXES = [
    ('<summary aria-label="Toggle hidden content">', "<summary>"),
    ('role="doc-biblioentry"', 'role="listitem"'),
]


def fix_body(body: str) -> str:
    """The page body with the inherited accessibility faults replaced."""
    for old, new in BODY_FIXES:
        body = body.replace(old, new)
    return body


def name_sidebar_toggles(nav: BeautifulSoup) -> BeautifulSoup:
    """Give each sidebar expand/collapse toggle the name of the section it opens (in place)."""
    for summary in nav.select("li > details > summary"):
        link = summary.find_parent("li").find("a")
        if link is not None and not summary.get("aria-label"):
            summary["aria-label"] = f"Pages under {link.get_text(' ', strip=True)}"
    return nav


def _named_toggles(generate: Callable[..., object]) -> Callable[..., object]:
    def generate_toctree_html(*args, **kwargs):
        nav = generate(*args, **kwargs)
        if isinstance(nav, str):
            return str(name_sidebar_toggles(BeautifulSoup(nav, "html.parser")))
        return name_sidebar_toggles(nav) if isinstance(nav, BeautifulSoup) else nav

    return generate_toctree_html


def _use_templates(app: Sphinx, config: Config) -> None:
    """Put our template overrides ahead of the theme's."""
    config.templates_path = [str(TEMPLATES), *config.templates_path]


def _fix_page(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    if "body" in context:
        context["body"] = fix_body(context["body"])
    if callable(context.get("generate_toctree_html")):
        context["generate_toctree_html"] = _named_toggles(context["generate_toctree_html"])


def setup(app: Sphinx) -> dict[str, bool]:
    app.connect("config-inited", _use_templates)
    # Copied into the site with the other scripts by sudjustice.sphinxext._write_vendor.
    app.add_css_file("_vendor/sudjustice/site.css")
    # After the theme's own handler, which defines generate_toctree_html.
    app.connect("html-page-context", _fix_page, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
