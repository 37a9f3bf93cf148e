"""Capstone autograder checks on a good and a flawed notebook, and rubric scoring.

The good notebook is the assessors' worked example (converted in a temp folder, never
published); the flawed one breaks every check. Both run in the grading sandbox.
"""

from __future__ import annotations

from pathlib import Path

import jupytext
import nbformat
import pytest
from click.testing import CliRunner
from nbformat.v4 import new_code_cell, new_notebook

from sudjustice.capstone.checks import check_notebook, static_findings
from sudjustice.capstone.cli import capstone
from sudjustice.capstone.rubric import Rubric, RubricError, score

ROOT = Path(__file__).resolve().parents[2]
RUBRIC = ROOT / "exercises" / "capstone" / "rubric.yaml"
ALL_THREE = {f"C{n}": 3 for n in range(1, 10)}

FLAWED = [
    (
        "import urllib.request\nfrom sudjustice.data import load\nimport altair as alt\n"
        "import pandas as pd\npeople = load('synth_cohort')\nBACKUP = '/home/me/cohort.csv'"
    ),
    (
        "indicators = pd.DataFrame([{'indicator_id': 'I01', 'value': 99.0, 'numerator': 1,"
        " 'denominator': 1}])"
    ),
    (
        "alt.Chart(people.head(50)).mark_bar().encode(x='sex:N', y='count():Q')"
        ".properties(title='Cohort by sex', description='Bars of people by sex')"
    ),
    "raise RuntimeError('unfinished analysis')",
]


@pytest.fixture(scope="module")
def good_checks(tmp_path_factory: pytest.TempPathFactory):
    folder = tmp_path_factory.mktemp("good")
    notebook = jupytext.read(ROOT / "exercises" / "capstone" / "worked-example.md")
    path = folder / "analysis.ipynb"
    nbformat.write(notebook, path)
    return {check.name: check for check in check_notebook(path, ROOT)}


@pytest.fixture(scope="module")
def flawed_checks(tmp_path_factory: pytest.TempPathFactory):
    folder = tmp_path_factory.mktemp("flawed")
    path = folder / "analysis.ipynb"
    notebook = new_notebook(cells=[new_code_cell(source) for source in FLAWED])
    notebook.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    nbformat.write(notebook, path)
    return {check.name: check for check in check_notebook(path, ROOT)}


def test_worked_example_passes_every_check(good_checks) -> None:
    failed = [str(check) for check in good_checks.values() if not check.passed]
    assert failed == []
    assert len(good_checks) == 6
    assert (
        "I01, I02, I05, I07, I08, I10, I12, I14"
        in good_checks["indicator values within tolerance"].detail
    )


def test_flawed_notebook_fails_every_check(flawed_checks) -> None:
    assert {name: check.passed for name, check in flawed_checks.items()} == {
        "no absolute paths": False,
        "no network calls": False,
        "runs clean offline": False,
        "indicators table": False,
        "indicator values within tolerance": False,
        "charts with the synthetic subtitle": False,
    }
    assert "'/home/me/cohort.csv'" in flawed_checks["no absolute paths"].detail
    assert "import urllib.request" in flawed_checks["no network calls"].detail
    assert "RuntimeError" in flawed_checks["runs clean offline"].detail
    assert "I01: 99, reference 83.9" in flawed_checks["indicator values within tolerance"].detail
    assert flawed_checks["charts with the synthetic subtitle"].detail.startswith("0 of 1 chart")


@pytest.mark.parametrize(
    ("source", "paths", "network"),
    [
        ("df = pd.read_csv('datasets/synth_cohort.csv')", 0, 0),
        ("df = pd.read_csv('C:\\\\Users\\\\me\\\\x.csv')", 1, 0),
        ("df = pd.read_csv('https://example.org/x.csv')", 0, 1),
        ("!pip install requests", 0, 1),
        ("from socket import create_connection", 0, 1),
        ("title = 'Share / total'", 0, 0),
    ],
)
def test_static_findings(source: str, paths: int, network: int) -> None:
    found = static_findings(new_notebook(cells=[new_code_cell(source)]))
    assert (len(found[0]), len(found[1])) == (paths, network)


