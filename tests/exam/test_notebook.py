"""Does plain nbgrader grade a generated exam notebook exactly as `score_item` scores it?"""

from __future__ import annotations

import json
import os
import random
import re
import subprocess
import sys
import sysconfig
from pathlib import Path

import nbformat
import pytest
from nbgrader.api import Gradebook

from sudjustice.items.exam import build_form
from sudjustice.items.export.notebook import write_course
from sudjustice.items.export.present import key_answer, response, show
from sudjustice.items.scoring import score_item

from .conftest import SECRET

pytestmark = pytest.mark.slow


def _nbgrader(course: Path, *args: str) -> None:
    env = {**os.environ, "PATH": f"{sysconfig.get_path('scripts')}:{os.environ['PATH']}"}
    command = [sys.executable, "-m", "nbgrader", *args, f"--CourseDirectory.root={course}"]
    subprocess.run(command, cwd=course, env=env, check=True, capture_output=True, timeout=600)


def _answers(notebook) -> dict[str, str]:
    return {
        c.metadata.nbgrader["grade_id"]: c
        for c in notebook.cells
        if c.metadata.get("nbgrader", {}).get("solution")
    }


def _fill(cell, variable: str, answer) -> None:
    cell.source = f"{variable} = {answer!r}\n"


@pytest.fixture(scope="module")
def graded(tmp_path_factory, banks, blueprint):
    course = tmp_path_factory.mktemp("exam-course")
    form = build_form(banks, blueprint, SECRET, "L100", "cert-2026", 1, "H")
    source = write_course(form, course)
    _nbgrader(course, "generate_assignment", form.form_id, "--force")
    released = nbformat.read(course / "release" / form.form_id / "exam.ipynb", as_version=4)
    rng = random.Random(5)
    shown = {i.id: show(i, form.form_id) for i in form.items}
    mixed, expected = nbformat.from_dict(json.loads(json.dumps(released))), {}
    for item_id, cell in _answers(mixed).items():
        s = shown[item_id]
        key = key_answer(s)
        guess = rng.choice(
            [key, None, "Z", *(c.label for c in s.choices)] if s.choices else [key, None, 0]
        )
        if s.item.type.value in {"MS", "OR"} and guess not in (None, "Z"):
            guess = rng.choice([key, list(reversed(key)), key[:1]])
        if s.item.type.value == "CASE":
            guess = (
                rng.choice([c.label for c in s.choices]),
                rng.choice([c.label for c in s.reasons]),
            )
        if guess is not None:
            _fill(cell, s.variable, guess)
        expected[item_id] = score_item(s.item, response(s, guess))
    submissions = {
        "full": nbformat.read(source, as_version=4),
        "blank": released,
        "mixed": mixed,
    }
    for student, notebook in submissions.items():
        folder = course / "submitted" / student / form.form_id
        folder.mkdir(parents=True)
        nbformat.write(notebook, folder / "exam.ipynb")
    _nbgrader(course, "autograde", form.form_id, "--force")
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb:
        scores = {
            student: {
                g.cell.name.removesuffix("-test"): g.score
                for g in gb.find_submission(form.form_id, student).notebooks[0].grades
                if g.cell.name.endswith("-test")
            }
            for student in submissions
        }
    return form, released, scores, expected


def test_solution_scores_full_marks(graded):
    form, _, scores, _ = graded
    assert (
        sum(scores["full"].values()) == 72 == sum(2 if i.type == "CASE" else 1 for i in form.items)
    )


def test_blank_scores_zero(graded):
    assert sum(graded[2]["blank"].values()) == 0


def test_mixed_answers_match_the_static_scorer_item_by_item(graded):
    _, _, scores, expected = graded
    assert scores["mixed"] == pytest.approx(expected)
    assert 0 < sum(expected.values()) < 72  # the mix really is mixed


def test_released_notebook_holds_no_key(graded):
    form, released, _, _ = graded
    text = json.dumps(released)
    assert "BEGIN HIDDEN TESTS" not in text and "BEGIN SOLUTION" not in text
    assert "_points" not in text and "rationale" not in text
    for item in form.items:
        for option in item.options:
            assert option.rationale not in text
        assert not re.search(rf"{item.id.replace('-', '_')} = (?!None)", text)
