"""The two steps an instructor runs: release an assignment, then grade every submission."""

from __future__ import annotations

from pathlib import Path

import nbformat
from nbgrader.api import Gradebook

from sudjustice.grading.layout import CourseLayout
from sudjustice.grading.nbgrader_run import (
    DEFAULT_CELL_TIMEOUT,
    NbgraderError,
    autograde_options,
    failure_summary,
    nbgrader_command,
    run_nbgrader,
)
from sudjustice.grading.notebooks import (
    edited_locked_cells,
    notebook_read_error,
    sources_by_grade_id,
)
from sudjustice.grading.results import GradingResult, graded_status, not_gradable

# nbgrader's default course id; the course never uses the exchange, which is what needs a real one.
NBGRADER_COURSE_ID = ""


def generate_assignment(course_dir: Path | str, assignment: str) -> Path:
    """Build the learners' version of `assignment` (solutions and hidden tests removed).

    Also records the original cells in the gradebook, which autograding restores from.
    Returns the folder to hand out.
    """
    layout = CourseLayout.at(course_dir)
    completed = run_nbgrader(
        nbgrader_command("generate_assignment", assignment, layout, "--force"), layout
    )
    if completed.returncode != 0:
        summary = failure_summary(completed.stderr, completed.returncode)
        raise NbgraderError(f"nbgrader generate_assignment {assignment} failed: {summary}")
    return layout.release_dir(assignment)


def grade_batch(
    course_dir: Path | str, assignment: str, *, timeout: int = DEFAULT_CELL_TIMEOUT
) -> list[GradingResult]:
    """Autograde every learner with a folder under `submitted/`, one nbgrader run each.

    Each learner gets a result, whatever happens to the others: one broken notebook or crashed
    run must not cost anyone else their grade. `timeout` bounds every cell in seconds.
    """
    layout = CourseLayout.at(course_dir)
    return [
        grade_learner(layout, assignment, student_id, timeout=timeout)
        for student_id in layout.learners_who_submitted(assignment)
    ]


def grade_learner(
    layout: CourseLayout, assignment: str, student_id: str, *, timeout: int
) -> GradingResult:
    """Autograde one learner's submission and read the result back from the gradebook."""
    submitted_dir = layout.submitted_dir(student_id, assignment)
    # nbgrader grades the notebooks at the top of the submission folder.
    read_errors = [
        f"{layout.relative(path)} is not a readable notebook ({error})"
        for path in sorted(submitted_dir.glob("*.ipynb"))
        if (error := notebook_read_error(path)) is not None
    ]
    if read_errors:
        return not_gradable(student_id, *read_errors)

    completed = run_nbgrader(
        nbgrader_command("autograde", assignment, layout, *autograde_options(student_id, timeout)),
        layout,
    )
    if completed.returncode != 0:
        summary = failure_summary(completed.stderr, completed.returncode)
        return not_gradable(student_id, f"nbgrader autograde failed: {summary}")

    with Gradebook(layout.gradebook_url, NBGRADER_COURSE_ID) as gradebook:
        submission = gradebook.find_submission(assignment, student_id)
        repairs = repair_messages(gradebook, layout, assignment, student_id)
        return GradingResult(
            student_id=student_id,
            status=graded_status(
                needs_manual_grade=submission.needs_manual_grade, repaired=bool(repairs)
            ),
            score=submission.score,
            max_score=submission.max_score,
            messages=tuple(repairs),
        )


def repair_messages(
    gradebook: Gradebook, layout: CourseLayout, assignment: str, student_id: str
) -> list[str]:
    """One message per locked cell the learner edited, which nbgrader graded as the original."""
    messages = []
    for notebook in gradebook.find_assignment(assignment).notebooks:
        filename = f"{notebook.name}.ipynb"
        submitted_path = layout.submitted_dir(student_id, assignment) / filename
        if not submitted_path.exists():
            continue
        released_path = layout.release_dir(assignment) / filename
        released = (
            sources_by_grade_id(nbformat.read(released_path, as_version=4))
            if released_path.exists()
            else {}
        )
        original_locked = {cell.name: cell.source for cell in notebook.source_cells if cell.locked}
        edited = edited_locked_cells(
            nbformat.read(submitted_path, as_version=4), original_locked, released
        )
        messages += [
            f"{filename}: locked cell '{grade_id}' was edited; graded with the original cell"
            for grade_id in edited
        ]
    return messages
