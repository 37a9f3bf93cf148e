"""`{course-statistics}`: a table of the course's size, computed from the sources at build time.

The page depends on every file it counts, so Sphinx re-reads it whenever one of them changes.
"""

from __future__ import annotations

from pathlib import Path

from docutils import nodes
from sphinx.util.docutils import SphinxDirective

from sudjustice.paths import find_project_root
from sudjustice.quality.stats import course_statistics, source_files


def _table(rows: list[tuple[str, str]]) -> nodes.table:
    table = nodes.table(classes=["sudj-stats"])
    group = nodes.tgroup(cols=2)
    table += group
    group += [nodes.colspec(colwidth=1), nodes.colspec(colwidth=3)]
    head = nodes.thead()
    head += nodes.row("", *(nodes.entry("", nodes.paragraph(text=t)) for t in ("What", "How many")))
    body = nodes.tbody()
    for label, value in rows:
        body += nodes.row(
            "",
            nodes.entry("", nodes.paragraph(text=label)),
            nodes.entry("", nodes.paragraph(text=value)),
        )
    group += [head, body]
    return table


class CourseStatisticsDirective(SphinxDirective):
    """Render the course statistics table (no arguments, no content)."""

    has_content = False

    def run(self) -> list[nodes.Node]:
        root = find_project_root(Path(self.env.srcdir))
        for path in source_files(root):
            self.env.note_dependency(str(path))
        return [_table(course_statistics(root).rows())]
