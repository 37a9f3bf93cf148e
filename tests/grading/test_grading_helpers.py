"""The small pieces of the grading module, each checked without running nbgrader."""

from __future__ import annotations

import json
import os
import sys
import sysconfig
from pathlib import Path

import nbformat
import pytest
from click.testing import CliRunner
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from sudjustice.grading import batch
from sudjustice.grading.cli import grade
from sudjustice.grading.layout import CourseLayout
from sudjustice.grading.nbgrader_run import (
    DEFAULT_CELL_TIMEOUT,
    environment_for_nbgrader,
    failure_summary,
    nbgrader_command,
)
from sudjustice.grading.notebooks import (
    edited_locked_cells,
    notebook_read_error,
    sources_by_grade_id,
)
from sudjustice.grading.results import (
    Finding,
    GradingResult,
    GradingStatus,
    Problem,
    format_score,
    not_gradable,
    result_from_record,
    results_json,
    results_table,
    status_for,
)

AUTOGRADE_TRACEBACK = """\
[AutogradeApp | INFO] Sanitizing submitted/x/ps/ps.ipynb
[AutogradeApp | ERROR] There was an error processing assignment: submitted/x/ps
[AutogradeApp | ERROR] Traceback (most recent call last):
      File "nbformat/reader.py", line 19, in parse_json
        raise JSONDecodeError("Expecting value", s, err.value) from None
    json.decoder.JSONDecodeError: Expecting value: line 2 column 1 (char 12)
      File "nbformat/reader.py", line 25, in parse_json
        raise NotJSONError(message) from e
    nbformat.reader.NotJSONError: Notebook does not appear to be JSON: '{"cells": [\\n'
[AutogradeApp | ERROR] There was an error processing assignment 'ps' for student 'x'
"""

UNKNOWN_ASSIGNMENT_LOG = """\
[GenerateAssignmentApp | ERROR] No notebooks were matched by 'source/ps1'
[GenerateAssignmentApp | ERROR] Did you mean: source/ps01
"""


def nbgrader_cell(grade_id: str, source: str) -> nbformat.NotebookNode:
    return new_code_cell(source, metadata={"nbgrader": {"grade_id": grade_id}})


# --- layout ----------------------------------------------------------------------------------


def test_learners_who_submitted_lists_only_this_assignment(tmp_path: Path) -> None:
    """Are only learners with a folder for this assignment graded, in a stable order?"""
    for learner, assignment in [("zoe", "ps01"), ("amir", "ps01"), ("ben", "ps02")]:
        (tmp_path / "submitted" / learner / assignment).mkdir(parents=True)
    (tmp_path / "submitted" / "stray-file.txt").write_text("not a learner", encoding="utf-8")

    assert CourseLayout.at(tmp_path).learners_who_submitted("ps01") == ["amir", "zoe"]


def test_learners_who_submitted_without_submissions(tmp_path: Path) -> None:
    """Does a course nobody has submitted to yet give an empty list rather than an error?"""
    assert CourseLayout.at(tmp_path).learners_who_submitted("ps01") == []


def test_gradebook_lives_in_the_course_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Is the gradebook always the course's own file, even from a relative course path?"""
    monkeypatch.chdir(tmp_path)
    layout = CourseLayout.at("course")
    assert layout.root == tmp_path.resolve() / "course"
    assert layout.gradebook_url == f"sqlite:///{tmp_path.resolve()}/course/gradebook.db"


# --- nbgrader_run ----------------------------------------------------------------------------


def test_nbgrader_command_uses_this_interpreter_and_course(tmp_path: Path) -> None:
    """Does every nbgrader run use this interpreter, this course root and its gradebook?"""
    layout = CourseLayout.at(tmp_path)
    command = nbgrader_command("autograde", "ps01", layout, "--force")
    assert command == [
        sys.executable,
        "-m",
        "nbgrader",
        "autograde",
        "ps01",
        f"--CourseDirectory.root={layout.root}",
        f"--CourseDirectory.db_url={layout.gradebook_url}",
        "--force",
    ]


def test_environment_puts_this_interpreters_scripts_first() -> None:
    """Will nbgrader's `alembic` call find this environment's copy first, keeping other vars?"""
    environment = environment_for_nbgrader({"PATH": "/usr/bin", "LANG": "C.UTF-8"})
    assert environment == {
        "PATH": os.pathsep.join([sysconfig.get_path("scripts"), "/usr/bin"]),
        "LANG": "C.UTF-8",
    }


def test_environment_without_path() -> None:
    """Does an environment with no PATH still get this interpreter's scripts?"""
    assert environment_for_nbgrader({})["PATH"] == sysconfig.get_path("scripts")


