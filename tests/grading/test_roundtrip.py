"""The real round trip on a copy of the course: release ps01, submit a cohort, grade it.

One batch holds a full solution, a blank copy, a partial answer and every kind of broken or
adversarial submission the grader must survive; a second run grades the well-formed ones with
plain `nbgrader autograde` and the scores must match cell by cell. Real nbgrader, real kernels,
always in a temporary copy: nothing is written to the repo.
"""

from __future__ import annotations

import copy
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import pytest
from click.testing import CliRunner
from nbformat import NotebookNode
from nbgrader.api import Gradebook

from sudjustice.grading.batch import generate_assignment, grade_batch, gradebook_cell_scores
from sudjustice.grading.cli import feedback
from sudjustice.grading.feedback import write_feedback
from sudjustice.grading.layout import CourseLayout
from sudjustice.grading.nbgrader_run import NbgraderError, environment_for_nbgrader
from sudjustice.grading.notebooks import grade_id_of, sources_by_grade_id
from sudjustice.grading.results import GradingResult, GradingStatus, Problem

ASSIGNMENT = "ps01-treaty-flexibilities"
NOTEBOOK = f"{ASSIGNMENT}.ipynb"
SOLUTION_CELL = "applicable_provision"
CONSUMPTION_TESTS = "test_personal_consumption"
TRAFFICKING_TESTS = "test_trafficking_type"
REPO_COURSE = Path(__file__).resolve().parents[2] / "exercises" / "course"
# Long enough for a loaded machine to import pandas; short enough to keep the loops quick.
CELL_TIMEOUT = 10
NBGRADER_OUTPUTS = ("release", "submitted", "autograded", "feedback", "gradebook.db", ".nbgrader*")

# Passes the visible tests but not the hidden ones: it lets drug use decide the subparagraph.
DRUG_USE_DECIDES = '''def applicable_provision(offence_scope, minor, uses_drugs):
    if offence_scope == "personal_consumption":
        return "3(4)(d)"
    if not uses_drugs:
        return "3(4)(b)"
    return "3(4)(c)" if minor else "3(4)(b)"'''
# Right only for personal consumption: 1 of 3 points.
CONSUMPTION_ONLY = '''def applicable_provision(offence_scope, minor, uses_drugs):
    return "3(4)(d)"'''


def copy_course(destination: Path) -> CourseLayout:
    shutil.copytree(REPO_COURSE, destination, ignore=shutil.ignore_patterns(*NBGRADER_OUTPUTS))
    return CourseLayout.at(destination)


def read_notebook(path: Path) -> NotebookNode:
    return nbformat.read(path, as_version=4)


def with_cell_sources(notebook: NotebookNode, sources: dict[str, str]) -> NotebookNode:
    """A copy of `notebook` with the cells named by grade_id given new sources."""
    changed = copy.deepcopy(notebook)
    for cell in changed.cells:
        if grade_id_of(cell) in sources:
            cell.source = sources[grade_id_of(cell)]
    return changed


def without_cell(notebook: NotebookNode, grade_id: str) -> NotebookNode:
    changed = copy.deepcopy(notebook)
    changed.cells = [cell for cell in changed.cells if grade_id_of(cell) != grade_id]
    return changed


def with_renamed_cell(notebook: NotebookNode, grade_id: str, new_id: str) -> NotebookNode:
    changed = copy.deepcopy(notebook)
    for cell in changed.cells:
        if grade_id_of(cell) == grade_id:
            cell.metadata.nbgrader["grade_id"] = new_id
    return changed


def with_duplicated_cell(notebook: NotebookNode, grade_id: str, source: str) -> NotebookNode:
    changed = copy.deepcopy(notebook)
    position = [grade_id_of(cell) for cell in changed.cells].index(grade_id)
    duplicate = copy.deepcopy(changed.cells[position])
    duplicate.source = source
    changed.cells.insert(position + 1, duplicate)
    return changed


def submit(
    layout: CourseLayout, student_id: str, notebook: NotebookNode | str, name: str = NOTEBOOK
) -> Path:
    folder = layout.submitted_dir(student_id, ASSIGNMENT)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    if isinstance(notebook, str):
        path.write_text(notebook, encoding="utf-8")
    else:
        nbformat.write(notebook, path)
    return path


