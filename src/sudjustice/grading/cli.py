"""`grade`: autograde every submission of one assignment and show one line per learner."""

from __future__ import annotations

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
    "--json", "as_json", is_flag=True, help="Print the results as JSON instead of a table."
)
def grade(course_dir: Path, assignment: str, timeout: int, as_json: bool) -> None:
    """Autograde every learner's submission of one assignment, one learner at a time."""
    # Loaded here, not at the top: nbgrader takes seconds to import and other commands don't need it.
    from sudjustice.grading import batch

    results = batch.grade_batch(course_dir, assignment, timeout=timeout)
    if not results and not as_json:
        click.echo(f"No submissions of {assignment} under {course_dir / 'submitted'}.", err=True)
        return
    click.echo(results_json(results) if as_json else results_table(results))
