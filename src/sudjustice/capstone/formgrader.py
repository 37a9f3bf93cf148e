"""The rubric as an nbgrader assignment, so an assessor marks the capstone in formgrader.

`rubric_notebook` makes one manually graded task cell per criterion, worth the criterion's
weight; the assessor gives weight × level / 4 (the cell lists the score for each level), so
formgrader's total is the rubric score in percent. `levels_from_gradebook` reads the marks
back as levels and `rubric.score` applies the pass rule and the autograder cap on C8.
"""

from __future__ import annotations

from pathlib import Path

import nbformat
from nbformat.v4 import new_markdown_cell, new_notebook

from sudjustice.capstone.rubric import Rubric, RubricError

NOTEBOOK = "rubric.ipynb"


def _meta(grade_id: str, points: float | None = None) -> dict:
    nbgrader = {
        "grade": False,
        "grade_id": grade_id,
        "locked": True,
        "schema_version": 3,
        "solution": False,
        "task": points is not None,
    }
    if points is not None:
        nbgrader["points"] = points
    return {"nbgrader": nbgrader}


def rubric_notebook(
    rubric: Rubric, descriptors: dict[str, dict[int, str]]
) -> nbformat.NotebookNode:
    """The assessor's marking notebook: one task cell per criterion."""
    top = max(rubric.levels)
    cells = [
        new_markdown_cell(
            "# Capstone marking (assessors)\n\n"
            "Give each criterion the score for the level you judge, as listed in its cell "
            f"(weight × level / {top}). Formgrader's total is then the rubric score in percent. "
            "Run `sudjustice capstone check` on the analysis notebook first: if it fails, "
            f"{rubric.cap_criterion} is capped at level {rubric.cap_level}.",
            metadata=_meta("marking-intro"),
        )
    ]
    for criterion in rubric.criteria:
        lines = [
            f"## {criterion.id} {criterion.name} ({criterion.weight:g}%"
            + (", critical)" if criterion.critical else ")"),
            "",
        ]
        for level in sorted(rubric.levels, reverse=True):
            points = criterion.weight * level / top
            text = descriptors.get(criterion.id, {}).get(level, "")
            lines.append(f"- **{level} {rubric.levels[level]}** → {points:g} points: {text}")
        cells.append(
            new_markdown_cell("\n".join(lines), metadata=_meta(criterion.id, criterion.weight))
        )
    notebook = new_notebook(cells=cells)
    notebook.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    return notebook


def write_rubric_assignment(rubric_path: Path, course: Path, assignment: str) -> Path:
    """Write `course/source/<assignment>/rubric.ipynb` from the rubric YAML."""
    import yaml

    rubric = Rubric.load(rubric_path)
    data = yaml.safe_load(rubric_path.read_text(encoding="utf-8"))
    descriptors = {
        c["id"]: {int(k): v for k, v in c.get("descriptors", {}).items()} for c in data["criteria"]
    }
    folder = course / "source" / assignment
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / NOTEBOOK
    nbformat.write(rubric_notebook(rubric, descriptors), path)
    return path


def levels_from_marks(rubric: Rubric, marks: dict[str, float | None]) -> dict[str, int]:
    """Levels from formgrader marks (weight × level / 4); a missing or odd mark is an error."""
    top = max(rubric.levels)
    levels = {}
    for criterion in rubric.criteria:
        mark = marks.get(criterion.id)
        if mark is None:
            raise RubricError(f"{criterion.id}: not marked yet in formgrader")
        level = mark * top / criterion.weight
        if abs(level - round(level)) > 1e-6 or round(level) not in rubric.levels:
            allowed = ", ".join(f"{criterion.weight * lv / top:g}" for lv in sorted(rubric.levels))
            raise RubricError(f"{criterion.id}: mark {mark:g} is not one of {allowed}")
        levels[criterion.id] = round(level)
    return levels


def levels_from_gradebook(
    rubric: Rubric, gradebook_url: str, assignment: str, learner: str
) -> dict[str, int]:
    """The assessor's levels for `learner`, read from the course gradebook."""
    from nbgrader.api import Gradebook

    with Gradebook(gradebook_url) as gradebook:
        submission = gradebook.find_submission(assignment, learner)
        marks = {
            grade.name: grade.manual_score
            for notebook in submission.notebooks
            for grade in notebook.grades
        }
    return levels_from_marks(rubric, marks)
