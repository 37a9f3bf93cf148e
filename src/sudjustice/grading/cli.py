"""`grade`: autograde every submission of one assignment and show one line per learner."""

from __future__ import annotations

import json
from pathlib import Path

import click

from sudjustice.grading.nbgrader_run import DEFAULT_CELL_TIMEOUT
from sudjustice.grading.results import results_json, results_table


@click.command("grade")
@click.option(
    "--course",
    "course_dir",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    default=Path("exercises/course"),
    show_default=True,
    help="The nbgrader course folder (holds nbgrader_config.py, source/ and submitted/).",
)
@click.option(
    "--assignment", required=True, help="Assignment to grade, e.g. ps01-treaty-flexibilities."
)
@click.option(
    "--timeout",
    type=click.IntRange(min=1),
    default=DEFAULT_CELL_TIMEOUT,
    show_default=True,
    help="Seconds any one notebook cell may run before it is stopped.",
)
@click.option(
    "--workers",
    type=click.IntRange(min=1),
    default=None,
    help="Parallel grading processes [default: twice the CPU cores].",
)
@click.option(
    "--no-sandbox",
    is_flag=True,
    help="Run learners' code without the bubblewrap sandbox (only for trusted notebooks).",
)
@click.option(
    "--json", "as_json", is_flag=True, help="Print the results as JSON instead of a table."
)
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Also save the results as JSON here (input for `sudjustice results`).",
)
def grade(
    course_dir: Path,
    assignment: str,
    timeout: int,
    workers: int | None,
    no_sandbox: bool,
    as_json: bool,
    out: Path | None,
) -> None:
    """Autograde every learner's submission of one assignment, in parallel and sandboxed.

    Scores are nbgrader's own and are written to the course gradebook; every learner gets a
    status (graded, graded_with_repairs, needs_manual_grading) and the problems found.
    """
    # Loaded here, not at the top: nbgrader takes seconds to import and other commands don't need it.
    from sudjustice.grading import batch
    from sudjustice.grading.sandbox import SandboxUnavailable

    try:
        results = batch.grade_batch(
            course_dir, assignment, timeout=timeout, workers=workers, sandboxed=not no_sandbox
        )
    except SandboxUnavailable as error:
        raise click.ClickException(
            f"{error} (or pass --no-sandbox for trusted notebooks)"
        ) from error
    if not results and not as_json:
        click.echo(f"No submissions of {assignment} under {course_dir / 'submitted'}.", err=True)
        return
    if out is not None:
        out.write_text(results_json(results) + "\n", encoding="utf-8")
    click.echo(results_json(results) if as_json else results_table(results))


def _read_results(path: Path | None):
    from sudjustice.grading.results import result_from_record

    if path is None:
        return []
    try:
        return [result_from_record(r) for r in json.loads(path.read_text(encoding="utf-8"))]
    except (ValueError, KeyError, TypeError) as error:
        raise click.ClickException(
            f"{path}: not a results file from `grade --out` ({error})"
        ) from error


CourseOption = click.option(
    "--course",
    "course_dir",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    required=True,
    help="The graded nbgrader course folder (forms/, autograded/, gradebook.db).",
)
ResultsOption = click.option(
    "--results",
    "results_path",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Results JSON from `sudjustice grade --out` (statuses; default: from the gradebook).",
)


@click.command("results")
@CourseOption
@ResultsOption
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), required=True)
def results(course_dir: Path, results_path: Path | None, out: Path) -> None:
    """Write grades.csv, items.csv and lms.csv for every graded exam form in the course."""
    from sudjustice.grading.exam_results import read_cohort
    from sudjustice.grading.export import write_results

    exams = read_cohort(course_dir, _read_results(results_path))
    if not exams:
        raise click.ClickException(f"no graded exam forms in {course_dir} (forms/*.json)")
    for path in write_results(exams, out):
        click.echo(path)


@click.command("analyse")
@CourseOption
@ResultsOption
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), required=True)
@click.option("--synthetic", is_flag=True, help="Label the charts as synthetic data.")
def analyse(course_dir: Path, results_path: Path | None, out: Path, synthetic: bool) -> None:
    """Write the item-analysis report (p-value, point-biserial, distractors, flags) as HTML."""
    from sudjustice.grading.analysis import write_report
    from sudjustice.grading.exam_results import read_cohort

    exams = read_cohort(course_dir, _read_results(results_path))
    if not exams:
        raise click.ClickException(f"no graded exam forms in {course_dir} (forms/*.json)")
    click.echo(write_report(exams, out, synthetic))


@click.command("feedback")
@CourseOption
@click.option("--assignment", required=True, help="The graded assignment.")
def feedback(course_dir: Path, assignment: str) -> None:
    """Write learners' feedback pages (points per test, never a hidden test) under feedback/."""
    from sudjustice.grading.batch import gradebook_cell_scores
    from sudjustice.grading.feedback import write_feedback
    from sudjustice.grading.layout import CourseLayout

    layout = CourseLayout.at(course_dir)
    for learner, scores in sorted(gradebook_cell_scores(layout, assignment).items()):
        for path in write_feedback(layout, assignment, learner, scores):
            click.echo(path)
