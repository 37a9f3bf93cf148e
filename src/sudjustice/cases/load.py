"""Load the case bank and jurisdiction cards (see `sudjustice.yamlmodel` for error reporting)."""

from __future__ import annotations

from pathlib import Path

from sudjustice.cases.model import Case, JurisdictionCard
from sudjustice.paths import cards_dir, cases_dir, find_project_root
from sudjustice.problems import ContentError, Problem
from sudjustice.yamlmodel import load_model


def load_case(path: Path) -> Case:
    """Load one case; its file name must be `<id>-<slug>.yaml`."""
    case = load_model(path, Case)
    if path.stem != case.name:
        raise ContentError([Problem(str(path), 1, "id", f"file should be named {case.name}.yaml")])
    return case


def load_card(card_id: str, root: Path | None = None) -> JurisdictionCard:
    path = cards_dir(root or find_project_root()) / f"{card_id}.yaml"
    if not path.exists():
        raise ContentError([Problem(str(path), None, "id", f"no jurisdiction card '{card_id}'")])
    return load_model(path, JurisdictionCard)


def load_cases(root: Path | None = None) -> dict[str, Case]:
    """Every case in the bank by name; collects all files' problems before raising."""
    cases, problems = {}, []
    for path in sorted(cases_dir(root or find_project_root()).glob("*.yaml")):
        try:
            case = load_case(path)
        except ContentError as error:
            problems += error.problems
            continue
        if any(c.id == case.id for c in cases.values()):
            problems.append(Problem(str(path), 1, "id", f"duplicate case id {case.id}"))
        cases[case.name] = case
    if problems:
        raise ContentError(problems)
    return cases