def well_formed_cohort(layout: CourseLayout) -> None:
    """Submissions plain nbgrader can grade too; their scores must match ours exactly."""
    source = read_notebook(layout.source_dir(ASSIGNMENT) / NOTEBOOK)
    released = read_notebook(layout.release_dir(ASSIGNMENT) / NOTEBOOK)
    submit(layout, "full_solution", source)
    submit(layout, "blank_copy", released)
    submit(layout, "partial", with_cell_sources(released, {SOLUTION_CELL: CONSUMPTION_ONLY}))
    submit(
        layout,
        "tampered_tests",
        with_cell_sources(
            released, {SOLUTION_CELL: DRUG_USE_DECIDES, TRAFFICKING_TESTS: "assert True"}
        ),
    )
    submit(
        layout,
        "endless_loop",
        with_cell_sources(released, {SOLUTION_CELL: "while True:\n    pass"}),
    )
    submit(
        layout,
        "huge_output",
        with_cell_sources(
            source,
            {
                SOLUTION_CELL: sources_by_grade_id(source)[SOLUTION_CELL]
                + "\n\nfor _ in range(20_000):\n    print('x' * 100)\n"
            },
        ),
    )
    submit(
        layout,
        "kernel_crash",
        with_cell_sources(released, {SOLUTION_CELL: "import os\nos._exit(1)"}),
    )
    submit(layout, "late", source)
    (layout.submitted_dir("late", ASSIGNMENT) / "timestamp.txt").write_text(
        "2031-01-01 00:00:00 UTC", encoding="utf-8"
    )


def broken_cohort(layout: CourseLayout) -> None:
    """Submissions plain nbgrader gives up on (or stops the whole batch for)."""
    source = read_notebook(layout.source_dir(ASSIGNMENT) / NOTEBOOK)
    submit(layout, "invalid_json", '{"cells": [')
    submit(layout, "zero_bytes", "")
    layout.submitted_dir("empty_folder", ASSIGNMENT).mkdir(parents=True)
    submit(layout, "wrong_file_name", source, name="ps01 (1).ipynb")
    submit(layout, "deleted_test", without_cell(source, TRAFFICKING_TESTS))
    submit(layout, "deleted_answer", without_cell(source, SOLUTION_CELL))
    submit(layout, "changed_id", with_renamed_cell(source, SOLUTION_CELL, "my_answer"))
    submit(
        layout,
        "duplicated_cell",
        with_duplicated_cell(source, SOLUTION_CELL, CONSUMPTION_ONLY),
    )


def set_due_date(layout: CourseLayout) -> None:
    with Gradebook(layout.gradebook_url) as gradebook:
        gradebook.update_or_create_assignment(ASSIGNMENT, duedate="2030-01-01 00:00:00 UTC")


def released_course_at(root: Path) -> CourseLayout:
    layout = copy_course(root)
    assert generate_assignment(layout.root, ASSIGNMENT) == layout.release_dir(ASSIGNMENT)
    set_due_date(layout)
    return layout


@pytest.fixture(scope="module")
def graded(
    released_course: CourseLayout, tmp_path_factory: pytest.TempPathFactory
) -> tuple[CourseLayout, dict[str, GradingResult]]:
    layout = CourseLayout.at(tmp_path_factory.mktemp("graded") / "course")
    shutil.copytree(released_course.root, layout.root)
    well_formed_cohort(layout)
    broken_cohort(layout)
    results = grade_batch(layout.root, ASSIGNMENT, timeout=CELL_TIMEOUT, workers=3)
    return layout, {result.student_id: result for result in results}


@pytest.fixture(scope="module")
def plain_nbgrader_scores(
    released_course: CourseLayout, tmp_path_factory: pytest.TempPathFactory
) -> dict[str, dict[str, float | None]]:
    """Per-cell scores from one plain `nbgrader autograde` run over the well-formed cohort."""
    layout = CourseLayout.at(tmp_path_factory.mktemp("plain") / "course")
    shutil.copytree(released_course.root, layout.root)
    well_formed_cohort(layout)
    subprocess.run(
        [
            sys.executable,
            "-m",
            "nbgrader",
            "autograde",
            ASSIGNMENT,
            f"--CourseDirectory.root={layout.root}",
            f"--CourseDirectory.db_url={layout.gradebook_url}",
            f"--Execute.timeout={CELL_TIMEOUT}",
        ],
        cwd=layout.root,
        env=environment_for_nbgrader(os.environ),
        capture_output=True,
        check=False,
    )
    return gradebook_cell_scores(layout, ASSIGNMENT)