@pytest.mark.parametrize(
    ("stderr", "summary"),
    [
        (
            AUTOGRADE_TRACEBACK,
            "nbformat.reader.NotJSONError: Notebook does not appear to be JSON: '{\"cells\": [\\n'",
        ),
        (
            UNKNOWN_ASSIGNMENT_LOG,
            "No notebooks were matched by 'source/ps1' Did you mean: source/ps01",
        ),
        ("Killed\n", "Killed"),
        ("", "nbgrader exited with code -9 and printed nothing"),
    ],
)
def test_failure_summary_names_the_cause(stderr: str, summary: str) -> None:
    """Does a failed run come down to the one line that says what went wrong?"""
    assert failure_summary(stderr, -9) == summary


# --- notebooks -------------------------------------------------------------------------------


def test_readable_notebook_has_no_read_error(tmp_path: Path) -> None:
    """Is a valid notebook accepted for grading?"""
    path = tmp_path / "ok.ipynb"
    nbformat.write(new_notebook(cells=[new_code_cell("1 + 1")]), path)
    assert notebook_read_error(path) is None


@pytest.mark.parametrize(
    ("content", "error_type"),
    [
        ('{"cells": [', "NotJSONError"),
        ("[]", "AttributeError"),
        (b"\xff\xfe not text", "UnicodeDecodeError"),
    ],
)
def test_unreadable_notebook_says_why(
    tmp_path: Path, content: str | bytes, error_type: str
) -> None:
    """Is a file nbformat cannot read reported with the reason, not raised?"""
    path = tmp_path / "broken.ipynb"
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    assert notebook_read_error(path).startswith(f"{error_type}: ")


def test_sources_by_grade_id_skips_ordinary_cells() -> None:
    """Are only nbgrader cells picked up, by their grade_id?"""
    notebook = new_notebook(
        cells=[
            new_markdown_cell("# Notes"),
            nbgrader_cell("answer", "x = 1"),
            new_code_cell("print(x)", metadata={"nbgrader": {"solution": False}}),
        ]
    )
    assert sources_by_grade_id(notebook) == {"answer": "x = 1"}


ORIGINAL_TESTS = "assert f(1) == 2\n### BEGIN HIDDEN TESTS\nassert f(2) == 3\n### END HIDDEN TESTS"
RELEASED_TESTS = "assert f(1) == 2"


@pytest.mark.parametrize(
    ("submitted_tests", "edited"),
    [
        (RELEASED_TESTS, []),
        (ORIGINAL_TESTS, []),
        ("assert True", ["tests"]),
    ],
)
def test_edited_locked_cells(submitted_tests: str, edited: list[str]) -> None:
    """Is a locked cell flagged only when it matches neither the release nor the original?"""
    submitted = new_notebook(
        cells=[
            nbgrader_cell("answer", "def f(x):\n    return x"),
            nbgrader_cell("tests", submitted_tests),
        ]
    )
    original_locked = {"tests": ORIGINAL_TESTS}
    released = {"answer": "def f(x):\n    raise NotImplementedError()", "tests": RELEASED_TESTS}
    assert edited_locked_cells(submitted, original_locked, released) == edited


def test_edited_locked_cells_without_a_release() -> None:
    """Without a release folder, is a locked cell still compared with the original?"""
    submitted = new_notebook(cells=[nbgrader_cell("tests", "assert True")])
    assert edited_locked_cells(submitted, {"tests": ORIGINAL_TESTS}, {}) == ["tests"]
    assert edited_locked_cells(submitted, {"tests": "assert True"}, {}) == []


# --- results ---------------------------------------------------------------------------------


TAMPERED = Finding(Problem.TAMPERED_LOCKED_CELL, "ps.ipynb: locked cell 'a' was edited")
TIMEOUT = Finding(Problem.CELL_TIMEOUT, "ps.ipynb: cell a ran out of time")
CRASH = Finding(Problem.KERNEL_CRASH, "the kernel stopped")


@pytest.mark.parametrize(
    ("findings", "needs_manual_grade", "status"),
    [
        ((), False, GradingStatus.GRADED),
        ((TIMEOUT,), False, GradingStatus.GRADED),
        ((TAMPERED, TIMEOUT), False, GradingStatus.GRADED_WITH_REPAIRS),
        ((), True, GradingStatus.NEEDS_MANUAL_GRADING),
        ((TAMPERED,), True, GradingStatus.NEEDS_MANUAL_GRADING),
        ((TAMPERED, CRASH), False, GradingStatus.NEEDS_MANUAL_GRADING),
    ],
)
def test_status_for(findings, needs_manual_grade: bool, status: GradingStatus) -> None:
    """Does manual grading outrank repairs, and repairs outrank notes like a timeout?"""
    assert status_for(findings, needs_manual_grade=needs_manual_grade) is status


def test_not_gradable_has_no_score() -> None:
    """Does a learner who could not be graded get no score rather than a zero?"""
    result = not_gradable("amir", CRASH, TIMEOUT)
    assert result == GradingResult(
        "amir", GradingStatus.NEEDS_MANUAL_GRADING, None, None, (CRASH, TIMEOUT)
    )
    assert result.messages == (str(CRASH), str(TIMEOUT))


