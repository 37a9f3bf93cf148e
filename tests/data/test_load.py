"""Are datasets checked against their schema before any lesson uses them?"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sudjustice.check import check_datasets
from sudjustice.data import (
    DatasetError,
    load,
    load_real_or_synthetic,
    source_note,
    validate_package,
)


def test_package_is_valid(root: Path):
    """Does every shipped table match its Frictionless schema?"""
    assert validate_package(root) == []


def test_every_cited_source_resolves(root: Path):
    """Is every source key in the data a key in references.bib?"""
    assert check_datasets(root) == []


def test_table_is_typed_from_its_schema(root: Path):
    """Do boolean columns arrive as booleans, not strings?"""
    provisions = load("real_treaty_provisions", root)
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
        load("real_treaty_provisions", project_copy)
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
        load("no_such_table", root)


def test_synthetic_tables_carry_the_teaching_label(root: Path):
    """Does every synthetic table say, for its charts, that it is for teaching only?"""
    cohort = load("synth_cohort", root)
    assert cohort.attrs["source_note"] == "Synthetic data — for teaching only"
    assert source_note("real_evidence_summary", root).startswith("Sources:")


def test_stand_in_is_used_until_the_user_adds_the_real_file(project_copy: Path):
    """Does the loader fall back to the stand-in, then validate and use a downloaded copy?"""
    stand_in = load_real_or_synthetic("real_sdg_16_3_2", project_copy)
    assert stand_in.attrs["source_note"] == "Synthetic data — for teaching only"
    downloaded = project_copy / "datasets" / "real_sdg_16_3_2.csv"
    rows = (project_copy / "datasets" / "synth_unsentenced.csv").read_text("utf-8").splitlines()
    downloaded.write_text("\n".join(rows[:3]) + "\n", encoding="utf-8")
    real = load_real_or_synthetic("real_sdg_16_3_2", project_copy)
    assert len(real) == 2 and real.attrs["source_note"].startswith("Source: UN SDG")


def test_bad_downloaded_copy_names_file_line_and_field(project_copy: Path):
    """Is a user's malformed download rejected with its own file, line and field?"""
    stand_in = project_copy / "datasets" / "synth_unsentenced.csv"
    header, first = stand_in.read_text("utf-8").splitlines()[:2]
    year = header.split(",").index("year")
    cells = first.split(",")
    cells[year] = "last year"
    downloaded = project_copy / "datasets" / "real_sdg_16_3_2.csv"
    downloaded.write_text(f"{header}\n{','.join(cells)}\n", encoding="utf-8")
    with pytest.raises(DatasetError) as caught:
        load_real_or_synthetic("real_sdg_16_3_2", project_copy)
    [problem] = caught.value.problems
    assert (problem.path, problem.line, problem.field) == (str(downloaded), 2, "year")


def test_broken_foreign_key_is_reported(project_copy: Path):
    """Is an event for a person missing from the cohort caught, naming the file and row?"""
    events = project_copy / "datasets" / "synth_pathway_events.csv"
    lines = events.read_text("utf-8").splitlines(keepends=True)
    lines[1] = "P999999" + lines[1][lines[1].index(",") :]
    events.write_text("".join(lines), encoding="utf-8")
    problems = validate_package(project_copy)
    assert [(Path(p.path).name, p.line) for p in problems] == [("synth_pathway_events.csv", 2)]


def test_missing_required_column_is_reported(project_copy: Path):
    """Is a table that lost a required column rejected with the column named?"""
    csv = project_copy / "datasets" / "real_treaty_provisions.csv"
    rows = [line.split(",", 1)[1] for line in csv.read_text("utf-8").splitlines()]
    csv.write_text("\n".join(rows) + "\n", encoding="utf-8")
    with pytest.raises(DatasetError) as caught:
        load("real_treaty_provisions", project_copy)
    assert any("provision_id" in str(p) for p in caught.value.problems)


def test_about_the_data_page_describes_every_table(root: Path):
    """Does the "About the data" page describe every table in the data package?"""
    page = (root / "book" / "about-the-data.md").read_text("utf-8")
    resources = json.loads((root / "datasets" / "datapackage.json").read_text("utf-8"))
    missing = [r["name"] for r in resources["resources"] if f'describe("{r["name"]}")' not in page]
    assert missing == []
