"""One call for notebooks: `case_exercise("c10-first-time-courier-nonuser")` in Jupyter."""

from __future__ import annotations

from pathlib import Path

import ipywidgets as widgets

from sudjustice.cases.load import load_card, load_case
from sudjustice.cases.render.widget import case_widget
from sudjustice.paths import bibliography_path, cases_dir, find_project_root
from sudjustice.references import load_references


def case_exercise(name: str, root: Path | None = None) -> widgets.VBox:
    """Load a case by name with its jurisdiction card and return the live widget."""
    root = root or find_project_root()
    case = load_case(cases_dir(root) / f"{name}.yaml")
    card = load_card(case.jurisdiction_card, root)
    return case_widget(case, card, load_references(bibliography_path(root)))
