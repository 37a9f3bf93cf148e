"""The case format (CURRICULUM §3.1) as a strict model: unknown fields and broken links fail.

Decision points are `single` (choose one), `multi` (select all that apply: B options should be
selected, X options should not, A either way) or `rank` (put the steps in order: the options
are listed in the correct order).
"""

from __future__ import annotations

from enum import StrEnum
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

ID = r"^[a-z0-9]+(-[a-z0-9]+)*$"
Role = Literal["P", "PR", "J", "D", "C", "H", "X"]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class Verdict(StrEnum):
    """The verdict scale; X with `critical: true` is shown and scored as X!."""

    BEST = "B"
    ACCEPTABLE = "A"
    CONTESTED = "C"
    NOT_DEFENSIBLE = "X"


class Stage(StrEnum):
    PRE_ARREST = "pre_arrest"
    POLICE_CUSTODY = "police_custody"
    PRE_TRIAL = "pre_trial"
    TRIAL = "trial"
    SENTENCING = "sentencing"
    SUPERVISION = "supervision"
    POST_SENTENCING = "post_sentencing"
    SYSTEM = "system"


class SourceRef(Strict):
    key: str = Field(description="Key in book/references.bib")
    pin: str = Field(min_length=1, description="Pinpoint: article, rule, paragraph or page")


class Justification(Strict):
    """A reason a learner can give for a contested (C) choice; only the matching one earns credit."""

    id: str = Field(pattern=ID)
    text: str = Field(min_length=1)
    matches: bool


class Option(Strict):
    id: str = Field(pattern=ID)
    text: str = Field(min_length=1)
    verdict: Verdict
    critical: bool = Field(False, description="Marks X as a critical error (X!)")
    why: str = Field(min_length=1, description="Feedback the learner sees after choosing")
    sources: list[SourceRef] = Field(min_length=1)
    justifications: list[Justification] = Field(default_factory=list)

    @model_validator(mode="after")
    def _consistent(self) -> Option:
        if self.critical and self.verdict != Verdict.NOT_DEFENSIBLE:
            raise ValueError("only an X option can be critical")
        if (self.verdict == Verdict.CONTESTED) != bool(self.justifications):
            raise ValueError("a C option needs justifications, and only a C option may have them")
        if self.justifications and not any(j.matches for j in self.justifications):
            raise ValueError("a C option needs one justification that matches")
        return self


class Kind(StrEnum):
    SINGLE = "single"
    MULTI = "multi"
    RANK = "rank"


class DecisionPoint(Strict):
    id: str = Field(pattern=ID)
    topic: str = Field(pattern=r"^[a-z_]+$")
    prompt: str = Field(min_length=1)
    kind: Kind = Kind.SINGLE
    options: list[Option] = Field(min_length=2)
    next: str | dict[str, str] | None = Field(
        None, description="Next decision point, or a mapping option id -> decision point"
    )

    @model_validator(mode="after")
    def _consistent(self) -> DecisionPoint:
        ids = [o.id for o in self.options]
        if len(ids) != len(set(ids)):
            raise ValueError(f"duplicate option ids in {self.id}")
        if not any(o.verdict in (Verdict.BEST, Verdict.ACCEPTABLE) for o in self.options):
            raise ValueError(f"{self.id} has no B or A option")
        if isinstance(self.next, dict) and set(self.next) - set(ids):
            raise ValueError(f"next maps unknown options {sorted(set(self.next) - set(ids))}")
        if self.kind != Kind.SINGLE:
            self._check_multi_or_rank()
        return self

    def _check_multi_or_rank(self) -> None:
        verdicts = {o.verdict for o in self.options}
        branches_by_option = isinstance(self.next, dict)
        if branches_by_option:  # a ValueError, as pydantic validators must raise
            raise ValueError(f"{self.id}: only single-choice points can branch by option")
        if Verdict.CONTESTED in verdicts:
            raise ValueError(f"{self.id}: contested (C) options are for single-choice points only")
        if self.kind == Kind.MULTI and Verdict.BEST not in verdicts:
            raise ValueError(f"{self.id}: a multi point needs at least one B option to select")
        if self.kind == Kind.RANK and verdicts != {Verdict.BEST}:
            raise ValueError(f"{self.id}: rank options are steps in the correct order, all B")


