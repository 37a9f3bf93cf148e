"""`classroom start|stop|export`: a JupyterHub with nbgrader's exchange for one course."""

from __future__ import annotations

from pathlib import Path

import click

from sudjustice.classroom.export import DEFAULT_PASS_MARK

DEFAULT_STATE_DIR = Path("/srv/sudjustice-classroom")
STATE_DIR_OPTION = click.option(
    "--state-dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=DEFAULT_STATE_DIR,
    show_default=True,
    help="Folder for the hub's database, logs, settings and the nbgrader exchange.",
)


@click.group("classroom")
def classroom() -> None:
    """Run the course on this machine for a class: JupyterHub, local accounts, nbgrader exchange."""


@classroom.command()
@click.option(
    "--course",
    "course_source",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    default=Path("exercises/course"),
    show_default=True,
    help="The nbgrader course to copy into the instructor's home and release.",
)
@STATE_DIR_OPTION
@click.option(
    "--roster",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="CSV with a learner_id column: one Unix account and hub user per learner.",
)
@click.option("--instructor", default="instructor", show_default=True, help="Instructor account.")
@click.option("--course-id", default="sudjustice", show_default=True, help="nbgrader course id.")
@click.option("--ip", default="127.0.0.1", show_default=True, help="Address learners connect to.")
@click.option("--port", type=click.IntRange(1, 65535), default=8000, show_default=True)
@click.option(
    "--detach", is_flag=True, help="Return once the hub is up (stop it with `classroom stop`)."
)
def start(
    course_source: Path,
    state_dir: Path,
    roster: Path | None,
    instructor: str,
    course_id: str,
    ip: str,
    port: int,
    detach: bool,
) -> None:
    """Create missing accounts, release every assignment and start JupyterHub (needs root)."""
    from sudjustice.classroom.accounts import read_roster
    from sudjustice.classroom.hub import HubError, start_hub, stop_hub, wait_until_up
    from sudjustice.classroom.launch import prepare_classroom
    from sudjustice.classroom.settings import ClassroomSettings
    from sudjustice.problems import ContentError

    try:
        settings = ClassroomSettings(
            course_source=course_source.resolve(),
            state_dir=state_dir.resolve(),
            instructor=instructor,
            learners=read_roster(roster) if roster else (),
            course_id=course_id,
            ip=ip,
            port=port,
        )
        prepared = prepare_classroom(settings)
        process = start_hub(settings)
        wait_until_up(settings, process)
    except (ContentError, ValueError, OSError, RuntimeError) as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"Released: {', '.join(prepared.released)}; course copy: {prepared.course_dir}")
    if prepared.passwords_file:
        click.echo(f"First passwords of new accounts: {prepared.passwords_file} (root only)")
    click.echo(f"JupyterHub is up at {settings.url} (log: {settings.log_file})")
    if detach:
        return
    click.echo("Press Ctrl-C to stop the hub and every learner's server.")
    try:
        process.wait()
    except KeyboardInterrupt:
        try:
            stop_hub(settings)
        except HubError as error:
            raise click.ClickException(str(error)) from error
        process.wait()
        click.echo("Stopped.")


@classroom.command()
@STATE_DIR_OPTION
def stop(state_dir: Path) -> None:
    """Stop the hub, every learner's server and the proxy."""
    from sudjustice.classroom.hub import HubError, stop_hub
    from sudjustice.classroom.settings import ClassroomSettings

    try:
        settings = ClassroomSettings.load(state_dir.resolve())
        click.echo("Stopped." if stop_hub(settings) else "No hub was running.")
    except (FileNotFoundError, ValueError, HubError) as error:
        raise click.ClickException(str(error)) from error


@classroom.command()
@click.option(
    "--course",
    "course_dir",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    help="The graded course folder (default: the instructor's copy of the running classroom).",
)
@STATE_DIR_OPTION
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), required=True)
@click.option(
    "--pass-mark",
    type=click.FloatRange(0, 1, min_open=True),
    default=DEFAULT_PASS_MARK,
    show_default=True,
    help="Fraction of the maximum score needed to pass.",
)
def export(course_dir: Path | None, state_dir: Path, out: Path, pass_mark: float) -> None:
    """Write every learner's grades as CSV for an LMS (learner_id, score, max_score, passed)."""
    from sudjustice.classroom.course import instructor_course_dir
    from sudjustice.classroom.export import gradebook_grades, lms_csv
    from sudjustice.classroom.settings import ClassroomSettings

    try:
        if course_dir is None:
            course_dir = instructor_course_dir(ClassroomSettings.load(state_dir.resolve()))
        grades = gradebook_grades(course_dir)
    except (FileNotFoundError, ValueError, KeyError) as error:
        raise click.ClickException(str(error)) from error
    out.write_text(lms_csv(grades, pass_mark), encoding="utf-8")
    click.echo(f"{len(grades)} grade(s) written to {out}")
