"""A synthetic cohort of exam submissions, for the grading benchmark, tests and demos.

Given a released exam notebook (one answer cell per item holding `variable = literal`), makes
learners who answer with different ability, plus broken and adversarial submissions of every
kind the grader must survive. Seeded: the same arguments give the same cohort.
"""

from __future__ import annotations

import ast
import copy
import random
from collections.abc import Callable
from pathlib import Path

import nbformat
from nbformat import NotebookNode

from sudjustice.grading.notebooks import grade_id_of

SOLUTION_BEGIN = "### BEGIN SOLUTION"


def answer_cells(notebook: NotebookNode) -> dict[str, NotebookNode]:
    """Answer cells by grade_id: unlocked solution cells."""
    return {
        grade_id_of(cell): cell
        for cell in notebook.cells
        if cell.metadata.get("nbgrader", {}).get("solution") and grade_id_of(cell)
    }


def assignment_in(source: str) -> tuple[str, object] | None:
    """The (name, value) of the last `name = literal` line of `source`, or None."""
    found = None
    for line in source.splitlines():
        try:
            tree = ast.parse(line.strip())
        except SyntaxError:
            continue
        if len(tree.body) == 1 and isinstance(tree.body[0], ast.Assign):
            target = tree.body[0].targets[0]
            try:
                value = ast.literal_eval(tree.body[0].value)
            except ValueError:
                continue
            if isinstance(target, ast.Name):
                found = (target.id, value)
    return found


def key_answers(source: NotebookNode) -> dict[str, tuple[str, object]]:
    """grade_id -> (variable, key) from the instructor's notebook."""
    keys = {}
    for grade_id, cell in answer_cells(source).items():
        solution = cell.source.split(SOLUTION_BEGIN, 1)[-1]
        found = assignment_in(solution)
        if found is not None:
            keys[grade_id] = found
    return keys


def wrong(value: object) -> object:
    """An answer of the same shape that earns nothing."""
    if isinstance(value, str):
        return "Z"
    if isinstance(value, bool):
        return not value
    if isinstance(value, int | float):
        return value + 1000
    if isinstance(value, list):
        return []
    if isinstance(value, dict):
        return {}
    if isinstance(value, tuple):
        return ("Z", 0)
    return None


def answered(
    released: NotebookNode, keys: dict[str, tuple[str, object]], right: Callable[[str], bool]
) -> NotebookNode:
    """`released` with every answer filled in: the key where `right(grade_id)`, else wrong."""
    notebook = copy.deepcopy(released)
    for grade_id, cell in answer_cells(notebook).items():
        if grade_id in keys:
            variable, key = keys[grade_id]
            cell.source = f"{variable} = {key if right(grade_id) else wrong(key)!r}\n"
    return notebook


def with_answer_code(notebook: NotebookNode, grade_id: str, code: str) -> NotebookNode:
    changed = copy.deepcopy(notebook)
    answer_cells(changed)[grade_id].source = code
    return changed


def tests_of(notebook: NotebookNode) -> list[NotebookNode]:
    return [cell for cell in notebook.cells if cell.metadata.get("nbgrader", {}).get("grade")]


def make_cohort(
    source_path: Path, released_path: Path, size: int = 44, seed: int = 2026
) -> dict[str, NotebookNode | str]:
    """`size` submissions by learner id: a notebook, or raw text for a broken file.

    About a quarter answer everything right, half answer part (30-95% right), and the rest are
    blank, broken or adversarial, one of each kind at least.
    """
    rng = random.Random(seed)
    source = nbformat.read(source_path, as_version=4)
    released = nbformat.read(released_path, as_version=4)
    keys = key_answers(source)
    first = next(iter(keys))
    full = answered(released, keys, lambda _: True)
    adversarial: dict[str, NotebookNode | str] = {
        "blank": released,
        "invalid_json": '{"cells": [',
        "infinite_loop": with_answer_code(full, first, "while True:\n    pass\n"),
        "kernel_crash": with_answer_code(full, first, "import os\nos._exit(1)\n"),
        "huge_output": with_answer_code(
            full, first, f"{keys[first][0]} = {keys[first][1]!r}\nprint('x' * 5_000_000)\n"
        ),
        "tampered_test": tampered(full),
        "deleted_test": without(full, grade_id_of(tests_of(full)[-1])),
    }
    cohort: dict[str, NotebookNode | str] = {}
    ordinary = size - len(adversarial)
    for number in range(ordinary):
        learner = f"learner{number + 1:03d}"
        if number < ordinary // 3:
            cohort[learner] = full
        else:
            share = rng.uniform(0.3, 0.95)
            picks = {grade_id: rng.random() < share for grade_id in keys}
            cohort[learner] = answered(released, keys, picks.__getitem__)
    cohort.update(adversarial)
    return cohort


def tampered(notebook: NotebookNode) -> NotebookNode:
    """Every hidden test replaced by code that awards full points."""
    changed = copy.deepcopy(notebook)
    for cell in tests_of(changed):
        cell.source = str(cell.metadata["nbgrader"].get("points", 1))
    return changed


def without(notebook: NotebookNode, grade_id: str | None) -> NotebookNode:
    changed = copy.deepcopy(notebook)
    changed.cells = [cell for cell in changed.cells if grade_id_of(cell) != grade_id]
    return changed


def write_cohort(
    cohort: dict[str, NotebookNode | str], submitted: Path, assignment: str, name: str
) -> None:
    """Write each submission to `submitted/<learner>/<assignment>/<name>`."""
    for learner, submission in cohort.items():
        folder = submitted / learner / assignment
        folder.mkdir(parents=True, exist_ok=True)
        if isinstance(submission, str):
            (folder / name).write_text(submission, encoding="utf-8")
        else:
            nbformat.write(submission, folder / name)


def exam_course(work: Path, bank: Path, track: str = "J") -> tuple[Path, str]:
    """One exam form from `bank` (throw-away secret), released as an nbgrader assignment.

    Returns the course folder (`work/course`) and the assignment (the form id).
    """
    import subprocess
    import sys

    from sudjustice.grading.batch import generate_assignment

    secret = work / "secret"
    secret.write_text("throw-away secret for a synthetic cohort, never a real one", "utf-8")
    cli = [sys.executable, "-m", "sudjustice.cli", "exam"]
    forms = work / "forms"
    common = ["--bank", str(bank), "--family", "synthetic", "--secret-file", str(secret)]
    build = [*cli, "build", *common, "--learner", "L001", "--track", track, "--out", str(forms)]
    subprocess.run(build, check=True, capture_output=True)
    [form] = sorted(forms.glob("*.json"))
    course = work / "course"
    subprocess.run([*cli, "notebook", str(form), "--course", str(course)], check=True)
    generate_assignment(course, form.stem)
    return course, form.stem
