"""Exam forms from the summative bank, graded end to end: results CSVs and item analysis.

A small cohort sits one generated form (released with the real exam-notebook generator):
learners answering everything right, partly right, blank, and one whose kernel crashes.
"""

from __future__ import annotations

import csv
import shutil
from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import CliRunner

from sudjustice.grading.analysis import item_statistics, report_html
from sudjustice.grading.batch import grade_batch
from sudjustice.grading.cli import analyse, results
from sudjustice.grading.exam_results import MODULE_GROUPS, read_cohort
from sudjustice.grading.layout import CourseLayout
from sudjustice.grading.results import GradingStatus, Problem, results_json
from sudjustice.grading.synthetic import (
    answer_cells,
    exam_course,
    make_cohort,
    with_answer_code,
    write_cohort,
)

ROOT = Path(__file__).resolve().parents[2]
BANK = ROOT / "exercises" / "items" / "summative"
NOTEBOOK = "exam.ipynb"


@pytest.fixture(scope="module")
def graded_exams(tmp_path_factory: pytest.TempPathFactory):
    work = tmp_path_factory.mktemp("exam")
    course, form_id = exam_course(work, BANK, track="PR")
    layout = CourseLayout.at(course)
    cohort = make_cohort(
        layout.source_dir(form_id) / NOTEBOOK, layout.release_dir(form_id) / NOTEBOOK, size=13
    )
    keep = ["learner001", "learner002", "learner003", "learner004", "learner005", "learner006"]
    chosen = {name: cohort[name] for name in [*keep, "blank", "kernel_crash"]}
    # An answer that compares equal to anything would fool a hidden test: code, not a literal.
    first = next(iter(answer_cells(cohort["learner001"])))
    chosen["always_equal"] = with_answer_code(
        cohort["learner001"],
        first,
        f"{first.replace('-', '_')} = type('A', (str,), {{'__eq__': lambda s, o: True}})('x')\n",
    )
    write_cohort(chosen, layout.root / "submitted", form_id, NOTEBOOK)
    grading = grade_batch(layout.root, form_id, timeout=10)
    return layout, form_id, grading


def test_form_grades_and_pass_rule(graded_exams) -> None:
    layout, _form_id, grading = graded_exams
    exams = {exam.learner: exam for exam in read_cohort(layout.root, grading)}
    assert len(exams) == 9
    tricked = {result.student_id: result for result in grading}["always_equal"]
    assert tricked.status is GradingStatus.NEEDS_MANUAL_GRADING
    assert tricked.problems == (Problem.CODE_IN_ANSWER,)
    assert exams["learner001"].status is GradingStatus.GRADED
    full = exams["learner001"]
    assert full.max_score == 72 and full.score == 72 and full.result == "pass"
    assert full.outcomes_to_revisit() == [] and full.critical_errors == 0
    blank = exams["blank"]
    assert blank.score == 0 and blank.result == "fail"
    assert len(blank.outcomes_to_revisit()) == len({r.item.outcome for r in blank.items})
    assert exams["kernel_crash"].status is GradingStatus.NEEDS_MANUAL_GRADING
    assert exams["kernel_crash"].result == "pending"
    partial = exams["learner005"]
    assert 0 < partial.score < 72
    groups = partial.group_scores()
    assert set(groups) == set(MODULE_GROUPS)
    assert sum(points for points, _ in groups.values()) <= partial.score


