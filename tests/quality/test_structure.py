"""Is every page in the TOC or excluded on purpose, no page orphaned, every internal link live?"""

from __future__ import annotations

from pathlib import Path

import pytest
from pybtex.database import parse_file

from sudjustice.quality.structure import broken_links, check_structure, orphan_pages


def test_every_source_page_is_in_the_toc(root: Path):
    assert [str(p) for p in check_structure(root)] == []


def test_page_left_out_of_the_toc_fails(project_copy: Path):
    """Does a page nobody put in the TOC fail, and a deliberately excluded one pass?"""
    (project_copy / "book" / "draft-notes.md").write_text("# Draft\n", "utf-8")
    (project_copy / "book" / ".scratch.md").write_text("# Hidden scratch\n", "utf-8")
    [problem] = check_structure(project_copy)
    assert problem.path.endswith("book/draft-notes.md") and "not in _toc.yml" in problem.message


def test_stray_file_in_the_book_folders_fails(project_copy: Path):
    (project_copy / "modules" / "notes.docx").write_bytes(b"PK")
    [problem] = check_structure(project_copy)
    assert problem.path.endswith("modules/notes.docx") and "neither a page" in problem.message


def _page(path: Path, body: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"<html><body>{body}</body></html>", "utf-8")


def test_link_checker_finds_missing_files_and_anchors(tmp_path: Path):
    """Can the link check fail? A missing page and a missing anchor must both be reported."""
    _page(tmp_path / "a.html", '<h1 id="top">A</h1><a href="b.html#here">ok</a>')
    _page(
        tmp_path / "sub" / "b.html",
        '<p id="here"></p><a href="../a.html#top">ok</a><a href="../a.html#gone">x</a>'
        '<a href="missing.html">x</a><a href="https://example.org/">external</a>',
    )
    _page(tmp_path / "b.html", '<p id="here"></p><a href="#here">self</a>')
    problems = broken_links(tmp_path)
    assert sorted((Path(p.path).name, p.field, p.message) for p in problems) == [
        ("b.html", "../a.html#gone", "anchor not found in the target page"),
        ("b.html", "missing.html", "link to a missing file"),
    ]


def test_orphans_and_unbuilt_pages_are_reported(root: Path, tmp_path: Path):
    _page(tmp_path / "book" / "intro.html", "")
    _page(tmp_path / "book" / "old-draft.html", "")
    problems = orphan_pages(root, tmp_path)
    assert any(p.path.endswith("old-draft.html") and "orphan" in p.message for p in problems)
    assert any("was not built" in p.message and "references" in p.message for p in problems)


@pytest.mark.build
def test_built_site_has_no_orphans_and_no_broken_links(root: Path, site: Path):
    """Does every built page come from the TOC, and every internal link and anchor resolve?"""
    assert [str(p) for p in orphan_pages(root, site)] == []
    assert [str(p) for p in broken_links(site)] == []


@pytest.mark.build
def test_references_page_lists_every_work(root: Path, site: Path):
    entries = parse_file(str(root / "book" / "references.bib")).entries
    html = (site / "book" / "references.html").read_text("utf-8")
    assert html.count('class="citation"') == len(entries)


def test_linkcheck_is_not_run_in_ci(root: Path):
    """Sphinx linkcheck needs the internet, so neither `make test` nor CI may call it."""
    for name in ("Makefile", ".ci/run"):
        path = root / name
        if path.exists():
            assert "linkcheck" not in path.read_text("utf-8"), name
