"""Commands for the quality gates: `sudjustice screenshots` and `sudjustice stats`."""

from __future__ import annotations

import json
from pathlib import Path

import click

from sudjustice.paths import find_project_root
from sudjustice.quality.screenshots import WIDTHS, take_screenshots
from sudjustice.quality.stats import course_statistics


@click.command("screenshots")
@click.option(
    "--site",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Built book (default: _build/html of the project).",
)
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("_build/screenshots"),
    show_default=True,
    help="Folder for the PNGs (one subfolder per width).",
)
@click.option(
    "--width",
    "widths",
    type=click.Choice(list(WIDTHS)),
    multiple=True,
    help="Only these widths (default: desktop and phone).",
)
@click.option("--page", "pages", multiple=True, help="Only these pages, e.g. book/intro.html.")
def screenshots(site: Path | None, out: Path, widths: tuple[str, ...], pages: tuple[str, ...]):
    """Take full-page screenshots of every page at desktop and phone widths for review."""
    site = site or find_project_root() / "_build" / "html"
    if not (site / "index.html").exists():
        raise click.ClickException(f"no built book in {site}: run `make book` first")
    review = take_screenshots(
        site, out, pages or None, widths or tuple(WIDTHS), progress=lambda s: click.echo(s)
    )
    click.echo(f"{len(review.shots)} screenshots in {out}")
    for page, elements in review.sideways.items():
        click.echo(f"scrolls sideways at 375 px: {page}: {'; '.join(elements)}", err=True)


@click.command("stats")
@click.option("--root", type=click.Path(file_okay=False, path_type=Path), default=None)
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON.")
def stats(root: Path | None, as_json: bool):
    """Print the size of the course (modules, pages, words, cases, items, citations, data)."""
    figures = course_statistics(root or find_project_root())
    if as_json:
        click.echo(json.dumps(figures.as_dict(), indent=2))
    else:
        for label, value in figures.rows():
            click.echo(f"{label}: {value}")
