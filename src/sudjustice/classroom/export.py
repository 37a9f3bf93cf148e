"""Grades from the course gradebook as a CSV file a learning management system can import.

One row per enrolled learner and assignment, also for learners who submitted nothing (score 0),
so the LMS never silently keeps an old grade. LTI 1.3 grade passback is later work (see
book/classroom.md).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

COLUMNS = ("learner_id", "assignment", "score", "max_score", "passed", "status")
# The course's mastery threshold for formative work (CURRICULUM §4: quizzes >= 80%).
DEFAULT_PASS_MARK = 0.8


class GradeStatus(StrEnum):
    GRADED = "graded"
    # Some answers await an instructor: the score is provisional and `passed` is left blank.
    NEEDS_MANUAL_GRADING = "needs_manual_grading"
    NOT_SUBMITTED = "not_submitted"


@dataclass(frozen=True)
class Grade:
    learner_id: str
    assignment: str
    score: float
    max_score: float
    status: GradeStatus


def passed(grade: Grade, pass_mark: float) -> bool | None:
    """Whether the grade reaches the pass mark; None while an instructor still has to grade."""
    if grade.status is GradeStatus.NEEDS_MANUAL_GRADING:
        return None
    if grade.status is GradeStatus.NOT_SUBMITTED or grade.max_score <= 0:
        return False
    # Rounded, so 2.4 of 3 passes at 0.8 although 0.8 * 3 is 2.4000000000000004 in floating point.
    return round(grade.score / grade.max_score, 9) >= pass_mark


def number(value: float) -> str:
    """3.0 as "3", 2.5 as "2.5": what a person types into a grade book."""
    return f"{value:.2f}".rstrip("0").rstrip(".")


def lms_csv(grades: Iterable[Grade], pass_mark: float = DEFAULT_PASS_MARK) -> str:
    """The CSV text, one row per grade, sorted by learner and assignment."""
    if not 0 < pass_mark <= 1:
        raise ValueError(
            f"the pass mark is a fraction of the maximum (0 < mark <= 1), got {pass_mark}"
        )
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for grade in sorted(grades, key=lambda grade: (grade.learner_id, grade.assignment)):
        verdict = passed(grade, pass_mark)
        writer.writerow(
            [
                grade.learner_id,
                grade.assignment,
                number(grade.score),
                number(grade.max_score),
                "" if verdict is None else str(verdict).lower(),
                grade.status.value,
            ]
        )
    return out.getvalue()


def gradebook_grades(course_dir: Path) -> list[Grade]:
    """Every enrolled learner's grade for every assignment in the course's gradebook."""
    from nbgrader.api import Gradebook, MissingEntry  # seconds to import: only when exporting

    database = course_dir / "gradebook.db"
    if not database.is_file():
        raise FileNotFoundError(f"{database}: no gradebook (release an assignment first)")
    grades = []
    with Gradebook(f"sqlite:///{database}") as gradebook:
        for assignment in gradebook.assignments:
            for student in gradebook.students:
                try:
                    submission = gradebook.find_submission(assignment.name, student.id)
                except MissingEntry:
                    status, score = GradeStatus.NOT_SUBMITTED, 0.0
                else:
                    status = (
                        GradeStatus.NEEDS_MANUAL_GRADING
                        if submission.needs_manual_grade
                        else GradeStatus.GRADED
                    )
                    score = submission.score
                grades.append(
                    Grade(student.id, assignment.name, score, assignment.max_score, status)
                )
    return grades
