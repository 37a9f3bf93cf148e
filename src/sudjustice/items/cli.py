"""`sudjustice exam …` and `sudjustice export …`: every command takes the bank's path (`--bank`),
because a certification body keeps its summative bank private."""

from __future__ import annotations

import csv
import os
import time
from datetime import date
from pathlib import Path

import click

from sudjustice.items.blueprint import blueprint_path, load_blueprint
from sudjustice.items.exam import FormError, History, build_form, load_form, write_form
from sudjustice.items.export.notebook import write_course
from sudjustice.items.load import items_dir, load_banks
from sudjustice.paths import find_project_root
from sudjustice.problems import ContentError

SECRET_ENV = "SUDJUSTICE_EXAM_SECRET"
DirPath = click.Path(file_okay=False, path_type=Path)
FilePath = click.Path(dir_okay=False, path_type=Path)


def bank_option(**kwargs):
    return click.option(
        "--bank",
        type=DirPath,
        required=True,
        help="Directory of the bank's m*.yaml files (a summative bank is kept private).",
        **kwargs,
    )


def _secret(secret_file: Path | None) -> bytes:
    """The examining body's key: from a file, or the environment; never from the repository."""
    if secret_file:
        return secret_file.read_bytes().strip()
    if value := os.environ.get(SECRET_ENV):
        return value.encode()
    raise click.ClickException(f"give --secret-file or set {SECRET_ENV} (at least 16 bytes)")


def _load(bank: Path, blueprint: Path | None):
    try:
        banks = load_banks(bank, "summative")
        plan = load_blueprint(blueprint or blueprint_path(items_dir(find_project_root())))
    except ContentError as error:
        raise click.ClickException(str(error)) from error
    return banks, plan


def _secret_option(f):
    return click.option(
        "--secret-file", type=FilePath, help=f"File holding the exam key (else ${SECRET_ENV})."
    )(f)


def _common(f):
    for option in reversed(
        [
            bank_option(),
            click.option("--family", required=True, help="Form family, e.g. cert-2026."),
            click.option("--out", type=DirPath, required=True, help="Folder for form manifests."),
            click.option(
                "--log", type=FilePath, help="Exposure log (JSON lines), read and added to."
            ),
            click.option("--blueprint", type=FilePath, help="Blueprint (default: the project's)."),
            click.option("--date", "on", type=click.DateTime(["%Y-%m-%d"]), help="Sitting date."),
            _secret_option,
        ]
    ):
        f = option(f)
    return f


@click.group()
def exam() -> None:
    """Assemble certification exam forms (CURRICULUM §4.3)."""


@exam.command("build")
@_common
@click.option("--learner", required=True)
@click.option("--track", type=click.Choice(["P", "PR", "J", "D", "C", "H"]), required=True)
@click.option("--attempt", type=int, default=1, show_default=True)
def build(bank, family, out, log, blueprint, on, secret_file, learner, track, attempt) -> None:
    """Build one learner's form; the same learner, family and attempt give the same form."""
    banks, plan = _load(bank, blueprint)
    history = History.read(log)
    sitting = on.date() if on else date.today()
    try:
        form = build_form(
            banks, plan, _secret(secret_file), learner, family, attempt, track, history, sitting
        )
    except FormError as error:
        raise click.ClickException(str(error)) from error
    if log:
        history.append(log, form, sitting)
    for warning in form.warnings:
        click.echo(f"warning: {warning}", err=True)
    click.echo(write_form(form, out))


@exam.command("batch")
@_common
@click.option(
    "--learners", type=FilePath, required=True, help="CSV with columns learner, track[, attempt]."
)
def batch(bank, family, out, log, blueprint, on, secret_file, learners) -> None:
    """Build forms for a whole cohort; a learner whose form cannot be built is reported, and the
    others are still built."""
    banks, plan = _load(bank, blueprint)
    secret, history = _secret(secret_file), History.read(log)
    sitting = on.date() if on else date.today()
    rows = list(csv.DictReader(learners.open(encoding="utf-8")))
    start, failed = time.perf_counter(), 0
    for line, row in enumerate(rows, 2):
        try:
            form = build_form(
                banks,
                plan,
                secret,
                row["learner"],
                family,
                int(row.get("attempt") or 1),
                row["track"],
                history,
                sitting,
            )
        except (FormError, KeyError, ValueError) as error:
            failed += 1
            click.echo(f"{learners}:{line}: {error}", err=True)
            continue
        if log:
            history.append(log, form, sitting)
        write_form(form, out)
    seconds = time.perf_counter() - start
    click.echo(f"{len(rows) - failed} forms written to {out} in {seconds:.2f} s; {failed} failed.")
    if failed:
        raise SystemExit(1)


@exam.command("show")
@click.argument("form", type=FilePath)
def show(form: Path) -> None:
    """Summarise a form manifest (for audits and appeals): items, types and variants."""
    manifest = load_form(form)
    click.echo(f"{manifest.form_id}: {len(manifest.items)} items, track {manifest.track}")
    for item in manifest.items:
        click.echo(f"  {item.id:8} {item.type:4} {manifest.variants.get(item.id, '')}")


@exam.command("notebook")
@click.argument("forms", nargs=-1, required=True, type=FilePath)
@click.option("--course", type=DirPath, required=True, help="nbgrader course folder to write.")
@click.option("--minutes", type=int, default=90, show_default=True, help="Time allowed.")
def notebook(forms: tuple[Path, ...], course: Path, minutes: int) -> None:
    """Write each form as an nbgrader source assignment (`source/<form id>/exam.ipynb`), ready
    for `nbgrader generate_assignment`; keys stay in solution regions and hidden tests."""
    for form in forms:
        click.echo(write_course(load_form(form), course, minutes))
