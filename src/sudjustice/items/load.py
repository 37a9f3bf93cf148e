"""Load item banks; every command takes the bank's path, since summative banks stay private."""

from __future__ import annotations

from pathlib import Path

from sudjustice.items.model import Bank
from sudjustice.paths import find_project_root
from sudjustice.problems import ContentError, Problem
from sudjustice.yamlmodel import load_model


def items_dir(root: Path) -> Path:
    return root / "exercises" / "items"


def load_bank(path: Path) -> Bank:
    """Load one bank file; it must be named after its module (`m01.yaml`)."""
    bank = load_model(path, Bank)
    if path.stem != bank.module:
        raise ContentError(
            [Problem(str(path), 1, "module", f"file should be named {bank.module}.yaml")]
        )
    return bank


def load_formative(root: Path | None = None) -> dict[str, Bank]:
    """Every formative bank by module id, collecting all files' problems before raising."""
    banks, problems = {}, []
    for path in sorted(items_dir(root or find_project_root()).glob("m*.yaml")):
        try:
            banks[path.stem] = load_bank(path)
        except ContentError as error:
            problems += error.problems
    if problems:
        raise ContentError(problems)
    return banks
