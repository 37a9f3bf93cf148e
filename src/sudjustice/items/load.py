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


def load_banks(directory: Path, kind: str | None = None) -> dict[str, Bank]:
    """Every bank (`m*.yaml`) in a directory by module id, collecting all problems first.

    `kind` ("formative" or "summative") refuses a bank of the other kind, so a private exam
    bank can never be passed where the book expects formative items, or the reverse.
    """
    if not directory.is_dir():
        raise ContentError([Problem(str(directory), None, None, "no such bank directory")])
    banks, problems = {}, []
    for path in sorted(directory.glob("m*.yaml")):
        try:
            banks[path.stem] = load_bank(path)
        except ContentError as error:
            problems += error.problems
            continue
        if kind and banks[path.stem].bank != kind:
            problems.append(Problem(str(path), None, "bank", f"expected a {kind} bank"))
    if not banks and not problems:
        problems.append(Problem(str(directory), None, None, "no bank files (m*.yaml) here"))
    if problems:
        raise ContentError(problems)
    return banks


def load_formative(root: Path | None = None) -> dict[str, Bank]:
    """Every formative bank of the project by module id."""
    return load_banks(items_dir(root or find_project_root()), "formative")


def summative_dir(root: Path) -> Path:
    """The project's reference summative bank (a certification body passes its own `--bank`)."""
    return items_dir(root) / "summative"
