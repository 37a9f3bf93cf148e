"""`{case-library}` lists every case with links to the pages that use it; `{jurisdiction-card}`
renders a jurisdiction card as a page section. Both read the YAML, never a copy of it."""

from __future__ import annotations

from html import escape
from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective

from sudjustice.cases.load import load_card, load_cases
from sudjustice.cases.render.library import render_library_html
from sudjustice.paths import cards_dir, find_project_root
from sudjustice.problems import ContentError


class case_library(nodes.General, nodes.Element):
    """Placeholder filled in once every page has been read (links need the whole book)."""


class CaseLibraryDirective(SphinxDirective):
    has_content = False

    def run(self) -> list[nodes.Node]:
        self.env.sudj_library_pages = getattr(self.env, "sudj_library_pages", set())
        self.env.sudj_library_pages.add(self.env.docname)
        return [case_library()]


def fill_libraries(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    placeholders = list(doctree.findall(case_library))
    if not placeholders:
        return
    root = find_project_root(Path(app.srcdir))
    cases = sorted(load_cases(root).values(), key=lambda c: c.id)
    links: dict[str, list[tuple[str, str]]] = {}
    for page, names in sorted(getattr(app.env, "sudj_cases", {}).items()):
        title = app.env.titles[page].astext() if page in app.env.titles else page
        for name in names:
            url = app.builder.get_relative_uri(docname, page) + f"#case-{name.split('-')[0]}"
            links.setdefault(name, []).append((title, url))
    for node in placeholders:
        node.replace_self(nodes.raw("", render_library_html(cases, links), format="html"))


def reread_libraries(app, env, added, changed, removed) -> list[str]:
    """Library pages list links to every case page, so they are re-read on every build."""
    return sorted(getattr(env, "sudj_library_pages", set()))


class JurisdictionCardDirective(SphinxDirective):
    required_arguments = 1
    has_content = False

    def run(self) -> list[nodes.Node]:
        root = find_project_root(Path(self.env.srcdir))
        try:
            card = load_card(self.arguments[0], root)
        except ContentError as error:
            raise self.error(str(error)) from error
        self.env.note_dependency(str(cards_dir(root) / f"{card.id}.yaml"))
        rows = "".join(
            f"<dt>{escape(f.feature)}</dt><dd>{escape(f.rule)}</dd>" for f in card.features
        )
        html = (
            f"<section class='sudj-card-page' id='card-{card.id}'>"
            f"<p><strong>{escape(card.summary)}</strong></p><dl>{rows}</dl></section>"
        )
        return [nodes.raw("", html, format="html")]
