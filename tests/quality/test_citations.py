"""Do the citation rules hold for the book, and does each one fail on a real breach?"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from sudjustice.check import check_all
from sudjustice.quality.citations import check_citations, parse_roles, used_keys

M03 = Path("modules/m03-treaty-flexibilities/01-flexibilities-map.md")


def _messages(root: Path) -> list[str]:
    return [str(p) for p in check_citations(root)]


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), "utf-8")


def test_the_book_passes():
    """Is every key known, every entry used, every page cited widely and pinpointed?"""
    root = Path(__file__).resolve().parents[2]
    assert _messages(root) == []


def test_roles_give_keys_and_pinpoints():
    """Are pre-text, several keys and commas inside a pinpoint read correctly?"""
    text = "A {cite:p}`{see}tokyo1990{r. 3.4, 3.5},crc1989` and {cite:t}`mandela2015`."
    cites = parse_roles(text, Path("x.md"))
    assert [(c.key, c.pin) for c in cites] == [
        ("tokyo1990", "r. 3.4, 3.5"),
        ("crc1989", ""),
        ("mandela2015", ""),
    ]


def test_unknown_key_on_a_page_is_named(project_copy: Path):
    page = project_copy / M03
    _edit(page, "{cite:p}`un1988trafficking{art. 3(4)(c)}`", "{cite:p}`un1988traffiking{p. 2}`")
    [problem] = [p for p in check_citations(project_copy) if "un1988traffiking" in p.message]
    assert problem.path == str(page) and problem.line
    assert "is not in book/references.bib" in problem.message


def test_treaty_citation_without_pinpoint_fails(project_copy: Path):
    """Does a treaty cited without article, rule or paragraph fail and show how to add one?"""
    page = project_copy / M03
    _edit(page, "{cite:p}`un1988trafficking{art. 3(4)(c)}`", "{cite:p}`un1988trafficking`")
    [problem] = check_citations(project_copy)
    assert problem.path == str(page) and problem.line
    assert "add a pinpoint" in problem.message and "{cite:p}`un1988trafficking{" in problem.message


def test_non_instrument_needs_no_pinpoint(project_copy: Path):
    """Is a research article cited as a whole accepted (pinpoints are for treaties/standards)?"""
    page = project_copy / "modules/m01-sud-basics/03-screening-assessment-language.md"
    _edit(page, "{cite:p}`kelly2010doesitmatter{abstract}`", "{cite:p}`kelly2010doesitmatter`")
    assert _messages(project_copy) == []


def test_unused_entry_fails_and_names_its_line(project_copy: Path):
    bib = project_copy / "book" / "references.bib"
    bib.write_text(
        bib.read_text("utf-8")
        + "\n@misc{orphan2020,\n  title = {Never cited},\n  year = {2020}\n}\n",
        "utf-8",
    )
    [problem] = check_citations(project_copy)
    assert problem.path == str(bib) and problem.field == "orphan2020"
    assert bib.read_text("utf-8").splitlines()[problem.line - 1].startswith("@misc{orphan2020,")
    assert "cite it where it supports a statement, or remove it" in problem.message


def test_a_key_used_only_by_a_case_or_dataset_counts_as_used(root: Path):
    """Are cases, items and dataset tables counted, not only pages?"""
    used = used_keys(root)
    assert used["un1988trafficking"]
    page_keys = {
        c.key
        for p in [*root.glob("modules/**/*.md"), *root.glob("book/**/*.md")]
        for c in parse_roles(p.read_text("utf-8"), p)
    }
    assert set(used) - page_keys, "some sources are cited only by cases, items or datasets"


def test_page_with_too_few_sources_fails(project_copy: Path):
    """Does a module page that cites fewer than 8 distinct sources fail with the count?"""
    page = project_copy / M03
    text = page.read_text("utf-8")
    keep = {"un1988trafficking"}
    stripped = re.sub(
        r"\{cite:p\}`([^`]+)`",
        lambda m: m[0] if any(k in m[1] for k in keep) else "",
        text,
    )
    page.write_text(stripped, "utf-8")
    problems = [p for p in check_citations(project_copy) if p.path == str(page)]
    assert any("distinct sources; a module page needs at least 8" in p.message for p in problems)


def test_stale_pinpoint_allowance_is_reported(project_copy: Path):
    policy_path = project_copy / "book" / "citations.yaml"
    policy = yaml.safe_load(policy_path.read_text("utf-8"))
    assert all(len(a["reason"].split()) >= 5 for a in policy["no_pinpoint"])
    policy["no_pinpoint"].append(
        {"path": M03.as_posix(), "key": "crc1989", "contains": "nowhere", "reason": "test"}
    )
    policy_path.write_text(yaml.safe_dump(policy, sort_keys=False), "utf-8")
    [problem] = check_citations(project_copy)
    assert problem.field == "no_pinpoint" and "matches no citation" in problem.message


@pytest.mark.parametrize(
    ("folder", "old", "new"),
    [
        ("exercises/cases/c10-first-time-courier-nonuser.yaml", "pin: art. 3(1)(a)", "pin: ''"),
        ("exercises/items/m03.yaml", "pin: art. 36(1)(b)", "pin: ''"),
    ],
)
def test_case_option_and_item_need_a_pinpointed_source(project_copy: Path, folder, old, new):
    """Does a case option or item source without a pinpoint fail `sudjustice check`?"""
    path = project_copy / folder
    _edit(path, old, new)
    problems = check_all(project_copy)
    assert any(p.path == str(path) and "pin" in str(p) for p in problems), problems