def test_result_csvs(graded_exams, tmp_path: Path) -> None:
    layout, _form_id, grading = graded_exams
    saved = tmp_path / "results.json"
    saved.write_text(results_json(grading), encoding="utf-8")
    outcome = CliRunner().invoke(
        results, ["--course", str(layout.root), "--results", str(saved), "--out", str(tmp_path)]
    )
    assert outcome.exit_code == 0, outcome.output
    with (tmp_path / "grades.csv").open(encoding="utf-8") as handle:
        grades = {row["learner"]: row for row in csv.DictReader(handle)}
    assert grades["learner001"]["result"] == "pass"
    assert grades["learner001"]["score"] == "72"
    assert grades["blank"]["result"] == "fail"
    assert grades["kernel_crash"]["status"] == "needs_manual_grading"
    assert {"health_score", "law_score", "pathway_score", "system_score"} <= set(grades["blank"])
    assert grades["blank"]["critical_errors"] == "0"
    item_columns = [c for c in grades["blank"] if c[:1] == "m" and "-" in c]
    assert len(item_columns) == 60
    with (tmp_path / "lms.csv").open(encoding="utf-8") as handle:
        lms = list(csv.DictReader(handle))
    assert list(lms[0]) == [
        "ID number",
        "Certification exam",
        "Certification exam feedback",
    ]
    by_id = {row["ID number"]: row for row in lms}
    assert by_id["learner001"]["Certification exam"] == "72"
    assert by_id["kernel_crash"]["Certification exam"] == ""
    assert by_id["blank"]["Certification exam feedback"].startswith("Not passed. Outcomes")
    with (tmp_path / "items.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == 9 * 60


def test_item_analysis(graded_exams, tmp_path: Path) -> None:
    layout, _, grading = graded_exams
    exams = read_cohort(layout.root, grading)
    stats = item_statistics(exams)
    assert len(stats) == 60
    assert all(s.n == 7 for s in stats)  # the two pending exams are left out
    assert all(0 <= s.p_value <= 1 for s in stats)
    assert all(any(f.startswith("provisional") for f in s.flags) for s in stats)
    choice = [s for s in stats if s.option_rates]
    assert choice and all(s.key for s in choice)
    page = report_html(exams, synthetic=True)
    assert page.count('class="sudj-chart"') == 3
    assert "Synthetic data — for teaching only" in page
    assert "http://" not in page.split("<script>")[0] and "cdn" not in page.lower()

    out, saved = tmp_path / "report.html", tmp_path / "results.json"
    saved.write_text(results_json(grading), encoding="utf-8")
    options = ["--course", str(layout.root), "--results", str(saved), "--synthetic"]
    outcome = CliRunner().invoke(analyse, [*options, "--out", str(out)])
    assert outcome.exit_code == 0, outcome.output
    assert out.read_text(encoding="utf-8") == page


@pytest.mark.browser
def test_item_analysis_page_draws_its_charts(graded_exams, tmp_path: Path, browser) -> None:
    layout, _, grading = graded_exams
    out = tmp_path / "report.html"
    out.write_text(report_html(read_cohort(layout.root, grading)), encoding="utf-8")
    page = browser.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(out.as_uri())
    page.wait_for_selector("figure.sudj-chart svg", timeout=20_000)
    assert page.locator("figure.sudj-chart svg").count() == 3
    assert errors == []
    page.close()


def test_results_command_without_forms(tmp_path: Path) -> None:
    (tmp_path / "course").mkdir()
    shutil.copy(ROOT / "exercises" / "course" / "nbgrader_config.py", tmp_path / "course")
    outcome = CliRunner().invoke(
        results, ["--course", str(tmp_path / "course"), "--out", str(tmp_path / "out")]
    )
    assert outcome.exit_code != 0


def test_dif_screen_by_track(graded_exams) -> None:
    """Items that one track answers far better than another are flagged for review."""
    layout, _, grading = graded_exams
    exams = {exam.learner: exam for exam in read_cohort(layout.root, grading)}

    def sitting(exam, learner: str, track: str):
        return replace(exam, learner=learner, form=exam.form.model_copy(update={"track": track}))

    judges = [sitting(exams["learner001"], f"j{n}", "J") for n in range(25)]
    police = [sitting(exams["blank"], f"p{n}", "P") for n in range(25)]
    flagged = item_statistics(judges + police)
    assert all(any(flag.startswith("DIF check") for flag in s.flags) for s in flagged)
    assert flagged[0].p_by_track == {"J": (1.0, 25), "P": (0.0, 25)}
    small = item_statistics(judges[:5] + police[:5])  # too few sittings per track to compare
    assert not any(flag.startswith("DIF check") for s in small for flag in s.flags)
