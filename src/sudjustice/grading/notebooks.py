"""Checks on submitted notebooks that nbgrader either fails on or repairs without saying so."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import nbformat
from nbformat import NotebookNode


def notebook_read_error(path: Path) -> str | None:
    """Why `path` cannot be read as a notebook, or None when it can.

    A learner's file is untrusted input: whatever nbformat raises (bad JSON, wrong encoding,
    JSON that is not a notebook) means nbgrader cannot grade it either.
    """
    try:
        nbformat.read(path, as_version=4)
    except Exception as error:  # noqa: BLE001 - any failure means "not a readable notebook"
        return f"{type(error).__name__}: {error}"
    return None


def grade_id_of(cell: NotebookNode) -> str | None:
    """The nbgrader grade_id of `cell`, or None for an ordinary cell."""
    grade_id = cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")
    return grade_id if isinstance(grade_id, str) and grade_id else None


def sources_by_grade_id(notebook: NotebookNode) -> dict[str, str]:
    """The source of every nbgrader cell in `notebook`, keyed by its grade_id (first wins)."""
    sources: dict[str, str] = {}
    for cell in notebook.cells:
        grade_id = grade_id_of(cell)
        if grade_id is not None:
            sources.setdefault(grade_id, cell.source)
    return sources


def edited_locked_cells(
    submitted: NotebookNode,
    original_locked: Mapping[str, str],
    released: Mapping[str, str],
) -> list[str]:
    """grade_ids of locked cells that the learner changed.

    A learner may hand back a locked cell as released (hidden tests stripped) or as the original
    (a copy of the instructor's notebook). Any other source was edited; nbgrader silently puts the
    original back before grading, and the instructor should know it did.
    """
    submitted_sources = sources_by_grade_id(submitted)
    return sorted(
        grade_id
        for grade_id, original in original_locked.items()
        if grade_id in submitted_sources
        and submitted_sources[grade_id] not in {original, released.get(grade_id, original)}
    )
