"""The summative blueprint (CURRICULUM §4.2, `exercises/items/blueprint.yaml`) and the checks
that hold a bank to it: counts per outcome × type, the track quota and links to cases."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from pydantic import Field

from sudjustice.cases.load import load_cases
from sudjustice.cases.model import Strict
from sudjustice.items.load import items_dir, load_banks
from sudjustice.items.model import Bank, ItemType, Track
from sudjustice.paths import bibliography_path
from sudjustice.problems import ContentError, Problem
from sudjustice.references import load_references
from sudjustice.yamlmodel import load_model

TRACKS: tuple[Track, ...] = ("P", "PR", "J", "D", "C", "H")


class FormSpec(Strict):
    items: int
    track_items: int
    minutes: int


class ModulePlan(Strict):
    draw: dict[ItemType, int]
    bank: dict[str, dict[ItemType, int]]


class Blueprint(Strict):
    schema_version: int
    form: FormSpec
    modules: dict[str, ModulePlan]
    track_minimum: int = Field(15, description="Summative items tagged for each track")
    track_modules: int = Field(8, description="...spread over at least this many modules")

    def draw(self) -> dict[tuple[str, ItemType], int]:
        return {(m, t): n for m, plan in self.modules.items() for t, n in plan.draw.items()}


def blueprint_path(items_directory: Path) -> Path:
    return items_directory / "blueprint.yaml"


def load_blueprint(path: Path) -> Blueprint:
    return load_model(path, Blueprint)


def bank_shortfalls(banks: dict[str, Bank], blueprint: Blueprint, bank_dir: Path) -> list[Problem]:
    """Every way a summative bank falls short of the blueprint, one problem per gap."""
    problems = []
    for module, plan in blueprint.modules.items():
        path = str(bank_dir / f"{module}.yaml")
        bank = banks.get(module)
        have = Counter((i.outcome, i.type) for i in bank.items) if bank else Counter()
        problems += [
            Problem(path, None, "items", f"{outcome} {kind}: {have[(outcome, kind)]} of {need}")
            for outcome, types in plan.bank.items()
            for kind, need in types.items()
            if have[(outcome, kind)] < need
        ]
    items = [i for bank in banks.values() for i in bank.items]
    for track in TRACKS:
        tagged = [i for i in items if track in i.tracks]
        modules = {i.id[:3] for i in tagged}
        if len(tagged) < blueprint.track_minimum or len(modules) < blueprint.track_modules:
            problems.append(
                Problem(
                    str(bank_dir),
                    None,
                    "tracks",
                    f"track {track}: {len(tagged)} items over {len(modules)} modules; "
                    f"needs {blueprint.track_minimum} over {blueprint.track_modules}",
                )
            )
    return problems


def case_links(banks: dict[str, Bank], case_ids: set[str], bank_dir: Path) -> list[Problem]:
    """CASE items must vary a case that exists in the case bank."""
    return [
        Problem(str(bank_dir / f"{m}.yaml"), None, "case", f"{i.id}: no case '{i.case}'")
        for m, bank in banks.items()
        for i in bank.items
        if i.type == ItemType.CASE and i.case not in case_ids
    ]


def check_summative(root: Path, bank_dir: Path) -> list[Problem]:
    """A summative bank loads, cites known sources, varies real cases and meets the blueprint."""
    try:
        banks = load_banks(bank_dir, "summative")
        blueprint = load_blueprint(blueprint_path(items_dir(root)))
    except ContentError as error:
        return error.problems
    references = set(load_references(bibliography_path(root)))
    problems = [
        Problem(str(bank_dir / f"{m}.yaml"), None, "sources", f"'{key}' is not in references.bib")
        for m, bank in banks.items()
        for key in sorted(bank.source_keys() - references)
    ]
    problems += case_links(banks, set(load_cases(root)), bank_dir)
    return problems + bank_shortfalls(banks, blueprint, bank_dir)
