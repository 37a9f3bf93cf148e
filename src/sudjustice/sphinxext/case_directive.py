"""`:::{case} c10-first-time-courier-nonuser` renders a case exercise from its YAML file."""

from __future__ import annotations

from pathlib import Path

from docutils import nodes
from sphinx.util.docutils import SphinxDirective

from sudjustice.cases.load import load_card, load_case
from sudjustice.cases.render.html import render_case_html
from sudjustice.paths import bibliography_path, cards_dir, cases_dir, find_project_root
from sudjustice.problems import ContentError
from sudjustice.references import load_references


class CaseDirective(SphinxDirective):
    required_arguments = 1
    has_content = False

    def run(self) -> list[nodes.Node]:
        name = self.arguments[0]
        root = find_project_root(Path(self.env.srcdir))
        path = cases_dir(root) / f"{name}.yaml"
        if not path.exists():
            raise self.error(f"case '{name}': no file {path.relative_to(root)}")
        try:
            case = load_case(path)
            card = load_card(case.jurisdiction_card, root)
        except ContentError as error:
            raise self.error(f"case '{name}' is invalid:\n{error}") from error
        references = load_references(bibliography_path(root))
        missing = sorted(case.source_keys() - set(references))
        if missing:
            raise self.error(f"{path}: sources not in references.bib: {', '.join(missing)}")
        # Rebuild the page when the case, its card or the bibliography changes.
        self.env.note_dependency(str(path))
        self.env.note_dependency(str(bibliography_path(root)))
        self.env.note_dependency(str(cards_dir(root) / f"{card.id}.yaml"))
        self.env.sudj_cases = getattr(self.env, "sudj_cases", {})
        self.env.sudj_cases.setdefault(self.env.docname, set()).add(name)
        return [nodes.raw("", render_case_html(case, card, references), format="html")]


def purge_cases(app, env, docname: str) -> None:
    """Forget what a page used before it is read again."""
    getattr(env, "sudj_cases", {}).pop(docname, None)
    getattr(env, "sudj_library_pages", set()).discard(docname)


def merge_cases(app, env, docnames, other) -> None:
    """Combine what parallel readers recorded."""
    env.sudj_cases = getattr(env, "sudj_cases", {})
    env.sudj_library_pages = getattr(env, "sudj_library_pages", set())
    for docname in docnames:
        if docname in getattr(other, "sudj_cases", {}):
            env.sudj_cases[docname] = other.sudj_cases[docname]
        if docname in getattr(other, "sudj_library_pages", set()):
            env.sudj_library_pages.add(docname)
