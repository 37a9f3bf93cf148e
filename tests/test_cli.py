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
    assert toc_problem["field"] == "parts[0].chapters[0].file" and toc_problem["line"] == 7


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
