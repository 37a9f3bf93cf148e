"""Short-format tests (workshop pre/post, Essentials, Executive) drawn from the formative bank.

The blueprint is `book/facilitator/forms.yaml`. Only formative banks are accepted: a summative
bank passed here by mistake is refused, so exam items never reach a printed form or the book.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from pydantic import Field, model_validator

from sudjustice.cases.model import Strict
from sudjustice.items.model import Bank, Item, ItemType
from sudjustice.ordering import scrambled
from sudjustice.problems import ContentError, Problem
from sudjustice.yamlmodel import load_model


class FormSpec(Strict):
    id: str = Field(pattern=r"^[a-z0-9-]+$")
    title: str
    minutes: int = Field(gt=0)
    types: list[ItemType] = Field(min_length=1)
    modules: list[str] = Field(default_factory=list)
    parallel_to: str | None = None

    @model_validator(mode="after")
    def _one_source(self) -> FormSpec:
        if bool(self.modules) == bool(self.parallel_to):
            raise ValueError("a form lists `modules` or names the form it is `parallel_to`")
        return self


class FormsFile(Strict):
    schema_version: Literal[1]
    forms: list[FormSpec] = Field(min_length=1)


@dataclass(frozen=True)
class Form:
    id: str
    title: str
    minutes: int
    items: tuple[Item, ...]


def forms_path(root: Path) -> Path:
    return root / "book" / "facilitator" / "forms.yaml"


def load_form_specs(root: Path) -> dict[str, FormSpec]:
    specs = {f.id: f for f in load_model(forms_path(root), FormsFile).forms}
    for spec in specs.values():
        if spec.parallel_to and spec.parallel_to not in specs:
            raise ContentError(
                [Problem(str(forms_path(root)), None, "parallel_to", f"no form {spec.parallel_to}")]
            )
    return specs


def _live(bank: Bank, spec: FormSpec) -> list[Item]:
    if bank.bank != "formative":
        raise ValueError(f"{bank.module}: forms are drawn from formative banks only")
    items = [i for i in bank.items if i.status != "retired" and i.type in spec.types]
    return scrambled(items, lambda i: f"{spec.id}/{i.id}")


def _clashes(item: Item, chosen: list[Item]) -> bool:
    return any(item.id in c.enemies or c.id in item.enemies or c.id == item.id for c in chosen)


def _pick(spec: FormSpec, banks: Mapping[str, Bank], need_twin: bool) -> list[Item]:
    chosen: list[Item] = []
    for module in spec.modules:
        if module not in banks:
            raise KeyError(f"form {spec.id}: no formative bank for module {module}")
        pool = [i for i in _live(banks[module], spec) if not _clashes(i, chosen)]
        if need_twin:  # the parallel form needs a second item on the same outcome
            pool = [i for i in pool if any(j.outcome == i.outcome for j in _others(i, banks, spec))]
        used = {c.outcome for c in chosen}
        fresh = [i for i in pool if i.outcome not in used] or pool
        if not fresh:
            raise ValueError(f"form {spec.id}: module {module} has no usable item left")
        chosen.append(fresh[0])
    return chosen


def _others(item: Item, banks: Mapping[str, Bank], spec: FormSpec) -> list[Item]:
    return [i for i in _live(banks[item.outcome.split(".")[0]], spec) if i.id != item.id]


def _parallel(spec: FormSpec, base: Form, banks: Mapping[str, Bank]) -> list[Item]:
    chosen: list[Item] = []
    for item in base.items:
        twins = [
            i
            for i in _others(item, banks, spec)
            if i.outcome == item.outcome and i not in base.items and not _clashes(i, chosen)
        ]
        if not twins:
            raise ValueError(f"form {spec.id}: no second item on outcome {item.outcome}")
        chosen.append(twins[0])
    return chosen


def build_forms(specs: Mapping[str, FormSpec], banks: Mapping[str, Bank]) -> dict[str, Form]:
    """Every form of the blueprint; the same bank always gives the same forms."""
    twinned = {s.parallel_to for s in specs.values() if s.parallel_to}
    forms: dict[str, Form] = {}
    for spec in sorted(specs.values(), key=lambda s: bool(s.parallel_to)):
        if spec.parallel_to:
            items = _parallel(spec, forms[spec.parallel_to], banks)
        else:
            items = _pick(spec, banks, need_twin=spec.id in twinned)
        forms[spec.id] = Form(spec.id, spec.title, spec.minutes, tuple(items))
    return forms


def check_bank(spec_id: str, root: Path, banks: Mapping[str, Bank]) -> Form:
    """One form by id, for pages that render a check from the blueprint."""
    specs = load_form_specs(root)
    if spec_id not in specs:
        raise KeyError(f"{forms_path(root)}: no form {spec_id!r}; forms: {', '.join(specs)}")
    return build_forms(specs, banks)[spec_id]
