"""Commands for delivery: course paths, the workshop handout pack, the book PDF, the offline zip."""

from __future__ import annotations

import time
from pathlib import Path

import click
import yaml

from sudjustice.delivery.bookpdf import write_book_pdf
from sudjustice.delivery.course import load_course
from sudjustice.delivery.handouts import print_pack, write_handouts
from sudjustice.delivery.offline import write_offline_zip
from sudjustice.delivery.render import hours
from sudjustice.paths import find_project_root
from sudjustice.problems import ContentError

ROOT = click.option(
    "--root", type=click.Path(file_okay=False, path_type=Path), help="Project root."
)


def _root(root: Path | None) -> Path:
    return (root or find_project_root()).resolve()


def _site(root: Path, site: Path | None) -> Path:
    return (site or root / "_build" / "html").resolve()


@click.command()
@ROOT
@click.argument("key", default="essentials")
def paths(root: Path | None, key: str) -> None:
    """Print the path KEY (essentials, executive or a track id such as P) with its times."""
    try:
        path = load_course(_root(root)).path(key)
    except (ContentError, KeyError) as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"{path.title} — {hours(path.minutes)}")
    for section in path.sections:
        click.echo(f"\n{section.title} ({hours(section.minutes)})")
        for step in section.steps:
            click.echo(f"  {step.minutes:>4} min  {step.title}  [{step.doc or 'outside the book'}]")


@click.command()
@ROOT
@click.option(
    "--out", type=click.Path(file_okay=False, path_type=Path), help="Default: _build/handouts."
)
@click.option("--module", "modules", multiple=True, help="Only this module (repeatable).")
@click.option("--case", "cases", multiple=True, help="Only this case id, e.g. c01 (repeatable).")
@click.option("--html-only", is_flag=True, help="Write the HTML, do not print PDFs.")
def handouts(
    root: Path | None, out: Path | None, modules: tuple, cases: tuple, html_only: bool
) -> None:
    """Write the workshop pack: participant/ (agendas, module handouts, case cards, test forms,
    evaluation forms) and facilitator/ (facilitator cards, answer keys), as HTML and PDF."""
    root = _root(root)
    out = out or root / "_build" / "handouts"
    start = time.monotonic()
    try:
        pack = write_handouts(root, out, modules=modules, cases=cases)
    except (ContentError, KeyError, ValueError) as error:
        raise click.ClickException(str(error)) from error
    if not html_only:
        pack = print_pack(pack)
    click.echo(
        f"{len(pack.participant)} participant and {len(pack.facilitator)} facilitator files, "
        f"{len(pack.pdfs)} PDFs in {out} ({time.monotonic() - start:.0f} s). "
        "Never hand out facilitator/."
    )


@click.command()
@ROOT
@click.option("--site", type=click.Path(file_okay=False, path_type=Path), help="Built site.")
@click.option(
    "--out", type=click.Path(dir_okay=False, path_type=Path), help="Default: _build/book.pdf."
)
def pdf(root: Path | None, site: Path | None, out: Path | None) -> None:
    """Print the built book to one PDF with contents, internal links and page numbers."""
    root = _root(root)
    out = out or root / "_build" / "pdf" / "book.pdf"
    start = time.monotonic()
    try:
        title = yaml.safe_load((root / "_config.yml").read_text("utf-8"))["title"]
        write_book_pdf(root, _site(root, site), out, title)
    except (FileNotFoundError, ValueError) as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"{out} ({out.stat().st_size / 1e6:.1f} MB, {time.monotonic() - start:.0f} s)")


@click.command()
@ROOT
@click.option("--site", type=click.Path(file_okay=False, path_type=Path), help="Built site.")
@click.option(
    "--out", type=click.Path(dir_okay=False, path_type=Path), help="Default: _build/offline.zip."
)
def offline(root: Path | None, site: Path | None, out: Path | None) -> None:
    """Zip the built site into one folder learners unzip and open (OPEN-ME.html), offline."""
    root = _root(root)
    out = out or root / "_build" / "sudjustice-course-offline.zip"
    try:
        write_offline_zip(_site(root, site), out)
    except FileNotFoundError as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"{out} ({out.stat().st_size / 1e6:.1f} MB)")


COMMANDS = [paths, handouts, pdf, offline]
