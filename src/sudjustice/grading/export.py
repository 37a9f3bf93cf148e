"""Results as CSV: the course team's grades file and an LMS grade import.

- grades.csv: one row per learner: form, status, score, module-group sub-scores, CASE points,
  critical errors, pass/fail/pending, failed rules, outcomes to revisit, then one column per
  item (blank where the item was not on the learner's form);
- items.csv: one row per learner and item (the input of the item analysis);
- lms.csv: Moodle's "Import grades from CSV" layout: an identifier column, the grade column and
  a feedback column, mapped to the grade item when importing (also readable by Canvas).
"""

from __future__ import annotations

import csv
import json
from collections.abc import Sequence
from pathlib import Path

from sudjustice.grading.exam_results import MODULE_GROUPS, LearnerExam, all_item_ids

LMS_GRADE_COLUMN = "Certification exam"


def _points(value: float | None) -> str:
    return "" if value is None else f"{value:g}"


def grades_rows(exams: Sequence[LearnerExam]) -> list[dict[str, str]]:
    items = all_item_ids(exams)
    rows = []
    for exam in exams:
        case, case_max = exam.case_points
        row = {
            "learner": exam.learner,
            "form": exam.form.form_id,
            "track": str(exam.form.track),
            "status": str(exam.status),
            "score": _points(exam.score),
            "max_score": str(exam.max_score),
        }
        for group, (points, maximum) in exam.group_scores().items():
            row[f"{group}_score"] = f"{points:g}/{maximum}"
        row |= {
            "case_points": f"{case:g}/{case_max}",
            "critical_errors": str(exam.critical_errors),
            "result": exam.result,
            "failed_rules": "; ".join(exam.failed_rules()) if exam.result == "fail" else "",
            "outcomes_to_revisit": "; ".join(exam.outcomes_to_revisit()),
        }
        scores = {result.item.id: result.points for result in exam.items}
        row |= {item: _points(scores.get(item)) if item in scores else "" for item in items}
        rows.append(row)
    return rows


def item_rows(exams: Sequence[LearnerExam]) -> list[dict[str, str]]:
    return [
        {
            "learner": exam.learner,
            "form": exam.form.form_id,
            "track": str(exam.form.track),
            "item": result.item.id,
            "type": str(result.item.type),
            "outcome": result.item.outcome,
            "group": next((g for g, m in MODULE_GROUPS.items() if result.item.id[:3] in m), ""),
            "position": str(result.position),
            "points": _points(result.points),
            "max_points": str(result.max_points),
            "chosen": ";".join(result.chosen),
            "critical": str(result.critical),
            "answer": json.dumps(result.answer, ensure_ascii=False),
        }
        for exam in exams
        for result in exam.items
    ]


def lms_rows(exams: Sequence[LearnerExam]) -> list[dict[str, str]]:
    rows = []
    for exam in exams:
        feedback = {"pass": "Passed", "fail": "Not passed", "pending": "Result pending"}[
            exam.result
        ]
        revisit = exam.outcomes_to_revisit()
        if revisit:
            feedback += ". Outcomes to revisit: " + ", ".join(revisit)
        rows.append(
            {
                "ID number": exam.learner,
                LMS_GRADE_COLUMN: "" if exam.pending else f"{exam.score:g}",
                f"{LMS_GRADE_COLUMN} feedback": feedback,
            }
        )
    return rows


def write_csv(rows: list[dict[str, str]], path: Path, columns: Sequence[str] | None = None) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    fieldnames = list(columns or (rows[0].keys() if rows else []))
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=fieldnames)
        writer.writeheader()
        writer.writerows(rows)
    return path


def write_results(exams: Sequence[LearnerExam], out: Path) -> list[Path]:
    """Write grades.csv, items.csv and lms.csv into `out`."""
    return [
        write_csv(grades_rows(exams), out / "grades.csv"),
        write_csv(item_rows(exams), out / "items.csv"),
        write_csv(
            lms_rows(exams),
            out / "lms.csv",
            ["ID number", LMS_GRADE_COLUMN, f"{LMS_GRADE_COLUMN} feedback"],
        ),
    ]