def test_rubric_weights_and_pass_rule() -> None:
    rubric = Rubric.load(RUBRIC)
    assert sum(c.weight for c in rubric.criteria) == 100
    assert [c.id for c in rubric.criteria if c.critical] == ["C1", "C2", "C3"]
    result = score(rubric, ALL_THREE, autograder_passed=True)
    assert (result.score_percent, result.passed) == (75.0, True)
    low_critical = score(rubric, {**ALL_THREE, "C2": 2, "C4": 4}, autograder_passed=True)
    assert not low_critical.passed
    assert low_critical.failed_rules == ("critical criterion C2 at level 2 (needs 3)",)
    one = score(rubric, {**{k: 4 for k in ALL_THREE}, "C9": 1}, autograder_passed=True)
    assert (one.score_percent, one.failed_rules) == (96.25, ("C9 at level 1",))


def test_failed_autograder_caps_c8() -> None:
    rubric = Rubric.load(RUBRIC)
    levels = {**ALL_THREE, "C8": 4}
    assert score(rubric, levels, autograder_passed=True).score_percent == 77.5
    capped = score(rubric, levels, autograder_passed=False)
    assert capped.capped and capped.levels["C8"] == 2 and capped.score_percent == 72.5


def test_rubric_refuses_bad_levels() -> None:
    rubric = Rubric.load(RUBRIC)
    with pytest.raises(RubricError, match="missing \\['C9'\\]"):
        score(rubric, {k: 3 for k in list(ALL_THREE)[:-1]}, autograder_passed=True)
    with pytest.raises(RubricError, match="C1=5"):
        score(rubric, {**ALL_THREE, "C1": 5}, autograder_passed=True)


def test_score_command(tmp_path: Path) -> None:
    levels = tmp_path / "levels.yaml"
    levels.write_text("\n".join(f"{k}: 3" for k in ALL_THREE) + "\n", encoding="utf-8")
    outcome = CliRunner().invoke(capstone, ["score", str(levels), "--rubric", str(RUBRIC)])
    assert outcome.exit_code == 0, outcome.output
    assert outcome.output.startswith("PASS: 75%")


def test_rubric_in_formgrader(tmp_path: Path) -> None:
    """The rubric as an nbgrader assignment: marks entered as formgrader does, read back."""
    from nbgrader.api import Gradebook

    from sudjustice.capstone.formgrader import levels_from_gradebook, write_rubric_assignment
    from sudjustice.grading.batch import generate_assignment, grade_batch
    from sudjustice.grading.layout import CourseLayout
    from sudjustice.grading.results import GradingStatus

    layout = CourseLayout.at(tmp_path / "course")
    write_rubric_assignment(RUBRIC, layout.root, "capstone")
    generate_assignment(layout.root, "capstone")
    folder = layout.submitted_dir("L007", "capstone")
    folder.mkdir(parents=True)
    nbformat.write(
        nbformat.read(layout.release_dir("capstone") / "rubric.ipynb", as_version=4),
        folder / "rubric.ipynb",
    )
    [result] = grade_batch(layout.root, "capstone", timeout=10)
    assert result.status is GradingStatus.NEEDS_MANUAL_GRADING
    assert result.max_score == 100

    rubric = Rubric.load(RUBRIC)
    levels = {**ALL_THREE, "C1": 4, "C8": 4}
    with Gradebook(layout.gradebook_url) as gradebook:
        for criterion in rubric.criteria:
            grade = gradebook.find_grade(criterion.id, "rubric", "capstone", "L007")
            grade.manual_score = criterion.weight * levels[criterion.id] / 4
        gradebook.db.commit()
        assert gradebook.find_submission("capstone", "L007").score == 81.25
    read = levels_from_gradebook(rubric, layout.gradebook_url, "capstone", "L007")
    assert read == levels
    assert score(rubric, read, autograder_passed=True).score_percent == 81.25
    assert score(rubric, read, autograder_passed=False).score_percent == 76.25
