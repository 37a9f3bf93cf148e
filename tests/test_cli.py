"""Does the command line help, check and fail the way a course team needs?"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from sudjustice.cli import main


@pytest.mark.parametrize("command", [[], ["check"], ["build"], ["grade"]])
def test_every_command_has_help(command):
    """Does each command answer --help?"""
    result = CliRunner().invoke(main, [*command, "--help"])
    assert result.exit_code == 0 and "Usage:" in result.output


def test_check_passes_on_the_project(root: Path):
    """Is the shipped content free of problems?"""
    result = CliRunner().invoke(main, ["check", "--root", str(root)])
    assert result.exit_code == 0, result.output


def test_broken_toc_entry_is_named(project_copy: Path):
    """Does a TOC entry for a missing page fail with the file, line and field?"""
    toc = project_copy / "_toc.yml"
    toc.write_text(toc.read_text("utf-8").replace("01-flexibilities-map", "01-missing"), "utf-8")
    result = CliRunner().invoke(main, ["check", "--root", str(project_copy), "--json"])
    assert result.exit_code == 1
    problems = json.loads(result.output)
    assert {p["path"] for p in problems} >= {str(toc)}
    toc_problem = next(p for p in problems if p["path"] == str(toc))
    assert toc_problem["field"].endswith(".file")
    assert "01-missing" in toc.read_text("utf-8").splitlines()[toc_problem["line"] - 1]


def test_malformed_case_fails_check(project_copy: Path):
    """Does a case with a broken field fail `check` naming the file and field?"""
    case = project_copy / "exercises" / "cases" / "c10-first-time-courier-nonuser.yaml"
    case.write_text(case.read_text("utf-8").replace("verdict: B", "verdict: Q", 1), "utf-8")
    result = CliRunner().invoke(main, ["check", "--root", str(project_copy)])
    assert result.exit_code == 1
    assert f"{case}:" in result.output and "verdict" in result.output


def test_case_not_used_by_any_page_is_reported(project_copy: Path):
    """Is a case that no page shows reported, so nothing is written for nobody?"""
    for page in [*project_copy.glob("book/**/*.md"), *project_copy.glob("modules/**/*.md")]:
        page.write_text(page.read_text("utf-8").replace("{case} c10-", "{note} c10-"), "utf-8")
    result = CliRunner().invoke(main, ["check", "--root", str(project_copy), "--only", "cases"])
    assert result.exit_code == 1 and "no page in the TOC uses this case" in result.output


def _check_cases(project_copy: Path) -> list[dict]:
    result = CliRunner().invoke(
        main, ["check", "--root", str(project_copy), "--only", "cases", "--json"]
    )
    assert result.exit_code == 1
    return json.loads(result.output)


def _edit_c10(project_copy: Path, old: str, new: str) -> Path:
    case = project_copy / "exercises" / "cases" / "c10-first-time-courier-nonuser.yaml"
    text = case.read_text("utf-8")
    assert old in text
    case.write_text(text.replace(old, new, 1), "utf-8")
    return case


def test_source_key_missing_from_bibliography_is_named(project_copy: Path):
    """Is a citation to a key that references.bib lacks reported with file and field?"""
    case = _edit_c10(project_copy, "key: un1988trafficking", "key: un1988traficking")
    [problem] = _check_cases(project_copy)
    assert problem["path"] == str(case) and problem["field"] == "sources"
    assert "un1988traficking" in problem["message"]


def test_unknown_jurisdiction_card_is_named(project_copy: Path):
    """Is a case set in a jurisdiction with no card reported?"""
    case = _edit_c10(project_copy, "jurisdiction_card: B", "jurisdiction_card: Q")
    [problem] = _check_cases(project_copy)
    assert (problem["path"], problem["field"]) == (str(case), "jurisdiction_card")


def test_duplicate_case_id_is_named(project_copy: Path):
    """Are two files claiming the same case id reported?"""
    cases = project_copy / "exercises" / "cases"
    source = cases / "c10-first-time-courier-nonuser.yaml"
    copy = cases / "c10-first-time-courier-copy.yaml"
    copy.write_text(
        source.read_text("utf-8").replace(
            "slug: first-time-courier-nonuser", "slug: first-time-courier-copy"
        ),
        "utf-8",
    )
    problems = _check_cases(project_copy)
    assert any(p["field"] == "id" and "duplicate case id c10" in p["message"] for p in problems)
