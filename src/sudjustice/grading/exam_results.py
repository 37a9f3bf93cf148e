"""Exam results from a graded course: per item, per learner, and the §4.3 pass rule.

Every exam form is an nbgrader assignment named by its form id, with its manifest in
`<course>/forms/<form id>.json`. For each graded submission, an item's points are nbgrader's
grade for its `<item id>-test` cell; the learner's answer is read back from the answer cell of
the graded notebook, to find the option chosen (distractor analysis) and critical errors.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import nbformat
from nbgrader.api import Gradebook, MissingEntry

from sudjustice.grading.batch import submission_cell_scores
from sudjustice.grading.layout import CourseLayout
from sudjustice.grading.results import GradingResult, GradingStatus
from sudjustice.grading.synthetic import answer_cells, assignment_in
from sudjustice.items.exam import Form
from sudjustice.items.export.present import response, show
from sudjustice.items.model import Item, ItemType
from sudjustice.items.scoring import (
    CASE_SHARE,
    MAX_CRITICAL,
    PASS_SHARE,
    critical_errors,
    item_points,
)

NOTEBOOK = "exam.ipynb"
# CURRICULUM §4.3 "Results": sub-scores by module group (m00 is orientation, in no group).
MODULE_GROUPS = {
    "health": ("m01", "m02"),
    "law": ("m03", "m04", "m08"),
    "pathway": ("m05", "m06", "m07", "m09"),
    "system": ("m10", "m11", "m12", "m13"),
}


def module_group(item_id: str) -> str | None:
    return next((group for group, mods in MODULE_GROUPS.items() if item_id[:3] in mods), None)


@dataclass(frozen=True)
class ItemResult:
    item: Item
    position: int
    points: float | None  # None: awaits a manual grade
    answer: object  # the literal the learner wrote (None when blank or unreadable)
    chosen: tuple[str, ...]  # option/decision ids chosen, for distractor analysis
    critical: int

    @property
    def max_points(self) -> int:
        return item_points(self.item)


@dataclass(frozen=True)
class LearnerExam:
    learner: str
    form: Form
    status: GradingStatus
    items: tuple[ItemResult, ...]

    @property
    def pending(self) -> bool:
        return self.status is GradingStatus.NEEDS_MANUAL_GRADING or any(
            result.points is None for result in self.items
        )

    @property
    def score(self) -> float:
        return sum(result.points or 0 for result in self.items)

    @property
    def max_score(self) -> int:
        return sum(result.max_points for result in self.items)

    def group_scores(self) -> dict[str, tuple[float, int]]:
        scores = {}
        for group in MODULE_GROUPS:
            mine = [r for r in self.items if module_group(r.item.id) == group]
            scores[group] = (sum(r.points or 0 for r in mine), sum(r.max_points for r in mine))
        return scores

    @property
    def case_points(self) -> tuple[float, int]:
        cases = [r for r in self.items if r.item.type == ItemType.CASE]
        return sum(r.points or 0 for r in cases), sum(r.max_points for r in cases)

    @property
    def critical_errors(self) -> int:
        return sum(result.critical for result in self.items)

    def failed_rules(self) -> list[str]:
        """The §4.3 rules not met (same rule as `items.scoring.exam_result`)."""
        cut = math.ceil(PASS_SHARE * self.max_score - 1e-9)
        case, case_max = self.case_points
        failed = []
        if self.score < cut:
            failed.append(f"score {self.score:g} below the cut {cut}/{self.max_score}")
        if case_max and case < CASE_SHARE * case_max:
            failed.append(f"CASE points {case:g}/{case_max} below {CASE_SHARE:.0%}")
        if self.critical_errors > MAX_CRITICAL:
            failed.append(f"{self.critical_errors} critical errors (more than {MAX_CRITICAL})")
        return failed

    @property
    def result(self) -> str:
        if self.pending:
            return "pending"
        return "fail" if self.failed_rules() else "pass"

    def outcomes_to_revisit(self) -> list[str]:
        return sorted(
            {r.item.outcome for r in self.items if r.points is not None and r.points < r.max_points}
        )


def load_forms(course: CourseLayout) -> dict[str, Form]:
    forms = {}
    for path in sorted((course.root / "forms").glob("*.json")):
        form = Form.model_validate(json.loads(path.read_text(encoding="utf-8")))
        forms[form.form_id] = form
    return forms


def chosen_ids(item: Item, learner_response: object) -> tuple[str, ...]:
    if learner_response is None:
        return ()
    if item.type == ItemType.SC:
        return (learner_response,) if isinstance(learner_response, str) else ()
    if item.type == ItemType.MS:
        return tuple(learner_response) if isinstance(learner_response, list) else ()
    if item.type == ItemType.CASE and isinstance(learner_response, dict):
        decision = learner_response.get("decision")
        return (decision,) if decision else ()
    return ()


def answers_in(path: Path) -> dict[str, object]:
    """grade_id -> the literal the learner assigned in each answer cell (None if none)."""
    if not path.exists():
        return {}
    notebook = nbformat.read(path, as_version=4)
    answers = {}
    for grade_id, cell in answer_cells(notebook).items():
        found = assignment_in(cell.source)
        answers[grade_id] = found[1] if found else None
    return answers


def learner_exam(
    course: CourseLayout,
    gradebook: Gradebook,
    form: Form,
    learner: str,
    status: GradingStatus | None = None,
) -> LearnerExam | None:
    """One learner's exam result, or None when the gradebook has no submission."""
    try:
        submission = gradebook.find_submission(form.form_id, learner)
    except MissingEntry:
        return None
    grades = submission_cell_scores(submission)
    answers = answers_in(course.autograded_dir(learner, form.form_id) / NOTEBOOK)
    items = []
    for position, item in enumerate(form.items, start=1):
        answer = answers.get(item.id)
        learner_response = (
            response(show(item, form.form_id), answer) if answer is not None else None
        )
        items.append(
            ItemResult(
                item=item,
                position=position,
                points=grades.get(f"{item.id}-test"),
                answer=answer,
                chosen=chosen_ids(item, learner_response),
                critical=critical_errors(item, learner_response) if learner_response else 0,
            )
        )
    if status is None:
        status = (
            GradingStatus.NEEDS_MANUAL_GRADING
            if submission.needs_manual_grade
            else GradingStatus.GRADED
        )
    return LearnerExam(learner, form, status, tuple(items))


def read_cohort(course_dir: Path | str, results: Iterable[GradingResult] = ()) -> list[LearnerExam]:
    """Every graded exam in the course; statuses from `results` (a grade run) when given."""
    course = CourseLayout.at(course_dir)
    statuses = {result.student_id: result.status for result in results}
    exams = []
    with Gradebook(course.gradebook_url) as gradebook:
        for form in load_forms(course).values():
            try:
                submissions = gradebook.assignment_submissions(form.form_id)
            except MissingEntry:
                continue
            for learner in sorted(submission.student.id for submission in submissions):
                exam = learner_exam(course, gradebook, form, learner, statuses.get(learner))
                if exam is not None:
                    exams.append(exam)
    return exams


def all_item_ids(exams: Sequence[LearnerExam]) -> list[str]:
    return sorted({result.item.id for exam in exams for result in exam.items})
