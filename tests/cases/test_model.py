"""Does the case validator reject broken case files, naming the file, line and field?"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from sudjustice.cases.load import load_case, load_cases
from sudjustice.problems import ContentError

C10 = "c10-first-time-courier-nonuser"


@pytest.fixture
def c10(root: Path) -> dict:
    return yaml.safe_load((root / "exercises" / "cases" / f"{C10}.yaml").read_text("utf-8"))


def _write(tmp_path: Path, data: dict, name: str = C10) -> Path:
    path = tmp_path / f"{name}.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


def _problems(path: Path) -> list:
    with pytest.raises(ContentError) as caught:
        load_case(path)
    return caught.value.problems


def test_every_case_in_the_bank_loads(root: Path):
    """Does the shipped bank load cleanly?"""
    assert C10 in load_cases(root)


def test_unknown_field_names_file_line_and_field(tmp_path, c10):
    """Is a misspelt field rejected with the line it is on?"""
    c10["decision_points"][1]["options"][0]["verdit"] = "B"
    path = _write(tmp_path, c10)
    text = path.read_text("utf-8").splitlines()
    [problem] = _problems(path)
    assert problem.path == str(path)
    assert problem.field == "decision_points.1.options.0.verdit"
    assert "verdit" in text[problem.line - 1]


def test_option_without_sources_is_rejected(tmp_path, c10):
    """Must every option cite at least one source?"""
    c10["decision_points"][0]["options"][0]["sources"] = []
    [problem] = _problems(_write(tmp_path, c10))
    assert problem.field == "decision_points.0.options.0.sources"


def test_option_without_reason_is_rejected(tmp_path, c10):
    """Must every option explain its verdict?"""
    del c10["decision_points"][0]["options"][1]["why"]
    [problem] = _problems(_write(tmp_path, c10))
    assert problem.field == "decision_points.0.options.1.why"
    assert problem.line is not None


def test_decision_point_needs_a_defensible_option(tmp_path, c10):
    """Is a decision point whose options are all X rejected?"""
    for option in c10["decision_points"][0]["options"]:
        option["verdict"] = "X"
    [problem] = _problems(_write(tmp_path, c10))
    assert "no B or A option" in problem.message


def test_next_pointing_nowhere_is_rejected(tmp_path, c10):
    """Is a branch to a missing decision point caught?"""
    c10["decision_points"][0]["next"] = "dp9"
    [problem] = _problems(_write(tmp_path, c10))
    assert "dp9" in problem.message


def test_loops_are_rejected(tmp_path, c10):
    """Must every path through a case end?"""
    c10["decision_points"][-1]["next"] = "dp1"
    [problem] = _problems(_write(tmp_path, c10))
    assert "loop" in problem.message


def test_critical_flag_only_on_x(tmp_path, c10):
    """Can only a not-defensible option be a critical error?"""
    option = next(o for o in c10["decision_points"][0]["options"] if o["verdict"] == "B")
    option["critical"] = True
    [problem] = _problems(_write(tmp_path, c10))
    assert "critical" in problem.message


def test_file_name_must_match_id_and_slug(tmp_path, c10):
    """Is a case saved under the wrong name caught?"""
    [problem] = _problems(_write(tmp_path, c10, name="c10-wrong-name"))
    assert problem.field == "id" and C10 in problem.message


def test_invalid_yaml_names_the_line(tmp_path):
    """Is a YAML syntax error reported with its line?"""
    path = tmp_path / f"{C10}.yaml"
    path.write_text("id: c10\nscenario: [unclosed\nrole: P\n", encoding="utf-8")
    [problem] = _problems(path)
    assert problem.line is not None and "YAML" in problem.message