def status_and_score(result: GradingResult) -> tuple:
    return (result.status, result.score, result.max_score)


def test_every_learner_is_reported(graded) -> None:
    """Does every learner appear in the results, however broken their submission?"""
    layout, results = graded
    assert sorted(results) == layout.learners_who_submitted(ASSIGNMENT)
    assert len(results) == 16


def test_scores_match_plain_nbgrader_cell_by_cell(graded, plain_nbgrader_scores) -> None:
    """Are our per-cell scores exactly plain nbgrader's, for every learner it could grade?"""
    layout, results = graded
    ours = gradebook_cell_scores(layout, ASSIGNMENT)
    assert set(plain_nbgrader_scores) == {
        "full_solution",
        "blank_copy",
        "partial",
        "tampered_tests",
        "endless_loop",
        "huge_output",
        "kernel_crash",
        "late",
    }
    for student, cells in plain_nbgrader_scores.items():
        assert ours[student] == cells, student
        assert results[student].cell_scores == cells, student


def test_round_trip_scores(graded) -> None:
    """Solution = full marks, blank = 0, partial = 1, tampered tests graded as the original."""
    _, results = graded
    assert status_and_score(results["full_solution"]) == (GradingStatus.GRADED, 3, 3)
    assert status_and_score(results["blank_copy"]) == (GradingStatus.GRADED, 0, 3)
    assert status_and_score(results["partial"]) == (GradingStatus.GRADED, 1, 3)
    assert results["full_solution"].findings == results["blank_copy"].findings == ()
    # Without the restore the tampered copy would score 3.
    assert status_and_score(results["tampered_tests"]) == (
        GradingStatus.GRADED_WITH_REPAIRS,
        1,
        3,
    )
    assert results["tampered_tests"].messages == (
        (
            f"tampered_locked_cell: {NOTEBOOK}: locked cell '{TRAFFICKING_TESTS}' was edited; "
            "graded with the original cell"
        ),
    )


def test_tampered_locked_cell_is_graded_as_original(graded) -> None:
    layout, _ = graded
    original = sources_by_grade_id(read_notebook(layout.source_dir(ASSIGNMENT) / NOTEBOOK))
    executed = sources_by_grade_id(
        read_notebook(layout.autograded_dir("tampered_tests", ASSIGNMENT) / NOTEBOOK)
    )
    assert executed[TRAFFICKING_TESTS] == original[TRAFFICKING_TESTS]
    assert executed[SOLUTION_CELL] == DRUG_USE_DECIDES


@pytest.mark.parametrize(
    ("student", "status", "score", "problem"),
    [
        ("endless_loop", GradingStatus.GRADED, 0, Problem.CELL_TIMEOUT),
        ("huge_output", GradingStatus.GRADED, 3, Problem.OUTPUT_CUT),
        ("late", GradingStatus.GRADED, 3, Problem.LATE),
        ("kernel_crash", GradingStatus.NEEDS_MANUAL_GRADING, 0, Problem.KERNEL_CRASH),
        ("invalid_json", GradingStatus.NEEDS_MANUAL_GRADING, None, Problem.INVALID_NOTEBOOK),
        ("zero_bytes", GradingStatus.NEEDS_MANUAL_GRADING, None, Problem.INVALID_NOTEBOOK),
        ("empty_folder", GradingStatus.NEEDS_MANUAL_GRADING, None, Problem.EMPTY_SUBMISSION),
        ("wrong_file_name", GradingStatus.GRADED_WITH_REPAIRS, 3, Problem.WRONG_FILE_NAME),
        ("deleted_test", GradingStatus.GRADED_WITH_REPAIRS, 3, Problem.DELETED_CELL),
        ("deleted_answer", GradingStatus.GRADED_WITH_REPAIRS, 0, Problem.DELETED_CELL),
        ("changed_id", GradingStatus.GRADED_WITH_REPAIRS, 3, Problem.CHANGED_CELL_ID),
        # The copy runs after the original, so its weaker definition is the one tested.
        ("duplicated_cell", GradingStatus.GRADED_WITH_REPAIRS, 1, Problem.DUPLICATED_CELL),
    ],
)
def test_each_failure_kind_gets_a_status(graded, student, status, score, problem) -> None:
    """Does each broken or adversarial submission get the status and finding it deserves?"""
    _, results = graded
    result = results[student]
    assert (result.status, result.score, result.problems) == (status, score, (problem,))


