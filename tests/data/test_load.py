"""Are datasets checked against their schema before any lesson uses them?"""

from __future__ import annotations

from pathlib import Path

import pytest

from sudjustice.check import check_datasets
from sudjustice.data import DatasetError, load_table, validate_package


def test_package_is_valid(root: Path):
    """Does every shipped table match its Frictionless schema?"""
    assert validate_package(root) == []


def test_every_cited_source_resolves(root: Path):
    """Is every source key in the data a key in references.bib?"""
    assert check_datasets(root) == []


def test_table_is_typed_from_its_schema(root: Path):
    """Do boolean columns arrive as booleans, not strings?"""
    provisions = load_table("real_treaty_provisions", root)
    assert str(provisions.requires_drug_use.dtype) == "boolean"
    assert provisions.provision_id.is_unique


def _replace_in_row(csv: Path, row: int, old: str, new: str) -> None:
    lines = csv.read_text("utf-8").splitlines(keepends=True)
    assert old in lines[row - 1]
    lines[row - 1] = lines[row - 1].replace(old, new, 1)
    csv.write_text("".join(lines), encoding="utf-8")


def test_bad_value_names_file_line_and_field(project_copy: Path):
    """Is a value outside the allowed set reported with its file, line and field?"""
    csv = project_copy / "datasets" / "real_treaty_provisions.csv"
    _replace_in_row(csv, 4, ",shall,", ",must,")
    with pytest.raises(DatasetError) as caught:
        load_table("real_treaty_provisions", project_copy)
    [problem] = caught.value.problems
    assert (problem.path, problem.line, problem.field) == (str(csv), 4, "modal")


def test_unknown_source_key_is_reported(project_copy: Path):
    """Is a source key missing from the bibliography caught with its line?"""
    csv = project_copy / "datasets" / "real_treaty_provisions.csv"
    _replace_in_row(csv, 3, "un1972protocol", "no_such_key")
    problems = check_datasets(project_copy)
    assert [(p.line, p.field) for p in problems] == [(3, "source_key")]


def test_unknown_table_is_a_clear_error(root: Path):
    """Does asking for a table that does not exist say so?"""
    with pytest.raises(KeyError, match="no_such_table"):
        load_table("no_such_table", root)
