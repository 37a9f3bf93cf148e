"""Structure of the book: every page is in the TOC or deliberately excluded, no page is built
outside the TOC (an orphan), and every internal link and anchor in the built site resolves.

Sphinx `linkcheck` is for external links and needs the internet; it is never run in CI. These
checks read only local files.
"""

from __future__ import annotations

import fnmatch
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import yaml

from sudjustice.problems import Problem
from sudjustice.quality.site import built_pages

PAGE_SUFFIXES = {".md", ".ipynb", ".rst"}
DATA_SUFFIXES = {".yaml", ".yml", ".bib", ".csv", ".json", ".png", ".svg", ".jpg"}
FOLDERS = ("modules", "book")
# Pages Sphinx writes itself, not from a source file.
GENERATED = {"genindex.html", "search.html", "index.html"}


def excluded(root: Path, relative: str) -> bool:
    """Does `_config.yml` deliberately exclude this path from the build?"""
    config = yaml.safe_load((root / "_config.yml").read_text(encoding="utf-8")) or {}
    return any(fnmatch.fnmatch(relative, p) for p in config.get("exclude_patterns") or [])


def check_structure(root: Path) -> list[Problem]:
    """Every page under modules/ and book/ is in the TOC or excluded; other files are data."""
    from sudjustice.check import toc_pages  # check.py registers this check: import late

    in_toc = {p.resolve() for p in toc_pages(root)}
    problems = []
    for folder in FOLDERS:
        for path in sorted((root / folder).rglob("*")):
            relative = path.relative_to(root).as_posix()
            if not path.is_file() or excluded(root, relative):
                continue
            if path.suffix in PAGE_SUFFIXES and path.resolve() not in in_toc:
                problems.append(
                    Problem(
                        str(path),
                        None,
                        None,
                        "page is not in _toc.yml: add it to the TOC, or exclude it on purpose "
                        "in _config.yml exclude_patterns",
                    )
                )
            elif path.suffix not in PAGE_SUFFIXES | DATA_SUFFIXES:
                problems.append(
                    Problem(
                        str(path),
                        None,
                        None,
                        f"neither a page ({', '.join(sorted(PAGE_SUFFIXES))}) nor a data file: "
                        "move it out of the book's folders or exclude it in _config.yml",
                    )
                )
    return problems


def orphan_pages(root: Path, site: Path) -> list[Problem]:
    """Built pages with no TOC entry, and TOC entries with no built page."""
    from sudjustice.check import toc_pages

    expected = {p.relative_to(root).with_suffix(".html").as_posix() for p in toc_pages(root)}
    built = set(built_pages(site)) - GENERATED
    return [
        Problem(str(site / page), None, None, "built but not in _toc.yml (an orphan page)")
        for page in sorted(built - expected)
    ] + [
        Problem(str(root / "_toc.yml"), None, None, f"TOC page {page} was not built")
        for page in sorted(expected - built)
    ]


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[tuple[int, str]] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        for name in ("id", "name") if tag != "meta" else ():
            if values.get(name):
                self.ids.add(values[name])
        for name in ("href", "src"):
            if tag in {"a", "link", "img", "script", "source", "iframe"} and values.get(name):
                self.links.append((self.getpos()[0], values[name]))


def _parse(path: Path) -> _Links:
    parser = _Links()
    parser.feed(path.read_text(encoding="utf-8", errors="replace"))
    return parser


def broken_links(site: Path) -> list[Problem]:
    """Every relative link or anchor in the built pages that points at nothing."""
    parsed: dict[Path, _Links] = {}

    def page(path: Path) -> _Links:
        if path not in parsed:
            parsed[path] = _parse(path)
        return parsed[path]

    problems = []
    for name in built_pages(site):
        source = site / name
        for line, link in page(source).links:
            parts = urlsplit(link)
            if parts.scheme or parts.netloc or link.startswith(("mailto:", "javascript:", "data:")):
                continue
            target = (source.parent / unquote(parts.path)).resolve() if parts.path else source
            if target.is_dir():
                target = target / "index.html"
            if not target.is_file():
                problems.append(Problem(str(source), line, link, "link to a missing file"))
            elif (
                parts.fragment
                and target.suffix == ".html"
                and unquote(parts.fragment) not in page(target).ids
            ):
                problems.append(
                    Problem(str(source), line, link, "anchor not found in the target page")
                )
    return problems
