"""The item format (CURRICULUM §4.1) as a strict model.

Formative banks (`exercises/items/<module>.yaml`) and summative banks share the format; the
authoring rules of §4.1 that can be checked mechanically are checked here.

Exam items can vary per learner (§4.3): text fields may hold `{placeholders}`. A NUM item's
placeholders are `parameters` (its key is recomputed from `formula`); a CASE item's are
`surface` facts (names, ages, substances), and its `switches` are key-changing variants.
The canonical item is the first surface value of each placeholder and each parameter's `value`.
"""

from __future__ import annotations

import re
from enum import StrEnum
from string import Formatter
from typing import Literal

from pydantic import Field, model_validator

from sudjustice.cases.model import ID, SourceRef, Strict
from sudjustice.items.formula import FormulaError, evaluate, names_in

BANNED_OPTIONS = re.compile(r"\b(all|none) of the above\b", re.IGNORECASE)
Track = Literal["P", "PR", "J", "D", "C", "H"]
CASE_WORDS, SWITCH_WORDS = (70, 130), 25  # §4.1 asks for 70–120 words; a little slack


class ItemType(StrEnum):
    SC = "SC"
    MS = "MS"
    MT = "MT"
    OR = "OR"
    NUM = "NUM"
    CASE = "CASE"


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


class Parameter(Strict):
    """A NUM item's varying number: `value` in the canonical item, drawn from low..high by step."""

    value: float
    low: float
    high: float
    step: float = Field(1, gt=0)

    @model_validator(mode="after")
    def _in_range(self) -> Parameter:
        if not self.low <= self.value <= self.high:
            raise ValueError(f"value {self.value} lies outside {self.low}..{self.high}")
        return self


class Decision(Strict):
    """Tier (a) of a CASE item: B earns 1, A 0.5, X 0; `critical` marks X! (§4.1)."""

    id: str = Field(pattern=ID)
    text: str = Field(min_length=1)
    verdict: Literal["B", "A", "X"]  # contested (C) positions are never keyed in an exam
    critical: bool = False
    rationale: str = Field(min_length=1)

    @model_validator(mode="after")
    def _critical_is_x(self) -> Decision:
        if self.critical and self.verdict != "X":
            raise ValueError("only an X decision can be critical (X!)")
        return self


class Reason(Strict):
    """Tier (b) of a CASE item: the one `correct` reason earns 1 if the decision earned credit."""

    id: str = Field(pattern=ID)
    text: str = Field(min_length=1)
    correct: bool
    rationale: str = Field(min_length=1)