@pytest.mark.parametrize(
    ("score", "max_score", "shown"),
    [(3.0, 3.0, "3/3"), (1.5, 3.0, "1.5/3"), (0.0, 3.0, "0/3"), (None, None, "-")],
)
def test_format_score(score: float | None, max_score: float | None, shown: str) -> None:
    """Are scores shown compactly, and a missing score as a dash rather than a zero?"""
    assert format_score(score, max_score) == shown


SAMPLE_RESULTS = [
    GradingResult("amir", GradingStatus.GRADED, 3.0, 3.0),
    GradingResult(
        "ben",
        GradingStatus.GRADED_WITH_REPAIRS,
        1.0,
        3.0,
        (TAMPERED, TIMEOUT),
        {"a": 1.0, "b": 0.0},
    ),
    not_gradable("chloe", Finding(Problem.INVALID_NOTEBOOK, "ps.ipynb is not readable")),
]


def test_results_table() -> None:
    """Does the table give one aligned row per learner, with every message on it?"""
    assert results_table(SAMPLE_RESULTS).splitlines() == [
        "learner  status                score  messages",
        "amir     graded                3/3",
        (
            "ben      graded_with_repairs   1/3    tampered_locked_cell: ps.ipynb: locked cell 'a' was "
            "edited; cell_timeout: ps.ipynb: cell a ran out of time"
        ),
        "chloe    needs_manual_grading  -      invalid_notebook: ps.ipynb is not readable",
    ]


def test_results_json_round_trip() -> None:
    """Does the JSON output carry every field, with statuses as plain strings?"""
    records = json.loads(results_json(SAMPLE_RESULTS))
    assert records[1] == {
        "student_id": "ben",
        "status": "graded_with_repairs",
        "score": 1.0,
        "max_score": 3.0,
        "findings": [
            {"problem": "tampered_locked_cell", "message": TAMPERED.message},
            {"problem": "cell_timeout", "message": TIMEOUT.message},
        ],
        "cell_scores": {"a": 1.0, "b": 0.0},
        "seconds_late": 0.0,
    }
    assert [record["status"] for record in records] == [
        "graded",
        "graded_with_repairs",
        "needs_manual_grading",
    ]
    assert [result_from_record(record) for record in records] == SAMPLE_RESULTS


# --- cli -------------------------------------------------------------------------------------


@pytest.fixture
def recorded_batch(monkeypatch: pytest.MonkeyPatch) -> list[tuple]:
    """Replace the real batch with one that records its call and returns SAMPLE_RESULTS."""
    calls: list[tuple] = []

    def fake_grade_batch(course_dir, assignment, *, timeout, workers, sandboxed):
        calls.append((course_dir, assignment, timeout))
        return SAMPLE_RESULTS

    monkeypatch.setattr(batch, "grade_batch", fake_grade_batch)
    return calls


def test_grade_command_prints_table(tmp_path: Path, recorded_batch: list[tuple]) -> None:
    """Does `grade` pass course, assignment and timeout on, and print the table?"""
    outcome = CliRunner().invoke(
        grade, ["--course", str(tmp_path), "--assignment", "ps01", "--timeout", "7"]
    )
    assert outcome.exit_code == 0, outcome.output
    assert recorded_batch == [(tmp_path, "ps01", 7)]
    assert outcome.stdout == results_table(SAMPLE_RESULTS) + "\n"


def test_grade_command_prints_json(tmp_path: Path, recorded_batch: list[tuple]) -> None:
    """Does `grade --json` print machine-readable results only?"""
    outcome = CliRunner().invoke(
        grade, ["--course", str(tmp_path), "--assignment", "ps01", "--json"]
    )
    assert outcome.exit_code == 0, outcome.output
    assert [record["student_id"] for record in json.loads(outcome.stdout)] == [
        "amir",
        "ben",
        "chloe",
    ]
    assert recorded_batch == [(tmp_path, "ps01", DEFAULT_CELL_TIMEOUT)]


def test_grade_command_says_when_nobody_submitted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Does `grade` say so when there is nothing to grade, instead of printing an empty table?"""
    monkeypatch.setattr(batch, "grade_batch", lambda course_dir, assignment, **options: [])
    outcome = CliRunner().invoke(grade, ["--course", str(tmp_path), "--assignment", "ps01"])
    assert outcome.exit_code == 0
    assert outcome.stdout == ""
    assert outcome.stderr == f"No submissions of ps01 under {tmp_path / 'submitted'}.\n"


def test_grade_command_requires_an_assignment(tmp_path: Path) -> None:
    """Is a missing --assignment refused before any grading starts?"""
    outcome = CliRunner().invoke(grade, ["--course", str(tmp_path)])
    assert outcome.exit_code == 2
    assert "Missing option '--assignment'" in outcome.output