def test_messages_name_file_and_cell(graded) -> None:
    _, results = graded
    assert (
        results["invalid_json"]
        .messages[0]
        .startswith(
            f"invalid_notebook: submitted/invalid_json/{ASSIGNMENT}/{NOTEBOOK} is not a readable "
            "notebook (NotJSONError"
        )
    )
    assert results["endless_loop"].messages == (
        f"cell_timeout: {NOTEBOOK}: cell {SOLUTION_CELL} ran out of time",
    )
    assert results["changed_id"].messages == (
        (
            f"changed_cell_id: {NOTEBOOK}: cell id 'my_answer' was changed; renamed back to "
            f"'{SOLUTION_CELL}'"
        ),
    )
    assert results["late"].seconds_late == 365 * 24 * 3600


def test_huge_output_is_cut_but_graded(graded) -> None:
    layout, _ = graded
    path = layout.autograded_dir("huge_output", ASSIGNMENT) / NOTEBOOK
    assert path.stat().st_size < 3 * 1024**2


def test_submitted_files_are_never_changed(graded) -> None:
    """Repairs are made on staged copies: the learner's files stay as handed in."""
    layout, _ = graded
    submitted = read_notebook(layout.submitted_dir("changed_id", ASSIGNMENT) / NOTEBOOK)
    assert "my_answer" in sources_by_grade_id(submitted)


def test_feedback_shows_points_not_hidden_tests(graded) -> None:
    """Does learner feedback leave out hidden tests, and failing asserts that reveal them?"""
    layout, results = graded
    source_text = (layout.source_dir(ASSIGNMENT) / NOTEBOOK).read_text(encoding="utf-8")
    hidden_marker = "for scope in"
    assert hidden_marker in source_text
    for student in ("full_solution", "tampered_tests"):
        [page] = write_feedback(layout, ASSIGNMENT, student, results[student].cell_scores)
        html = page.read_text(encoding="utf-8")
        assert hidden_marker not in html
        assert "BEGIN HIDDEN TESTS" not in html
        assert "AssertionError" not in html
    assert "0 / 2 points" in html and "1 / 1 points" in html


def test_feedback_command(graded) -> None:
    layout, _ = graded
    outcome = CliRunner().invoke(
        feedback, ["--course", str(layout.root), "--assignment", ASSIGNMENT]
    )
    assert outcome.exit_code == 0, outcome.output
    pages = outcome.output.split()
    assert len(pages) == 12  # every learner nbgrader graded, one page each
    assert all("for scope in" not in Path(page).read_text(encoding="utf-8") for page in pages)


def test_cell_timeout_beats_course_config(released_course: CourseLayout, tmp_path: Path) -> None:
    """Does the batch's cell timeout stop an endless loop, even if the course config allows more?"""
    layout = CourseLayout.at(tmp_path / "course")
    shutil.copytree(released_course.root, layout.root)
    with (layout.root / "nbgrader_config.py").open("a", encoding="utf-8") as config:
        config.write("\nc.Execute.timeout = 600\n")
    released = read_notebook(layout.release_dir(ASSIGNMENT) / NOTEBOOK)
    submit(layout, "loop", with_cell_sources(released, {SOLUTION_CELL: "while True:\n    pass"}))
    started = time.monotonic()
    [result] = grade_batch(layout.root, ASSIGNMENT, timeout=CELL_TIMEOUT)
    assert time.monotonic() - started < 300
    assert Problem.CELL_TIMEOUT in result.problems


def test_unreleased_assignment_is_reported(tmp_path: Path) -> None:
    """Grading before the release: every learner is reported with the reason, none dropped."""
    layout = copy_course(tmp_path / "course")
    submit(layout, "early", read_notebook(layout.source_dir(ASSIGNMENT) / NOTEBOOK))
    [result] = grade_batch(layout.root, ASSIGNMENT)
    assert result.status is GradingStatus.NEEDS_MANUAL_GRADING
    assert result.problems == (Problem.GRADER_ERROR,)
    assert f"No assignment with ID '{ASSIGNMENT}'" in result.messages[0]


def test_failed_release_raises_with_the_reason(tmp_path: Path) -> None:
    layout = copy_course(tmp_path / "course")
    with pytest.raises(
        NbgraderError, match=f"No notebooks were matched .*ps1.* Did you mean: .*{ASSIGNMENT}"
    ):
        generate_assignment(layout.root, "ps1")