class KeyChange(Strict):
    """A change of facts that changes the key, e.g. more prior convictions make A acceptable."""

    when: dict[str, str | int | float | bool] = Field(min_length=1)
    changes: dict[str, Verdict] = Field(min_length=1, description="dpX.optionId -> new verdict")
    note: str = ""


class Variants(Strict):
    """Facts a facilitator or exam form may change; surface ones keep the key as it is."""

    surface: dict[str, list[str | int | float]] = Field(default_factory=dict)
    key_changing: list[KeyChange] = Field(default_factory=list)


class Debrief(Strict):
    common_mistake: str = Field(min_length=1)
    takeaways: list[str] = Field(min_length=1)


class Case(Strict):
    schema_version: Literal[1]
    id: str = Field(pattern=r"^c\d\d$")
    slug: str = Field(pattern=ID)
    title: str = Field(min_length=1)
    stage: Stage
    role: Role
    alt_roles: list[Role] = Field(default_factory=list)
    jurisdiction_card: str = Field(pattern=r"^[A-Z]$")
    population: list[str] = Field(default_factory=list)
    substances: list[str] = Field(default_factory=list)
    modules: list[str] = Field(min_length=1)
    outcomes: list[str] = Field(min_length=1)
    executive: bool = Field(False, description="Suits the executive format (⚑ in CURRICULUM)")
    scenario: str = Field(min_length=1)
    decision_points: list[DecisionPoint] = Field(min_length=1)
    debrief: Debrief
    variants: Variants = Field(default_factory=Variants)

    @property
    def name(self) -> str:
        """The file stem and page reference, e.g. c10-first-time-courier-nonuser."""
        return f"{self.id}-{self.slug}"

    def point(self, dp_id: str) -> DecisionPoint:
        return next(dp for dp in self.decision_points if dp.id == dp_id)

    @model_validator(mode="after")
    def _links_resolve(self) -> Case:
        ids = [dp.id for dp in self.decision_points]
        if len(ids) != len(set(ids)):
            raise ValueError("duplicate decision point ids")
        for dp in self.decision_points:
            targets = dp.next.values() if isinstance(dp.next, dict) else [dp.next]
            missing = [t for t in targets if t is not None and t not in ids]
            if missing:
                raise ValueError(f"{dp.id}.next points to unknown decision point(s) {missing}")
        if cycle := _find_cycle(self.decision_points):
            raise ValueError(f"decision points loop back: {' -> '.join(cycle)}")
        options = {f"{dp.id}.{o.id}" for dp in self.decision_points for o in dp.options}
        for change in self.variants.key_changing:
            if unknown := sorted(set(change.changes) - options):
                raise ValueError(f"variants.key_changing names unknown options {unknown}")
        return self

    def source_keys(self) -> set[str]:
        return {s.key for dp in self.decision_points for o in dp.options for s in o.sources}


def _successors(dp: DecisionPoint) -> list[str]:
    targets = dp.next.values() if isinstance(dp.next, dict) else [dp.next]
    return [t for t in targets if t is not None]


def _find_cycle(points: list[DecisionPoint]) -> list[str] | None:
    """A path that returns to a decision point already on it, if any (every run must end)."""
    graph = {dp.id: _successors(dp) for dp in points}

    def walk(node: str, path: list[str]) -> list[str] | None:
        if node in path:
            return [*path[path.index(node) :], node]
        return next((c for t in graph.get(node, []) if (c := walk(t, [*path, node]))), None)

    return walk(points[0].id, [])


class CardFeature(Strict):
    feature: str = Field(min_length=1)
    rule: str = Field(min_length=1)


class JurisdictionCard(Strict):
    """A fictional national legal frame (CURRICULUM §3.2); describes no real country."""

    schema_version: Literal[1]
    id: str = Field(pattern=r"^[A-Z]$")
    name: str
    summary: str
    features: list[CardFeature] = Field(min_length=1)
