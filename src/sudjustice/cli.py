"""The `sudjustice` command: argument parsing only; each subcommand calls a library function."""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import asdict
from pathlib import Path

import click

from sudjustice import __version__
from sudjustice.capstone.cli import capstone
from sudjustice.cases.cards import write_cards
from sudjustice.certificates.cli import certify, keys, verify
from sudjustice.check import CHECKS
from sudjustice.classroom.cli import classroom
from sudjustice.delivery.cli import COMMANDS as DELIVERY_COMMANDS
from sudjustice.grading.cli import analyse, feedback, grade, results
from sudjustice.items.blueprint import check_summative
from sudjustice.items.cli import exam
from sudjustice.items.export.cli import export
from sudjustice.paths import find_project_root
from sudjustice.printing import print_to_pdf
from sudjustice.problems import ContentError
from sudjustice.quality.cli import screenshots, stats

STRICT_BUILD = ["--builder", "html", "-W", "-n", "--keep-going"]


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__)
def main() -> None:
    """Build, check and grade the course on treatment and alternatives to punishment."""


@main.command()
@click.option("--root", type=click.Path(file_okay=False, path_type=Path), help="Project root.")
@click.option("--json", "as_json", is_flag=True, help="Print problems as JSON.")
@click.option(
    "--only", type=click.Choice(sorted(CHECKS)), multiple=True, help="Run only these checks."
)
@click.option(
    "--bank",
    type=click.Path(file_okay=False, path_type=Path),
    help="Also hold this summative bank to the blueprint (counts, tracks, sources, cases).",
)
def check(root: Path | None, as_json: bool, only: tuple[str, ...], bank: Path | None) -> None:
    """Validate the TOC, cases, jurisdiction cards, item banks and datasets; exit 1 on any
    problem."""
    root = (root or find_project_root()).resolve()
    problems = [p for name, run in CHECKS.items() if not only or name in only for p in run(root)]
    problems += check_summative(root, bank) if bank else []
    if as_json:
        click.echo(json.dumps([asdict(p) for p in problems], indent=2))
    else:
        for problem in problems:
            click.echo(str(problem), err=True)
        click.echo(f"{len(problems)} problem(s) found." if problems else "All checks passed.")
    sys.exit(1 if problems else 0)


@main.command()
@click.option("--root", type=click.Path(file_okay=False, path_type=Path), help="Project root.")
@click.option("--clean", is_flag=True, help="Remove _build (and the execution cache) first.")
def build(root: Path | None, clean: bool) -> None:
    """Build the HTML book strictly (warnings are errors) into _build/html."""
    root = (root or find_project_root()).resolve()
    jupyter_book = [str(Path(sys.executable).parent / "jupyter-book")]  # same environment as us
    if clean:
        subprocess.run([*jupyter_book, "clean", "--all", str(root)], check=True)
    result = subprocess.run([*jupyter_book, "build", str(root), *STRICT_BUILD], check=False)
    sys.exit(result.returncode)


@main.command()
@click.option("--root", type=click.Path(file_okay=False, path_type=Path), help="Project root.")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), required=True)
@click.option("--pdf", is_flag=True, help="Also print each card to PDF with Debian chromium.")
@click.argument("names", nargs=-1)
def cards(root: Path | None, out: Path, pdf: bool, names: tuple[str, ...]) -> None:
    """Write participant and facilitator workshop cards for NAMES (default: every case)."""
    root = (root or find_project_root()).resolve()
    try:
        written = write_cards(root, out, names)
    except (ContentError, KeyError) as error:
        raise click.ClickException(str(error)) from error
    for path in written:
        click.echo(print_to_pdf(path, path.with_suffix(".pdf")) if pdf else path)


main.add_command(grade)
main.add_command(capstone)
main.add_command(results)
main.add_command(analyse)
main.add_command(feedback)
main.add_command(keys)
main.add_command(certify)
main.add_command(verify)
main.add_command(classroom)
main.add_command(exam)
for command in DELIVERY_COMMANDS:
    main.add_command(command)
main.add_command(export)
main.add_command(screenshots)
main.add_command(stats)

if __name__ == "__main__":
    main()