class Switch(Strict):
    """A key-changing variant of a CASE item (another card, an aggravating fact, no consent)."""

    id: str = Field(pattern=ID)
    fact: str = Field(min_length=1, description="Sentence added to the end of the stem")
    verdicts: dict[str, Literal["B", "A", "X"]] = Field(min_length=1)
    critical: list[str] = Field(default_factory=list, description="Decisions that become X!")
    reason: str = Field(description="Id of the reason that becomes correct")
    rationale: str = Field(min_length=1, description="Why the key changes")


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in Formatter().parse(text) if name}


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
    parameters: dict[str, Parameter] = Field(default_factory=dict)
    formula: str = Field("", description="NUM key from the parameters, e.g. 100 * a / b")
    constraint: str = Field("", description="Must hold (be non-zero) for drawn parameters")
    decimals: int = Field(0, ge=0, le=3, description="Rounding of a recomputed key")
    case: str = Field("", description="The §3 case a CASE item is an exam-only variant of")
    decisions: list[Decision] = Field(default_factory=list)
    reasons: list[Reason] = Field(default_factory=list)
    surface: dict[str, list[str]] = Field(default_factory=dict)
    switches: list[Switch] = Field(default_factory=list)
    shuffle: bool = Field(True, description="False keeps option order (e.g. before/after)")
    variant: str = Field("", description="Only on a learner's instance: the variant drawn")
    sources: list[SourceRef] = Field(min_length=1)
    enemies: list[str] = Field(default_factory=list)

    @model_validator(mode="after")
    def _fits_its_type(self) -> Item:
        used = {
            "options": bool(self.options),
            "pairs": bool(self.pairs),
            "steps": bool(self.steps),
            "answer": self.answer is not None,
            "decisions": bool(self.decisions or self.reasons),
            "parameters": bool(self.parameters or self.formula),
            "surface": bool(self.surface or self.switches or self.case),
        }
        allowed = {
            ItemType.SC: {"options"},
            ItemType.MS: {"options"},
            ItemType.MT: {"pairs"},
            ItemType.OR: {"steps"},
            ItemType.NUM: {"answer", "parameters"},
            ItemType.CASE: {"decisions", "surface"},
        }[self.type]
        if extra := [name for name, present in used.items() if present and name not in allowed]:
            raise ValueError(f"a {self.type} item does not take {', '.join(extra)}")
        getattr(self, f"_check_{self.type.value.lower()}")()
        self._check_placeholders()
        return self

    def texts(self) -> list[str]:
        """Every learner-visible or rationale text that may hold placeholders."""
        cells = [str(c) for row in (self.table.rows if self.table else []) for c in row]
        return [
            self.stem,
            self.rationale,
            *cells,
            *(t for o in self.options for t in (o.text, o.rationale)),
            *(t for d in self.decisions for t in (d.text, d.rationale)),
            *(t for r in self.reasons for t in (r.text, r.rationale)),
            *(t for s in self.switches for t in (s.fact, s.rationale)),
        ]

    def _check_placeholders(self) -> None:
        defined = set(self.parameters) | set(self.surface) | ({"answer"} if self.formula else set())
        used = set().union(*(placeholders(t) for t in self.texts()))
        if missing := sorted(used - defined):
            raise ValueError(f"placeholders {missing} are not defined in parameters or surface")
        if unused := sorted(set(self.surface) - used):
            raise ValueError(f"surface facts {unused} appear in no text")

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
        if bool(self.parameters) != bool(self.formula):
            raise ValueError("parameters and formula go together")
        if not self.formula:
            return
        used = names_in(self.formula) | names_in(self.constraint)
        if unknown := sorted(used - set(self.parameters)):
            raise ValueError(f"formula or constraint uses undefined names {unknown}")
        values = {name: p.value for name, p in self.parameters.items()}
        try:
            key = round(evaluate(self.formula, values), self.decimals)
            holds = not self.constraint or evaluate(self.constraint, values)
        except FormulaError as error:
            raise ValueError(f"formula: {error}") from error
        if abs(key - self.answer) > 1e-9:
            raise ValueError(f"formula gives {key} for the canonical parameters, not {self.answer}")
        if not holds:
            raise ValueError("the canonical parameters break the constraint")

    def _check_case(self) -> None:
        if not self.case:
            raise ValueError("a CASE item names the §3 case it is a variant of (case:)")
        if not 3 <= len(self.decisions) <= 4 or not any(d.verdict == "B" for d in self.decisions):
            raise ValueError("a CASE item has 3–4 decisions, at least one of them B")
        if not 3 <= len(self.reasons) <= 4 or sum(r.correct for r in self.reasons) != 1:
            raise ValueError("a CASE item has 3–4 reasons with exactly one correct")
        ids = [d.id for d in self.decisions] + [r.id for r in self.reasons]
        if len(ids) != len(set(ids)):
            raise ValueError("decision and reason ids must all differ")
        words = len(self.stem.split())
        longest = words + max((len(s.fact.split()) for s in self.switches), default=0)
        most = CASE_WORDS[1] + (SWITCH_WORDS if self.variant else 0)  # an instance has its fact
        if not CASE_WORDS[0] <= words <= most or longest > CASE_WORDS[1] + SWITCH_WORDS:
            raise ValueError(
                f"a CASE stem has 70–120 words (about {CASE_WORDS[1]} at most, and "
                f"{SWITCH_WORDS} more with a switch's fact); this one has {words} ({longest})"
            )
        if bad := [v for v in self.surface.values() if len(v) < 2]:
            raise ValueError(f"each surface fact needs at least 2 values: {bad}")
        for switch in self.switches:
            targets = set(switch.verdicts) | set(switch.critical)
            if unknown := sorted(targets - {d.id for d in self.decisions}):
                raise ValueError(f"switch {switch.id} names unknown decisions {unknown}")
            if switch.reason not in {r.id for r in self.reasons}:
                raise ValueError(f"switch {switch.id} names unknown reason {switch.reason}")
            after = {d.id: switch.verdicts.get(d.id, d.verdict) for d in self.decisions}
            if "B" not in after.values():
                raise ValueError(f"switch {switch.id} leaves no B decision")
            if bad := [d for d in switch.critical if after[d] != "X"]:
                raise ValueError(f"switch {switch.id} makes non-X decisions critical: {bad}")


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
        prefix = f"{self.module}-{self.bank[0]}"  # m01-f03 formative, m01-s03 summative
        if strays := [i.id for i in self.items if not i.id.startswith(prefix)]:
            raise ValueError(f"{self.bank} item ids must start with {prefix}: {strays}")
        if strays := [i.id for i in self.items if not i.outcome.startswith(f"{self.module}.")]:
            raise ValueError(f"items tagged with another module's outcome: {strays}")
        if drawn := [i.id for i in self.items if i.variant]:
            raise ValueError(f"`variant` is set by the exam builder, not in a bank: {drawn}")
        if unknown := sorted({e for i in self.items for e in i.enemies} - set(ids)):
            raise ValueError(f"enemies name items not in the bank: {unknown}")
        return self

    def source_keys(self) -> set[str]:
        return {s.key for item in self.items for s in item.sources}
