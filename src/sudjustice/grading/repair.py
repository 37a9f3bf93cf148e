"""Put a submitted notebook's nbgrader structure back the way it was released.

nbgrader gives up on a notebook whose cell ids were changed or duplicated (it reports corrupt
metadata and the learner gets nothing), and marks a deleted test for manual grading. These
repairs let nbgrader grade such a notebook as intended, and say what was changed:

- a duplicated grade_id: every later copy becomes an ordinary code cell (still executed, so
  the learner's last definition wins, as it did when they ran their notebook);
- a changed grade_id: renamed back when exactly one released cell of the same kind is missing,
  otherwise it becomes an ordinary cell;
- a deleted nbgrader cell: put back as released, after the cell it followed.

Locked cells that were edited need no repair here: nbgrader restores them from the gradebook;
`edited_locked_cells` reports them.
"""

from __future__ import annotations

import copy
from collections import Counter
from collections.abc import Mapping

from nbformat import NotebookNode

from sudjustice.grading.notebooks import edited_locked_cells, grade_id_of
from sudjustice.grading.results import Finding, Problem

KIND_FLAGS = ("grade", "solution", "locked", "task")


def cell_kind(cell: NotebookNode) -> tuple:
    flags = cell.metadata.get("nbgrader", {})
    return (cell.cell_type, *(bool(flags.get(flag)) for flag in KIND_FLAGS))


def strip_nbgrader(cell: NotebookNode) -> None:
    cell.metadata.pop("nbgrader", None)


def repair_notebook(
    submitted: NotebookNode,
    released: NotebookNode,
    original_locked: Mapping[str, str],
    filename: str,
) -> tuple[NotebookNode, list[Finding]]:
    """A repaired copy of `submitted` and what was repaired, judged against `released`."""
    notebook = copy.deepcopy(submitted)
    findings: list[Finding] = []
    released_cells = {grade_id_of(cell): cell for cell in released.cells if grade_id_of(cell)}

    # Duplicates: keep the first cell with each grade_id.
    seen: set[str] = set()
    for cell in notebook.cells:
        grade_id = grade_id_of(cell)
        if grade_id is None:
            continue
        if grade_id in seen:
            strip_nbgrader(cell)
            findings.append(
                Finding(
                    Problem.DUPLICATED_CELL,
                    f"{filename}: cell '{grade_id}' appeared more than once; "
                    "the copy is run as an ordinary cell",
                )
            )
        seen.add(grade_id)

    # Changed ids: cells whose grade_id the release does not have.
    present = Counter(grade_id_of(cell) for cell in notebook.cells if grade_id_of(cell))
    for cell in notebook.cells:
        grade_id = grade_id_of(cell)
        if grade_id is None or grade_id in released_cells:
            continue
        missing = [
            known
            for known, original in released_cells.items()
            if known not in present and cell_kind(original) == cell_kind(cell)
        ]
        if len(missing) == 1:
            cell.metadata.nbgrader["grade_id"] = missing[0]
            present[missing[0]] += 1
            message = (
                f"{filename}: cell id '{grade_id}' was changed; renamed back to '{missing[0]}'"
            )
        else:
            strip_nbgrader(cell)
            message = f"{filename}: unknown cell id '{grade_id}' is run as an ordinary cell"
        findings.append(Finding(Problem.CHANGED_CELL_ID, message))

    # Deleted cells: put each back after the cell that preceded it in the release.
    for position, released_cell in enumerate(released.cells):
        grade_id = grade_id_of(released_cell)
        if grade_id is None or grade_id in {grade_id_of(cell) for cell in notebook.cells}:
            continue
        previous = [grade_id_of(cell) for cell in released.cells[:position] if grade_id_of(cell)]
        ids = [grade_id_of(cell) for cell in notebook.cells]
        anchors = [ids.index(known) for known in previous if known in ids]
        notebook.cells.insert(max(anchors) + 1 if anchors else 0, copy.deepcopy(released_cell))
        findings.append(
            Finding(
                Problem.DELETED_CELL,
                f"{filename}: cell '{grade_id}' was deleted; put back as released",
            )
        )

    # Cell ids (nbformat 4.5) must be unique too; renumber copies.
    cell_ids = Counter()
    for cell in notebook.cells:
        if "id" in cell:
            cell_ids[cell.id] += 1
            if cell_ids[cell.id] > 1:
                cell.id = f"{cell.id}-{cell_ids[cell.id]}"[:64]

    released_sources = {grade_id: cell.source for grade_id, cell in released_cells.items()}
    findings += [
        Finding(
            Problem.TAMPERED_LOCKED_CELL,
            f"{filename}: locked cell '{grade_id}' was edited; graded with the original cell",
        )
        for grade_id in edited_locked_cells(notebook, original_locked, released_sources)
    ]
    return notebook, findings
