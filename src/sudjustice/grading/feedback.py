"""Feedback for learners that never shows a hidden test.

nbgrader's own feedback shows each test cell as it ran, hidden tests and their failing lines
included (a failed `assert answer == "b"` gives the key away). Here every locked cell is shown
as it was released, and a test cell's output is replaced by the points it earned.
"""

from __future__ import annotations

from pathlib import Path

import nbformat
from nbconvert import HTMLExporter
from nbformat import NotebookNode

from sudjustice.grading.layout import CourseLayout
from sudjustice.grading.notebooks import grade_id_of


def feedback_notebook(
    graded: NotebookNode, released: NotebookNode, cell_scores: dict[str, float | None]
) -> NotebookNode:
    """`graded` with locked cells as released and test outputs replaced by their points."""
    notebook = nbformat.from_dict(graded)
    released_sources = {grade_id_of(cell): cell.source for cell in released.cells}
    for cell in notebook.cells:
        flags = cell.metadata.get("nbgrader", {})
        grade_id = grade_id_of(cell)
        if flags.get("locked"):
            cell.source = released_sources.get(grade_id, "")
        if cell.cell_type == "code" and flags.get("grade") and not flags.get("solution"):
            score = cell_scores.get(grade_id)
            points = flags.get("points", 0)
            shown = "awaits a manual grade" if score is None else f"{score:g} / {points:g} points"
            cell.outputs = [nbformat.v4.new_output("stream", name="stdout", text=shown + "\n")]
    return notebook


def write_feedback(
    layout: CourseLayout, assignment: str, student_id: str, cell_scores: dict[str, float | None]
) -> list[Path]:
    """Write one HTML feedback page per graded notebook under feedback/; return their paths."""
    graded_dir = layout.autograded_dir(student_id, assignment)
    out_dir = layout.root / "feedback" / student_id / assignment
    written = []
    for path in sorted(graded_dir.glob("*.ipynb")):
        released_path = layout.release_dir(assignment) / path.name
        released = nbformat.read(released_path, as_version=4)
        notebook = feedback_notebook(nbformat.read(path, as_version=4), released, cell_scores)
        html, _ = HTMLExporter(template_name="basic").from_notebook_node(notebook)
        out_dir.mkdir(parents=True, exist_ok=True)
        target = out_dir / f"{path.stem}.html"
        target.write_text(html, encoding="utf-8")
        written.append(target)
    return written
