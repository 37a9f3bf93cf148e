"""One record per learner from a grading batch, and how it is shown to an instructor."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from enum import StrEnum


class GradingStatus(StrEnum):
    """What happened to one learner's submission."""

    GRADED = "graded"
    # Graded, but the grader had to undo changes the learner was not allowed to make.
    GRADED_WITH_REPAIRS = "graded_with_repairs"
    # An assessor must look: the score (if any) is provisional or missing.
    NEEDS_MANUAL_GRADING = "needs_manual_grading"


class Problem(StrEnum):
    """Something about a submission an instructor should know; the value names it in results."""

    # Repaired by nbgrader; the grade stands (status graded_with_repairs).
    TAMPERED_LOCKED_CELL = "tampered_locked_cell"
    DUPLICATED_CELL = "duplicated_cell"
    DELETED_CELL = "deleted_cell"
    CHANGED_CELL_ID = "changed_cell_id"
    WRONG_FILE_NAME = "wrong_file_name"
    # Noted; the grade stands (status graded).
    CELL_TIMEOUT = "cell_timeout"
    OUTPUT_CUT = "output_cut"
    LATE = "late"
    # An assessor must decide (status needs_manual_grading).
    INVALID_NOTEBOOK = "invalid_notebook"
    MISSING_NOTEBOOK = "missing_notebook"
    EMPTY_SUBMISSION = "empty_submission"
    KERNEL_CRASH = "kernel_crash"
    KERNEL_UNRESPONSIVE = "kernel_unresponsive"
    GRADER_ERROR = "grader_error"
    MANUAL_ANSWERS = "manual_answers"
    CODE_IN_ANSWER = "code_in_answer"


REPAIRS = frozenset(
    {
        Problem.TAMPERED_LOCKED_CELL,
        Problem.DUPLICATED_CELL,
        Problem.DELETED_CELL,
        Problem.CHANGED_CELL_ID,
        Problem.WRONG_FILE_NAME,
    }
)
NOTES = frozenset({Problem.CELL_TIMEOUT, Problem.OUTPUT_CUT, Problem.LATE})


@dataclass(frozen=True)
class Finding:
    """One problem found in one learner's submission, with a message naming file and cell."""

    problem: Problem
    message: str

    def __str__(self) -> str:
        return f"{self.problem}: {self.message}"


@dataclass(frozen=True)
class GradingResult:
    """The outcome for one learner; `score` is None whenever there is no grade to report.

    `cell_scores` maps each graded cell's grade_id to the points nbgrader gave it (None when it
    awaits a manual grade); `seconds_late` is nbgrader's lateness of the submission.
    """

    student_id: str
    status: GradingStatus
    score: float | None
    max_score: float | None
    findings: tuple[Finding, ...] = ()
    cell_scores: dict[str, float | None] = field(default_factory=dict)
    seconds_late: float = 0.0

    @property
    def messages(self) -> tuple[str, ...]:
        return tuple(str(finding) for finding in self.findings)

    @property
    def problems(self) -> tuple[Problem, ...]:
        return tuple(finding.problem for finding in self.findings)


def status_for(findings: Iterable[Finding], *, needs_manual_grade: bool = False) -> GradingStatus:
    """The status a submission with these findings gets; manual grading wins over repairs."""
    problems = {finding.problem for finding in findings}
    if needs_manual_grade or problems - REPAIRS - NOTES:
        return GradingStatus.NEEDS_MANUAL_GRADING
    if problems & REPAIRS:
        return GradingStatus.GRADED_WITH_REPAIRS
    return GradingStatus.GRADED


def not_gradable(student_id: str, *findings: Finding) -> GradingResult:
    """A learner who gets no score, with the reasons an assessor needs to follow up."""
    return GradingResult(student_id, GradingStatus.NEEDS_MANUAL_GRADING, None, None, findings)


def format_score(score: float | None, max_score: float | None) -> str:
    if score is None or max_score is None:
        return "-"
    return f"{score:g}/{max_score:g}"


def results_table(results: Sequence[GradingResult]) -> str:
    """A plain-text table, one row per learner, messages joined on the same row."""
    header = ("learner", "status", "score", "messages")
    rows = [header] + [
        (
            result.student_id,
            str(result.status),
            format_score(result.score, result.max_score),
            "; ".join(result.messages),
        )
        for result in results
    ]
    widths = [max(len(row[column]) for row in rows) for column in range(len(header) - 1)]
    return "\n".join(
        "  ".join([*map(str.ljust, row[:-1], widths), row[-1]]).rstrip() for row in rows
    )


def result_record(result: GradingResult) -> dict:
    """A JSON-ready dict of one result."""
    record = asdict(result)
    record["findings"] = [
        {"problem": str(finding.problem), "message": finding.message} for finding in result.findings
    ]
    record["status"] = str(result.status)
    return record


def results_json(results: Sequence[GradingResult]) -> str:
    """Machine-readable results: a list of objects with the dataclass's field names."""
    return json.dumps([result_record(result) for result in results], indent=2)


def result_from_record(record: dict) -> GradingResult:
    """The inverse of `result_record`, for results saved as JSON."""
    return GradingResult(
        student_id=record["student_id"],
        status=GradingStatus(record["status"]),
        score=record["score"],
        max_score=record["max_score"],
        findings=tuple(
            Finding(Problem(item["problem"]), item["message"]) for item in record["findings"]
        ),
        cell_scores=record.get("cell_scores", {}),
        seconds_late=record.get("seconds_late", 0.0),
    )
