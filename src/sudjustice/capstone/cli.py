"""`capstone check` (autograder checks on a notebook) and `capstone score` (rubric)."""

from __future__ import annotations

import json
from pathlib import Path

import click

FilePath = click.Path(exists=True, dir_okay=False, path_type=Path)


@click.group("capstone")
def capstone() -> None:
    """Capstone autograder checks and rubric scoring (CURRICULUM §4.4)."""


@capstone.command("check")
@click.argument("notebook", type=FilePath)
@click.option("--root", type=click.Path(file_okay=False, path_type=Path), help="Project root.")
@click.option("--json", "as_json", is_flag=True, help="Print the checks as JSON.")
def check(notebook: Path, root: Path | None, as_json: bool) -> None:
    """Run the analysis NOTEBOOK in the sandbox and check it; exit 1 if any check fails."""
    from dataclasses import asdict

    from sudjustice.capstone.checks import check_notebook
    from sudjustice.paths import find_project_root

    checks = check_notebook(notebook.resolve(), (root or find_project_root()).resolve())
    if as_json:
        click.echo(json.dumps([asdict(c) for c in checks], indent=2, ensure_ascii=False))
    else:
        for item in checks:
            click.echo(str(item))
    raise SystemExit(0 if all(c.passed for c in checks) else 1)


@capstone.command("score")
@click.argument("levels", type=FilePath)
@click.option(
    "--autograder-failed", is_flag=True, help="The notebook failed a check: cap C8 at level 2."
)
@click.option("--rubric", "rubric_path", type=FilePath, help="Rubric YAML (default: project's).")
def score_command(levels: Path, autograder_failed: bool, rubric_path: Path | None) -> None:
    """Score an assessor's LEVELS (YAML: C1: 3, C2: 4, ...) with the rubric's pass rule."""
    import yaml

    from sudjustice.capstone.rubric import Rubric, RubricError, score
    from sudjustice.paths import find_project_root

    path = rubric_path or find_project_root() / "exercises" / "capstone" / "rubric.yaml"
    try:
        rubric = Rubric.load(path)
        given = {str(k): int(v) for k, v in yaml.safe_load(levels.read_text()).items()}
        result = score(rubric, given, autograder_passed=not autograder_failed)
    except (RubricError, ValueError, AttributeError) as error:
        raise click.ClickException(f"{levels}: {error}") from error
    decision = "PASS" if result.passed else "NOT PASSED"
    click.echo(f"{decision}: {result.score_percent:g}%")
    for rule in result.failed_rules:
        click.echo(f"  - {rule}")
    if result.capped:
        click.echo("  (C8 capped at level 2: the notebook failed an autograder check)")


@capstone.command("rubric-assignment")
@click.option("--course", type=click.Path(file_okay=False, path_type=Path), required=True)
@click.option("--assignment", default="capstone", show_default=True)
@click.option("--rubric", "rubric_path", type=FilePath, help="Rubric YAML (default: project's).")
def rubric_assignment(course: Path, assignment: str, rubric_path: Path | None) -> None:
    """Write the rubric as an nbgrader source notebook, for marking in formgrader."""
    from sudjustice.capstone.formgrader import write_rubric_assignment
    from sudjustice.paths import find_project_root

    path = rubric_path or find_project_root() / "exercises" / "capstone" / "rubric.yaml"
    click.echo(write_rubric_assignment(path, course, assignment))


@capstone.command("decide")
@click.option("--course", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--assignment", default="capstone", show_default=True)
@click.option("--learner", required=True)
@click.option("--autograder-failed", is_flag=True, help="Cap C8: the notebook failed a check.")
@click.option("--rubric", "rubric_path", type=FilePath, help="Rubric YAML (default: project's).")
def decide(
    course: Path, assignment: str, learner: str, autograder_failed: bool, rubric_path: Path | None
) -> None:
    """Read an assessor's formgrader marks for LEARNER and apply the rubric's pass rule."""
    from sudjustice.capstone.formgrader import levels_from_gradebook
    from sudjustice.capstone.rubric import Rubric, RubricError, score
    from sudjustice.grading.layout import CourseLayout
    from sudjustice.paths import find_project_root

    path = rubric_path or find_project_root() / "exercises" / "capstone" / "rubric.yaml"
    rubric = Rubric.load(path)
    try:
        levels = levels_from_gradebook(
            rubric, CourseLayout.at(course).gradebook_url, assignment, learner
        )
    except RubricError as error:
        raise click.ClickException(f"{learner}: {error}") from error
    result = score(rubric, levels, autograder_passed=not autograder_failed)
    levels_text = ", ".join(f"{k}={v}" for k, v in result.levels.items())
    decision = "PASS" if result.passed else "NOT PASSED"
    click.echo(f"{learner}: {decision} {result.score_percent:g}% ({levels_text})")
    for rule in result.failed_rules:
        click.echo(f"  - {rule}")
