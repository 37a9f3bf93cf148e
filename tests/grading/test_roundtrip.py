"""The real nbgrader round trip on a copy of the course: release an exercise, then grade it.

Runs real nbgrader and real kernels, always in a temporary copy: nothing is written to the repo.
"""

from __future__ import annotations

import shutil
import time
from pathlib import Path

import nbformat
import pytest
from nbformat import NotebookNode

from sudjustice.grading.batch import generate_assignment, grade_batch
from sudjustice.grading.layout import CourseLayout
from sudjustice.grading.nbgrader_run import NbgraderError
from sudjustice.grading.notebooks import sources_by_grade_id
from sudjustice.grading.results import GradingResult, GradingStatus, not_gradable

ASSIGNMENT = "ps01-treaty-flexibilities"
NOTEBOOK = f"{ASSIGNMENT}.ipynb"
SOLUTION_CELL = "applicable_provision"
TRAFFICKING_TESTS = "test_trafficking_type"
REPO_COURSE = Path(__file__).resolve().parents[2] / "exercises" / "course"
# Anything nbgrader produced in a working copy of the repo must not leak into the test's copy.
NBGRADER_OUTPUTS = (
    "release",
    "submitted",
    "autograded",
    "feedback",
    "gradebook.db",
    ".nbgrader.log",
)

# Passes the visible tests but not the hidden ones: it lets drug use decide the subparagraph.
DRUG_USE_DECIDES = '''def applicable_provision(offence_scope, minor, uses_drugs):
    if offence_scope == "personal_consumption":
        return "3(4)(d)"
    if not uses_drugs:
        return "3(4)(b)"
    return "3(4)(c)" if minor else "3(4)(b)"'''


def copy_course(destination: Path) -> CourseLayout:
    shutil.copytree(REPO_COURSE, destination, ignore=shutil.ignore_patterns(*NBGRADER_OUTPUTS))
    return CourseLayout.at(destination)


def cell_lines(path: Path) -> list[str]:
    """Every stripped line of every cell's source, as a learner sees it (no JSON escaping)."""
    return [line.strip() for cell in read_notebook(path).cells for line in cell.source.splitlines()]


def marked_lines(lines: list[str], begin: str, end: str) -> list[str]:
    """The lines between two nbgrader markers that could give an answer away.

    Lines without a letter (a lone bracket, say) are left out: they reveal nothing.
    """
    marked, inside = [], False
    for line in lines:
        if line in (begin, end):
            inside = line == begin
        elif inside and any(character.isalpha() for character in line):
            marked.append(line)
    return marked


def read_notebook(path: Path) -> NotebookNode:
    return nbformat.read(path, as_version=4)


def with_cell_sources(notebook: NotebookNode, sources: dict[str, str]) -> NotebookNode:
    """A copy of `notebook` with the cells named by grade_id given new sources."""
    changed = nbformat.from_dict(notebook)
    for cell in changed.cells:
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
        if grade_id in sources:
            cell.source = sources[grade_id]
    return changed


def submit(layout: CourseLayout, student_id: str, notebook: NotebookNode) -> None:
    folder = layout.submitted_dir(student_id, ASSIGNMENT)
    folder.mkdir(parents=True)
    nbformat.write(notebook, folder / NOTEBOOK)


def submit_text(layout: CourseLayout, student_id: str, text: str) -> Path:
    folder = layout.submitted_dir(student_id, ASSIGNMENT)
    folder.mkdir(parents=True)
    path = folder / NOTEBOOK
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def released_course(tmp_path_factory: pytest.TempPathFactory) -> CourseLayout:
    layout = copy_course(tmp_path_factory.mktemp("released") / "course")
    assert generate_assignment(layout.root, ASSIGNMENT) == layout.release_dir(ASSIGNMENT)
    return layout


@pytest.fixture(scope="module")
def graded_batch(
    released_course: CourseLayout, tmp_path_factory: pytest.TempPathFactory
) -> tuple[CourseLayout, dict[str, GradingResult]]:
    """One batch with four learners: full solution, blank copy, tampered tests, broken file."""
    layout = CourseLayout.at(tmp_path_factory.mktemp("graded") / "course")
    shutil.copytree(released_course.root, layout.root)
    source = read_notebook(layout.source_dir(ASSIGNMENT) / NOTEBOOK)
    released = read_notebook(layout.release_dir(ASSIGNMENT) / NOTEBOOK)

    submit(layout, "full_solution", source)
    submit(layout, "blank_copy", released)
    submit(
        layout,
        "tampered_tests",
        with_cell_sources(
            released, {SOLUTION_CELL: DRUG_USE_DECIDES, TRAFFICKING_TESTS: "assert True"}
        ),
    )
    submit_text(layout, "broken_file", '{"cells": [')

    results = grade_batch(layout.root, ASSIGNMENT, timeout=20)
    return layout, {result.student_id: result for result in results}


def test_release_hides_solutions_and_hidden_tests(released_course: CourseLayout) -> None:
    """Does the learners' release leave out every solution line and every hidden test line?"""
    source_lines = cell_lines(released_course.source_dir(ASSIGNMENT) / NOTEBOOK)
    solution = marked_lines(source_lines, "### BEGIN SOLUTION", "### END SOLUTION")
    hidden = marked_lines(source_lines, "### BEGIN HIDDEN TESTS", "### END HIDDEN TESTS")
    assert 'return "3(4)(c)" if minor else "3(4)(b)"' in solution
    assert "for row in cases.itertuples()" in hidden

    released_files = [
        path for path in released_course.release_dir(ASSIGNMENT).rglob("*") if path.is_file()
    ]
    assert [path.name for path in released_files] == [NOTEBOOK]
    for path in released_files:
        lines = (
            cell_lines(path)
            if path.suffix == ".ipynb"
            else [line.strip() for line in path.read_text(encoding="utf-8").splitlines()]
        )
        leaked = set(solution + hidden) & set(lines)
        assert not leaked, f"{path.name} gives away: {sorted(leaked)}"


