"""An exam form as an nbgrader source notebook: a read-only question cell, an answer cell that
holds the key inside a solution region, and a hidden autograder cell per item.

The hidden cell's last expression is the points earned, which nbgrader 0.9 takes as partial
credit. It is self-contained (no import of this package), so a learner's notebook is graded the
same way on any nbgrader installation. Answers are plain literals, so the grader can also score
them statically with `present.response` + `score_item` and flag any disagreement.
"""

from __future__ import annotations

import json
from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from sudjustice.items.exam import Form
from sudjustice.items.export.present import Shown, how_to_answer, key_answer, show
from sudjustice.items.model import ItemType
from sudjustice.items.scoring import item_points

NOTEBOOK = "exam.ipynb"
# Learners see only their answer line once nbgrader removes the key (see write_course).
CODE_STUB = "# (write your answer on the line above)"
CONFIG = f'''"""nbgrader configuration for generated exam forms (sudjustice exam notebook)."""

c = get_config()  # noqa: F821 (provided by nbgrader)
c.ClearSolutions.code_stub = {{"python": {CODE_STUB!r}}}
c.ExecutePreprocessor.timeout = 30
'''


def _meta(grade_id: str, *, solution=False, grade=False, locked=True, points=None) -> dict:
    nbgrader = {
        "grade": grade,
        "grade_id": grade_id,
        "locked": locked,
        "schema_version": 3,
        "solution": solution,
        "task": False,
    }
    if points is not None:
        nbgrader["points"] = points
    return {"nbgrader": nbgrader}


def question_markdown(number: int, shown: Shown) -> str:
    item = shown.item
    lines = [f"### Question {number} ({item_points(item)} point{'s' * (item_points(item) > 1)})"]
    lines += ["", item.stem.strip(), ""]
    if item.table:
        lines += ["| " + " | ".join(item.table.columns) + " |"]
        lines += ["|" + " --- |" * len(item.table.columns)]
        lines += ["| " + " | ".join(str(c) for c in row) + " |" for row in item.table.rows]
        lines += [""]
    if item.type == ItemType.MT:
        lines += [f"{c.label}. {c.text}" for c in shown.lefts] + [""]
        lines += ["Match each number with one of:", ""]
    if item.type == ItemType.OR:
        lines += ["Put these steps in order, first step first:", ""]
    if item.type == ItemType.CASE:
        lines += ["**(a) Decision**", ""]
    lines += [f"- **{c.label}** {c.text}" for c in shown.choices]
    if item.type == ItemType.CASE:
        lines += ["", "**(b) The reason that best supports it**", ""]
        lines += [f"- **{c.label}** {c.text}" for c in shown.reasons]
    if item.type == ItemType.NUM and item.unit:
        lines += [f"Give the answer in {item.unit}, as a number."]
    return "\n".join(lines).strip() + "\n"


def scoring_expression(shown: Shown) -> str:
    """Python (standard library only) returning the points for the answer in `answer`."""
    item, key = shown.item, key_answer(shown)
    match item.type:
        case ItemType.SC:
            return f"float(str(answer).strip().upper() == {key!r})"
        case ItemType.MS:
            return (
                "picked = {str(a).strip().upper() for a in answer}\n"
                f"key = {set(key)!r}\n"
                "return round(max(0, len(picked & key) - len(picked - key)) / len(key), 2)"
            )
        case ItemType.MT:
            return (
                f"key = {key!r}\n"
                "given = {str(k): str(v).strip().upper() for k, v in dict(answer).items()}\n"
                "return round(sum(given.get(str(k)) == v for k, v in key.items()) / len(key), 2)"
            )
        case ItemType.OR:
            return (
                "order = [str(a).strip().upper() for a in answer]\n"
                f"key = {key!r}\n"
                "if order == key:\n    return 1.0\n"
                "wrong = [i for i in range(len(key)) if i >= len(order) or order[i] != key[i]]\n"
                "swap = (len(order) == len(key) and len(wrong) == 2 and wrong[1] == wrong[0] + 1\n"
                "        and order[wrong[0]] == key[wrong[1]] and order[wrong[1]] == key[wrong[0]])\n"
                "return 0.5 if swap else 0.0"
            )
        case ItemType.NUM:
            return f"float(abs(float(answer) - {item.answer!r}) <= {item.tolerance!r} + 1e-9)"
        case ItemType.CASE:
            credit = {c.label: {"B": 1.0, "A": 0.5}.get(d.verdict, 0.0)
                      for c in shown.choices for d in item.decisions if d.id == c.key}  # fmt: skip
            return (
                "decision, reason = answer\n"
                f"credit = {credit!r}.get(str(decision).strip().upper(), 0.0)\n"
                f"return credit + (1.0 if credit > 0 and str(reason).strip() == {str(key[1])!r} "
                "else 0.0)"
            )
    raise ValueError(item.type)


