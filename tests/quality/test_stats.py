"""Are the course statistics counted from the sources, and shown on the statistics page?"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from sudjustice.quality.stats import course_statistics, reading_words


def test_reading_words_skip_markup():
    text = (
        "---\nkernelspec: x\n---\n(label)=\n# Title words here\n\nOne two {cite:p}`k{p. 1}`.\n"
        "```{code-cell} ipython3\nx = 1\n```\n:::{note}\n:class: dropdown\nThree {term}`four <F>`\n:::\n"
    )
    assert reading_words(text) == 7  # Title words here / One two / Three four


def test_counts_follow_the_sources(root: Path):
    """Do the figures match an independent count of modules, cases and formative items?"""
    stats = course_statistics(root)
    modules = yaml.safe_load((root / "modules" / "modules.yaml").read_text("utf-8"))["modules"]
    assert stats.modules == len(modules)
    assert stats.cases == len(list((root / "exercises" / "cases").glob("*.yaml")))
    item_ids = [
        line
        for path in (root / "exercises" / "items").glob("m*.yaml")
        for line in path.read_text("utf-8").splitlines()
        if re.match(r"^\s*- id: m\d\d-", line)
    ]
    assert stats.items == len(item_ids) == sum(stats.items_by_type.values())
    assert stats.sources_cited <= stats.bibliography
    assert stats.study_minutes == round(sum(float(m["hours"]) for m in modules) * 60)


def test_adding_a_case_changes_the_count(project_copy: Path, root: Path):
    before = course_statistics(root).cases
    cases = project_copy / "exercises" / "cases"
    source = cases / "c10-first-time-courier-nonuser.yaml"
    (cases / "c99-first-time-courier-nonuser.yaml").write_text(
        source.read_text("utf-8").replace("id: c10\n", "id: c99\n", 1), "utf-8"
    )
    assert course_statistics(project_copy).cases == before + 1


def test_summative_bank_is_not_counted(project_copy: Path, root: Path):
    """Is the private exam bank left out of the public figures?"""
    summative = project_copy / "exercises" / "items" / "summative"
    before = course_statistics(root)
    if summative.exists():
        for path in summative.glob("*.yaml"):
            path.unlink()
    after = course_statistics(project_copy)
    assert (after.items, after.citations) == (before.items, before.citations)


@pytest.mark.build
def test_statistics_page_shows_the_figures(root: Path, site: Path):
    html = (site / "book" / "statistics.html").read_text("utf-8")
    stats = course_statistics(root)
    assert 'class="sudj-stats' in html
    for label, value in stats.rows():
        assert label in html and value.replace("&", "&amp;") in html, label
    summative = root / "exercises" / "items" / "summative"
    for path in summative.glob("*.yaml"):
        ids = re.findall(r"^\s*- id: (m\d\d-\S+)", path.read_text("utf-8"), re.MULTILINE)
        assert ids and not any(i in html for i in ids)