def test_every_learner_is_reported(graded_batch) -> None:
    """Does every learner appear in the results, even when one submission is broken?"""
    _, results = graded_batch
    assert sorted(results) == ["blank_copy", "broken_file", "full_solution", "tampered_tests"]


def test_scores_follow_the_original_tests(graded_batch) -> None:
    """Do the full solution, the blank copy and the tampered copy get exactly the scores due?"""
    _, results = graded_batch
    scores = {
        student: (result.score, result.max_score)
        for student, result in results.items()
        if student != "broken_file"
    }
    # tampered_tests: 1 point for the personal-consumption cell; the restored trafficking cell,
    # hidden tests included, fails. Without the restore it would have scored 3.
    assert scores == {"full_solution": (3, 3), "blank_copy": (0, 3), "tampered_tests": (1, 3)}
    assert results["full_solution"].status is GradingStatus.GRADED
    assert results["blank_copy"].status is GradingStatus.GRADED
    assert results["full_solution"].messages == results["blank_copy"].messages == ()


def test_tampered_locked_cell_is_graded_as_original(graded_batch) -> None:
    """Does a tampered locked cell still get graded against the original tests?"""
    layout, results = graded_batch
    tampered = results["tampered_tests"]
    assert tampered.status is GradingStatus.GRADED_WITH_REPAIRS
    assert tampered.messages == (
        f"{NOTEBOOK}: locked cell '{TRAFFICKING_TESTS}' was edited; graded with the original cell",
    )

    original = sources_by_grade_id(read_notebook(layout.source_dir(ASSIGNMENT) / NOTEBOOK))
    graded = sources_by_grade_id(
        read_notebook(layout.autograded_dir("tampered_tests", ASSIGNMENT) / NOTEBOOK)
    )
    assert graded[TRAFFICKING_TESTS] == original[TRAFFICKING_TESTS]
    assert graded[SOLUTION_CELL] == DRUG_USE_DECIDES


def test_unreadable_notebook_is_reported_by_name(graded_batch) -> None:
    """Is a file that is not valid JSON reported as not gradable, naming the file?"""
    layout, results = graded_batch
    broken = results["broken_file"]
    assert broken.status is GradingStatus.NOT_GRADABLE
    assert (broken.score, broken.max_score) == (None, None)
    assert len(broken.messages) == 1
    assert broken.messages[0].startswith(
        f"submitted/broken_file/{ASSIGNMENT}/{NOTEBOOK} is not a readable notebook (NotJSONError"
    )
    assert not layout.autograded_dir("broken_file", ASSIGNMENT).exists()


def test_cell_timeout_stops_an_endless_loop(released_course: CourseLayout, tmp_path: Path) -> None:
    """Does the batch's cell timeout stop an endless loop, even if the course config allows more?"""
    layout = CourseLayout.at(tmp_path / "course")
    shutil.copytree(released_course.root, layout.root)
    # If the batch's timeout were not applied, the loop would run for ten minutes.
    with (layout.root / "nbgrader_config.py").open("a", encoding="utf-8") as config:
        config.write("\nc.Execute.timeout = 600\n")
    released = read_notebook(layout.release_dir(ASSIGNMENT) / NOTEBOOK)
    submit(
        layout,
        "endless_loop",
        with_cell_sources(released, {SOLUTION_CELL: "while True:\n    pass"}),
    )

    started = time.monotonic()
    [result] = grade_batch(layout.root, ASSIGNMENT, timeout=3)
    elapsed = time.monotonic() - started

    assert elapsed < 300
    assert (result.student_id, result.status, result.score) == (
        "endless_loop",
        GradingStatus.GRADED,
        0,
    )
    graded = read_notebook(layout.autograded_dir("endless_loop", ASSIGNMENT) / NOTEBOOK)
    [solution_cell] = [
        cell for cell in graded.cells if cell.metadata["nbgrader"]["grade_id"] == SOLUTION_CELL
    ]
    assert "CellTimeoutError" in [output.get("ename") for output in solution_cell.outputs]


def test_failed_nbgrader_run_is_reported(tmp_path: Path) -> None:
    """When nbgrader itself fails for a learner, is the learner reported with nbgrader's reason?"""
    layout = copy_course(tmp_path / "course")
    # Grading before the release: the gradebook does not know the assignment yet.
    submit(layout, "early", read_notebook(layout.source_dir(ASSIGNMENT) / NOTEBOOK))

    [result] = grade_batch(layout.root, ASSIGNMENT)

    assert result == not_gradable(
        "early",
        "nbgrader autograde failed: nbgrader.converters.base.NbGraderException: "
        f"No assignment with ID '{ASSIGNMENT}' exists in the database",
    )


def test_failed_release_raises_with_the_reason(tmp_path: Path) -> None:
    """Does a release nbgrader cannot build raise, saying what is wrong and what was meant?"""
    layout = copy_course(tmp_path / "course")
    with pytest.raises(
        NbgraderError, match=f"No notebooks were matched .*ps1.* Did you mean: .*{ASSIGNMENT}"
    ):
        generate_assignment(layout.root, "ps1")
