"""A throw-away summative bank that meets the blueprint exactly, for testing the exam machinery
apart from the real bank's content (every item is a placeholder about a fictional topic)."""

from __future__ import annotations

from itertools import cycle

from sudjustice.items.blueprint import TRACKS, Blueprint
from sudjustice.items.model import Bank, Item

SOURCE = [{"key": "tokyo1990", "pin": "r. 2.3"}]
CASE_STEM = (
    "{name} is a fictional person in a teaching scenario used only to test the exam tools. "
    + "The facts are deliberately plain and carry no legal meaning beyond this test. " * 6
)


def _options(n: int, correct: int) -> list[dict]:
    return [
        {"id": chr(97 + k), "text": f"Option {k}", "correct": k < correct, "rationale": "Why."}
        for k in range(n)
    ]


def _item(item_id: str, outcome: str, kind: str, tracks: list[str]) -> dict:
    base = {
        "id": item_id,
        "outcome": outcome,
        "type": kind,
        "tracks": tracks,
        "difficulty": 0.6,
        "status": "draft",
        "stem": f"Stem of {item_id}?",
        "sources": SOURCE,
    }
    match kind:
        case "SC":
            return base | {"options": _options(4, 1)}
        case "MS":
            return base | {"stem": "Select all that apply.", "options": _options(5, 2)}
        case "MT":
            pairs = [{"left": f"L{k}", "right": f"R{k}", "rationale": "Why."} for k in range(4)]
            return base | {"pairs": pairs}
        case "OR":
            return base | {"steps": [{"text": f"Step {k}", "rationale": "Why."} for k in range(4)]}
        case "NUM":
            return base | {
                "stem": "Of {b} people, {a} completed. Share in percent?",
                "table": {
                    "columns": ["Group", "People"],
                    "rows": [["All", "{b}"], ["Done", "{a}"]],
                },
                "parameters": {
                    "a": {"value": 30, "low": 10, "high": 90},
                    "b": {"value": 120, "low": 100, "high": 200},
                },
                "formula": "100 * a / b",
                "decimals": 1,
                "answer": 25.0,
                "tolerance": 0.5,
                "rationale": "{a} / {b} = {answer}%.",
            }
        case "CASE":
            return base | {
                "case": f"{item_id}-case",  # a case of its own
                "stem": CASE_STEM,
                "surface": {"name": ["Ana", "Bo", "Chen"]},
                "decisions": [
                    {"id": "a", "text": "Best", "verdict": "B", "rationale": "Why."},
                    {"id": "b", "text": "Fine", "verdict": "A", "rationale": "Why."},
                    {
                        "id": "c",
                        "text": "Harm",
                        "verdict": "X",
                        "critical": True,
                        "rationale": "W.",
                    },
                ],
                "reasons": [
                    {"id": "r1", "text": "Right", "correct": True, "rationale": "Why."},
                    {"id": "r2", "text": "Wrong", "correct": False, "rationale": "Why."},
                    {"id": "r3", "text": "Also wrong", "correct": False, "rationale": "Why."},
                ],
                "switches": [
                    {
                        "id": "flip",
                        "fact": "Change: a fact that reverses the key.",
                        "verdicts": {"a": "X", "b": "B"},
                        "reason": "r2",
                        "rationale": "The key changes.",
                    }
                ],
            }
    raise ValueError(kind)


def synthetic_banks(blueprint: Blueprint, drop: tuple[str, str] | None = None) -> dict[str, Bank]:
    """Banks meeting every count; `drop=(module, type)` removes that slot's items."""
    tracks = cycle(TRACKS)
    banks = {}
    for module, plan in blueprint.modules.items():
        items, n = [], 0
        for outcome, types in plan.bank.items():
            for kind, count in types.items():
                if drop == (module, kind):
                    continue
                for _ in range(count):
                    n += 1
                    items.append(_item(f"{module}-s{n:02d}", outcome, kind, [next(tracks)]))
        if items:
            banks[module] = Bank.model_validate(
                {"schema_version": 1, "module": module, "bank": "summative", "items": items}
            )
    return banks


def as_items(banks: dict[str, Bank]) -> list[Item]:
    return [i for b in banks.values() for i in b.items]
