"""`sudjustice export qti|moodle`: an item bank or an exam form for an LMS.

`--bank` of the formative bank writes the practice export (with feedback); a summative `--bank`
writes the full secure bank (keys, no rationales); `--form` writes one learner's form in
presentation order. Every export is read back and compared with its source item by item before
the command reports success.
"""

from __future__ import annotations

from pathlib import Path

import click

from sudjustice.items.export.lms import Delivery, differences, load_delivery
from sudjustice.items.export.moodle import parse_moodle, write_moodle
from sudjustice.items.export.qti import XSD_ENV, parse_qti, validate_qti, write_qti
from sudjustice.problems import ContentError

DirPath = click.Path(file_okay=False, exists=True, path_type=Path)
FilePath = click.Path(dir_okay=False, path_type=Path)


def _source(f):
    for option in reversed(
        [
            click.option(
                "--bank", type=DirPath, help="Directory of a bank's m*.yaml files (every item)."
            ),
            click.option(
                "--form",
                type=click.Path(dir_okay=False, exists=True, path_type=Path),
                help="A form manifest from `sudjustice exam build` (one learner's exam).",
            ),
            click.option("--out", type=FilePath, required=True, help="File to write."),
            click.option(
                "--formative",
                is_flag=True,
                help="Refuse anything but a formative bank (a learner-facing practice export).",
            ),
        ]
    ):
        f = option(f)
    return f


def _delivery(bank: Path | None, form: Path | None, formative: bool) -> Delivery:
    try:
        return load_delivery(bank, form, formative)
    except ContentError as error:
        raise click.ClickException(str(error)) from error
    except ValueError as error:
        raise click.UsageError(str(error)) from error


def _report(delivery: Delivery, out: Path, problems: list[str], checks: str) -> None:
    if problems:
        for problem in problems:
            click.echo(f"{out}: {problem}", err=True)
        raise click.ClickException(f"{len(problems)} problem(s) in {out}")
    what = "practice, with feedback" if delivery.feedback else "secure: keys, no feedback"
    click.echo(f"{out}: {len(delivery.shown)} items ({delivery.kind}; {what}); {checks}")


@click.group()
def export() -> None:
    """Export an item bank or an exam form for an LMS (QTI 2.1 or Moodle XML)."""


@export.command("qti")
@_source
@click.option(
    "--xsd",
    type=click.Path(dir_okay=False, exists=True, path_type=Path),
    envvar=XSD_ENV,
    help=f"Also validate against this copy of imsqti_v2p1.xsd (or ${XSD_ENV}).",
)
def qti(bank: Path | None, form: Path | None, out: Path, formative: bool, xsd: Path | None):
    """Write an IMS Content Package (zip) of QTI 2.1 items (and a test for a form), validate it
    and read it back."""
    delivery = _delivery(bank, form, formative)
    write_qti(delivery, out)
    problems = validate_qti(out, xsd) + differences(delivery, parse_qti(out))
    checks = "structure" + (" and XSD" if xsd else "") + " valid, read back item by item"
    _report(delivery, out, problems, checks)


@export.command("moodle")
@_source
def moodle(bank: Path | None, form: Path | None, out: Path, formative: bool):
    """Write a Moodle XML quiz (a category per module) and read it back item by item."""
    delivery = _delivery(bank, form, formative)
    write_moodle(delivery, out)
    problems = differences(delivery, parse_moodle(out), keeps_order=False)
    _report(delivery, out, problems, "read back item by item")
