"""Does anything graded — solutions, hidden tests, course sources — reach the public site?"""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest

from sudjustice.items.leaks import fingerprints, leaks_in_files, public_text

pytestmark = pytest.mark.build

BLOCKS = [
    re.compile(r"### BEGIN SOLUTION\n(.*?)### END SOLUTION", re.DOTALL),
    re.compile(r"### BEGIN HIDDEN TESTS\n(.*?)### END HIDDEN TESTS", re.DOTALL),
]


def secret_lines(course: Path) -> set[str]:
    """Distinctive lines inside solution and hidden-test blocks of every source notebook."""
    lines = set()
    for path in course.glob("source/**/*.ipynb"):
        for cell in nbformat.read(path, as_version=4).cells:
            for block in BLOCKS:
                for body in block.findall(cell.source):
                    lines |= {ln.strip() for ln in body.splitlines() if len(ln.strip()) >= 12}
    return lines


def test_course_has_secrets_to_look_for(root: Path):
    """Can this test fail? The course must have solution or hidden-test lines to search for."""
    assert len(secret_lines(root / "exercises" / "course")) >= 2


def test_no_solution_or_hidden_test_in_the_site(root: Path, site: Path):
    """Is no solution or hidden-test line found in any built file?"""
    secrets = secret_lines(root / "exercises" / "course")
    leaks = {
        str(path.relative_to(site)): sorted(s for s in secrets if s in text)
        for path in site.rglob("*")
        if path.is_file() and path.suffix in {".html", ".js", ".txt", ".ipynb", ".md", ".json"}
        for text in [path.read_text(encoding="utf-8", errors="replace")]
        if any(s in text for s in secrets)
    }
    assert leaks == {}


def test_no_course_or_exercise_sources_published(site: Path):
    """Are the nbgrader course and raw exercise files absent from the site?"""
    published = [p for p in site.rglob("*") if "exercises" in p.relative_to(site).parts]
    assert published == []
    assert not list(site.rglob("nbgrader_config.py"))


def capstone_lines(root: Path) -> set[str]:
    """Distinctive prose and code lines of the capstone worked example (assessor-only)."""
    lines = set()
    for path in (root / "exercises" / "capstone").glob("*.md"):
        body = path.read_text("utf-8").split("---", 2)[-1]
        lines |= {ln.strip() for ln in body.splitlines() if len(ln.strip()) >= 40}
    return lines


def test_capstone_worked_example_is_not_published(root: Path, site: Path):
    """Is no line of the capstone model answer found anywhere in the built site?"""
    secrets = capstone_lines(root)
    assert len(secrets) >= 5  # the example exists, so this test can fail
    leaks = [
        str(path.relative_to(site))
        for path in site.rglob("*")
        if path.is_file()
        and path.suffix in {".html", ".js", ".txt", ".ipynb", ".md", ".json"}
        and any(s in path.read_text(encoding="utf-8", errors="replace") for s in secrets)
    ]
    assert leaks == []


TEXT_SUFFIXES = {".html", ".js", ".txt", ".ipynb", ".md", ".json", ".xml", ".csv"}


@pytest.fixture(scope="module")
def summative(root: Path):
    return fingerprints(root / "exercises" / "items" / "summative", public_text(root))


def test_summative_fingerprints_can_find_a_leak(summative, tmp_path):
    """Can the search fail? A page quoting one stem, or naming one id, is caught."""
    item_id, fragment = next(iter(summative.fragments.items()))[::-1]
    assert summative.find(f"<p>Practice: {fragment.upper()} …</p>") == [item_id]
    first = min(summative.ids)
    assert summative.find(f"see {first} in the key") == [first]
    assert len(summative.ids) >= 346
    # Nearly every item has exam-only text to search for (the rest are found by id only).
    assert len(set(summative.fragments.values())) >= 0.99 * len(summative.ids)


def test_no_summative_item_in_the_site(summative, site: Path):
    """Is no summative id or stem fragment found in any built text file?"""
    files = [p for p in site.rglob("*") if p.is_file() and p.suffix in TEXT_SUFFIXES]
    assert leaks_in_files(summative, files) == {}
