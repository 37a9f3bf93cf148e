"""The item format (CURRICULUM §4.1) as a strict model.

Formative banks (`exercises/items/<module>.yaml`) and summative banks share the format; the
authoring rules of §4.1 that can be checked mechanically are checked here.
"""

from __future__ import annotations

import re
from enum import StrEnum
from typing import Literal

from pydantic import Field, model_validator

from sudjustice.cases.model import ID, SourceRef, Strict

BANNED_OPTIONS = re.compile(r"\b(all|none) of the above\b", re.IGNORECASE)
Track = Literal["P", "PR", "J", "D", "C", "H"]


class ItemType(StrEnum):
    SC = "SC"
    MS = "MS"
    MT = "MT"
    OR = "OR"
    NUM = "NUM"


class Status(StrEnum):
    DRAFT = "draft"
    REVIEWED = "reviewed"
    PILOTED = "piloted"
    LIVE = "live"
    RETIRED = "retired"


class ItemOption(Strict):
    id: str = Field(pattern=ID)
    text: str = Field(min_length=1)
    correct: bool
    rationale: str = Field(min_length=1)


class Pair(Strict):
    left: str = Field(min_length=1)
    right: str = Field(min_length=1)
    rationale: str = Field(min_length=1)


class Step(Strict):
    text: str = Field(min_length=1)
    rationale: str = Field(min_length=1)


class ParameterTable(Strict):
    columns: list[str] = Field(min_length=1)
    rows: list[list[str | int | float]] = Field(min_length=1)

    @model_validator(mode="after")
    def _rows_fit_columns(self) -> ParameterTable:
        # An unquoted comma in a YAML flow list silently splits a cell; catch it here.
        if bad := [n for n, row in enumerate(self.rows, 1) if len(row) != len(self.columns)]:
            raise ValueError(
                f"rows {bad} do not have {len(self.columns)} cells (quote text with commas)"
            )
        return self


class Item(Strict):
    id: str = Field(pattern=r"^m\d\d-[a-z]\d{2,3}$")
    outcome: str = Field(pattern=r"^m\d\d\.o\d+$")
    type: ItemType
    tracks: list[Track] = Field(default_factory=list)
    difficulty: float = Field(ge=0, le=1, description="Target share answering correctly")
    status: Status
    stem: str = Field(min_length=1)
    options: list[ItemOption] = Field(default_factory=list)
    pairs: list[Pair] = Field(default_factory=list)
    steps: list[Step] = Field(default_factory=list)
    table: ParameterTable | None = None
    answer: float | None = None
    tolerance: float = Field(0, ge=0)
    unit: str = ""
    rationale: str = Field("", description="Why the key is right (NUM items)")
    sources: list[SourceRef] = Field(min_length=1)
    enemies: list[str] = Field(default_factory=list)

    @model_validator(mode="after")
    def _fits_its_type(self) -> Item:
        used = {
            "options": bool(self.options),
            "pairs": bool(self.pairs),
            "steps": bool(self.steps),
            "answer": self.answer is not None,
        }
        allowed = {
            ItemType.SC: "options",
            ItemType.MS: "options",
            ItemType.MT: "pairs",
            ItemType.OR: "steps",
            ItemType.NUM: "answer",
        }[self.type]
        if extra := [name for name, present in used.items() if present and name != allowed]:
            raise ValueError(f"a {self.type} item does not take {', '.join(extra)}")
        getattr(self, f"_check_{self.type.value.lower()}")()
        return self

    def _check_sc(self) -> None:
        correct = sum(o.correct for o in self.options)
        if len(self.options) != 4 or correct != 1:
            raise ValueError("an SC item has 4 options with exactly one correct")
        self._check_option_texts()

    def _check_ms(self) -> None:
        correct = sum(o.correct for o in self.options)
        if not 5 <= len(self.options) <= 6 or not 2 <= correct <= 4:
            raise ValueError("an MS item has 5–6 options with 2–4 correct")
        self._check_option_texts()

    def _check_option_texts(self) -> None:
        ids = [o.id for o in self.options]
        if len(ids) != len(set(ids)):
            raise ValueError("option ids repeat")
        if any(BANNED_OPTIONS.search(o.text) for o in self.options):
            raise ValueError('no "all/none of the above" options (§4.1)')

    def _check_mt(self) -> None:
        if not 4 <= len(self.pairs) <= 6:
            raise ValueError("an MT item has 4–6 pairs")
        if len({p.right for p in self.pairs}) != len(self.pairs):
            raise ValueError("each right-hand side of an MT item must be different")

    def _check_or(self) -> None:
        if not 4 <= len(self.steps) <= 6:
            raise ValueError("an OR item has 4–6 steps, listed in the correct order")

    def _check_num(self) -> None:
        if self.answer is None or not self.rationale:
            raise ValueError("a NUM item needs an answer and a rationale")


class Bank(Strict):
    """All items of one module in one bank (formative or summative)."""

    schema_version: Literal[1]
    module: str = Field(pattern=r"^m\d\d$")
    bank: Literal["formative", "summative"]
    items: list[Item] = Field(min_length=1)

    @model_validator(mode="after")
    def _consistent(self) -> Bank:
        ids = [i.id for i in self.items]
        if dupes := sorted({i for i in ids if ids.count(i) > 1}):
            raise ValueError(f"duplicate item ids {dupes}")
        if strays := [i.id for i in self.items if not i.id.startswith(f"{self.module}-")]:
            raise ValueError(f"item ids must start with {self.module}-: {strays}")
        if strays := [i.id for i in self.items if not i.outcome.startswith(f"{self.module}.")]:
            raise ValueError(f"items tagged with another module's outcome: {strays}")
        if unknown := sorted({e for i in self.items for e in i.enemies} - set(ids)):
            raise ValueError(f"enemies name items not in the bank: {unknown}")
        return self

    def source_keys(self) -> set[str]:
        return {s.key for item in self.items for s in item.sources}