def hidden_test(shown: Shown) -> str:
    body = scoring_expression(shown)
    if "\n" not in body:
        body = f"return {body}"
    indented = "\n".join("        " + line for line in body.splitlines())
    return (
        "### BEGIN HIDDEN TESTS\n"
        "def _points(answer):\n"
        "    try:\n"
        f"{indented}\n"
        "    except Exception:  # a malformed answer earns nothing; the batch goes on\n"
        "        return 0.0\n"
        f"_points(globals().get({shown.variable!r}))\n"
        "### END HIDDEN TESTS\n"
    )


def answer_cell(shown: Shown) -> str:
    return (
        f"{shown.variable} = None  # {how_to_answer(shown)}\n"
        "### BEGIN SOLUTION\n"
        f"{shown.variable} = {key_answer(shown)!r}\n"
        "### END SOLUTION\n"
    )


def exam_notebook(form: Form, minutes: int = 90) -> nbformat.NotebookNode:
    shown = [show(item, form.form_id) for item in form.items]
    total = sum(item_points(s.item) for s in shown)
    intro = (
        f"# Certification exam — form {form.form_id}\n\n"
        f"{len(shown)} questions, {total} points, {minutes} minutes. For each question, write "
        "your answer on the line in the grey cell under it, replacing `None`, then run the "
        "cell. Examples of the answer shapes:\n\n"
        '- one letter: `"B"` · several letters: `["A", "C"]` · pairs: `{1: "C", 2: "A"}`\n'
        '- an order: `["C", "A", "B"]` · a number: `12.5` · a case: `("A", 2)`\n\n'
        "Leave `None` if you do not want to answer; a blank scores zero and nothing else. "
        "Do not delete or rename cells."
    )
    cells = [new_markdown_cell(intro, metadata=_meta("exam-intro"))]
    for number, s in enumerate(shown, 1):
        cells += [
            new_markdown_cell(
                question_markdown(number, s), metadata=_meta(f"{s.item.id}-question")
            ),
            new_code_cell(answer_cell(s), metadata=_meta(s.item.id, solution=True, locked=False)),
            new_code_cell(
                hidden_test(s),
                metadata=_meta(f"{s.item.id}-test", grade=True, points=item_points(s.item)),
            ),
        ]
    notebook = new_notebook(cells=cells)
    notebook.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    return notebook


def write_course(form: Form, course: Path, minutes: int = 90) -> Path:
    """Write `course/source/<form id>/exam.ipynb` (and the course's nbgrader config if absent)."""
    config = course / "nbgrader_config.py"
    if not config.exists():
        course.mkdir(parents=True, exist_ok=True)
        config.write_text(CONFIG, encoding="utf-8")
    folder = course / "source" / form.form_id
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / NOTEBOOK
    nbformat.write(exam_notebook(form, minutes), path)
    (folder.parent.parent / "forms").mkdir(exist_ok=True)
    (folder.parent.parent / "forms" / f"{form.form_id}.json").write_text(
        json.dumps(form.model_dump(mode="json"), indent=1), encoding="utf-8"
    )
    return path
