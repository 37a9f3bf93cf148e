"""`{quiz} m01` renders a module's formative bank; `{course-glossary}` renders glossary.csv."""

from __future__ import annotations

import csv
from pathlib import Path

from docutils import nodes
from docutils.statemachine import StringList
from sphinx.domains.std import Glossary
from sphinx.util.docutils import SphinxDirective

from sudjustice.items.load import items_dir, load_bank
from sudjustice.items.render.quiz import render_quiz_html
from sudjustice.paths import bibliography_path, find_project_root
from sudjustice.problems import ContentError
from sudjustice.references import load_references


class QuizDirective(SphinxDirective):
    required_arguments = 1
    has_content = False

    def run(self) -> list[nodes.Node]:
        root = find_project_root(Path(self.env.srcdir))
        path = items_dir(root) / f"{self.arguments[0]}.yaml"
        if not path.exists():
            raise self.error(f"quiz '{self.arguments[0]}': no file {path.relative_to(root)}")
        try:
            bank = load_bank(path)
        except ContentError as error:
            raise self.error(f"quiz '{self.arguments[0]}' is invalid:\n{error}") from error
        references = load_references(bibliography_path(root))
        if missing := sorted(bank.source_keys() - set(references)):
            raise self.error(f"{path}: sources not in references.bib: {', '.join(missing)}")
        self.env.note_dependency(str(path))
        self.env.note_dependency(str(bibliography_path(root)))
        return [nodes.raw("", render_quiz_html(bank, references), format="html")]


class GlossaryDirective(SphinxDirective):
    """The course glossary from datasets/glossary.csv, as a Sphinx glossary ({term} targets)."""

    has_content = False

    def run(self) -> list[nodes.Node]:
        path = find_project_root(Path(self.env.srcdir)) / "datasets" / "glossary.csv"
        self.env.note_dependency(str(path))
        with path.open(encoding="utf-8", newline="") as handle:
            rows = sorted(csv.DictReader(handle), key=lambda r: r["term"].lower())
        lines = []
        for row in rows:
            lines += [row["term"], f"   {' '.join(row['definition'].split())}", ""]
        # Sphinx's own glossary directive registers each term for the {term} role.
        glossary = Glossary(
            "glossary",
            [],
            {"sorted": True},
            StringList(lines, source=str(path)),
            self.lineno,
            self.content_offset,
            "",
            self.state,
            self.state_machine,
        )
        return glossary.run()
