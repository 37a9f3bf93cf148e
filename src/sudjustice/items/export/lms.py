"""What an LMS export (QTI 2.1, Moodle XML) holds, whatever the format.

A *delivery* is a list of items in presentation order, each with the labelled presentation of
`present.show` (so an LMS shows the same letters and scrambled order as the exam notebook), and
one rule about feedback: a formative bank is practice, so its export carries every rationale; a
summative bank or a learner's form goes to the LMS's secure store with the key (the LMS needs
it to score) and never a rationale.

`summary` reduces an item to the facts every format must carry (type, stem, choices, key,
credit per choice, tolerance); each format's parser returns the same shape, so a round trip is
checked item by item.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from sudjustice.items.exam import Form, canonical, load_form, number_text
from sudjustice.items.export.present import Shown, show
from sudjustice.items.load import load_banks
from sudjustice.items.model import Bank, Item, ItemType
from sudjustice.items.scoring import DECISION_CREDIT, item_points
from sudjustice.problems import ContentError, Problem

Kind = Literal["formative", "summative", "form"]


@dataclass(frozen=True)
class Delivery:
    name: str  # "formative", "summative" or the form id
    kind: Kind
    shown: tuple[Shown, ...]

    @property
    def feedback(self) -> bool:
        """Rationales go only into learner-facing practice, never into a secure export."""
        return self.kind == "formative"

    @property
    def items(self) -> list[Item]:
        return [s.item for s in self.shown]


def from_banks(banks: dict[str, Bank]) -> Delivery:
    """Every item of the banks, module by module, in bank order."""
    kinds = {bank.bank for bank in banks.values()}
    if len(kinds) != 1:
        raise ContentError([Problem("--bank", None, "bank", "mixes formative and summative")])
    items = [canonical(i) for module in sorted(banks) for i in banks[module].items]
    kind = kinds.pop()
    return Delivery(kind, kind, tuple(show(i) for i in items))


def from_form(form: Form) -> Delivery:
    """One learner's form in presentation order, scrambled with the form id as the notebook is."""
    return Delivery(form.form_id, "form", tuple(show(i, form.form_id) for i in form.items))


def load_delivery(
    bank: Path | None = None, form: Path | None = None, formative: bool = False
) -> Delivery:
    """The delivery for `--bank DIR` or `--form FILE`; `formative` refuses a summative bank."""
    if (bank is None) == (form is None):
        raise ValueError("give exactly one of a bank directory or a form manifest")
    if form is not None:
        if formative:
            raise ValueError("a form is summative: --formative applies to a --bank only")
        try:
            return from_form(load_form(form))
        except (OSError, ValueError) as error:
            raise ContentError([Problem(str(form), None, None, str(error))]) from error
    return from_banks(load_banks(bank, "formative" if formative else None))


def _rounded(value: float) -> float:
    return round(value, 4)


def credits(shown: Shown) -> dict[str, float]:
    """Credit per choice text: SC 1 for the key; MS +1/k or -1/k; CASE decisions B 1, A 0.5."""
    item = shown.item
    if item.type == ItemType.SC:
        return {o.text: float(o.correct) for o in item.options}
    if item.type == ItemType.MS:
        k = sum(o.correct for o in item.options)
        return {o.text: _rounded((1 if o.correct else -1) / k) for o in item.options}
    if item.type == ItemType.CASE:
        return {d.text: DECISION_CREDIT[d.verdict] for d in item.decisions}
    return {}


def summary(shown: Shown) -> dict:
    """The facts of an item that every export must carry, by text (labels differ by format)."""
    item = shown.item
    key: object
    match item.type:
        case ItemType.SC | ItemType.MS:
            key = sorted(o.text for o in item.options if o.correct)
        case ItemType.MT:
            key = {p.left: p.right for p in item.pairs}
        case ItemType.OR:
            key = [s.text for s in item.steps]
        case ItemType.NUM:
            key = item.answer
        case _:
            key = next(r.text for r in item.reasons if r.correct)
    return {
        "id": item.id,
        "type": item.type.value,
        "stem": flat(item.stem),
        "points": item_points(item),
        "choices": [c.text for c in shown.choices],
        "lefts": [c.text for c in shown.lefts],
        "reasons": [c.text for c in shown.reasons],
        "key": key,
        "credit": credits(shown),
        "tolerance": item.tolerance if item.type == ItemType.NUM else None,
    }


def flat(text: str) -> str:
    """Text with runs of white space made one space (how HTML and XML read it back)."""
    return " ".join(text.split())


def paragraphs(text: str) -> list[str]:
    return [flat(p) for p in text.strip().split("\n\n") if p.strip()]


def rationales(items: Iterable[Item]) -> list[str]:
    """Every rationale text of the items (to prove a secure export carries none)."""
    found = []
    for item in items:
        found += [item.rationale] if item.rationale else []
        found += [o.rationale for o in item.options] + [p.rationale for p in item.pairs]
        found += [s.rationale for s in item.steps] + [d.rationale for d in item.decisions]
        found += [r.rationale for r in item.reasons]
    return found


def feedback_lines(shown: Shown) -> list[str]:
    """The practice feedback: the key and why, choice by choice (formative exports only)."""
    item = shown.item
    label = {c.key: c.label for c in shown.choices}
    match item.type:
        case ItemType.SC | ItemType.MS:
            return [
                f"{label[o.id]}. {'Correct' if o.correct else 'Not correct'}: {o.rationale}"
                for o in item.options
            ]
        case ItemType.MT:
            return [f"{p.left} → {p.right}: {p.rationale}" for p in item.pairs]
        case ItemType.OR:
            return [f"{n}. {s.text}: {s.rationale}" for n, s in enumerate(item.steps, 1)]
        case ItemType.NUM:
            return [f"Answer: {number_text(item.answer)} {item.unit}".strip(), item.rationale]
    lines = [f"{label[d.id]}. ({d.verdict}) {d.rationale}" for d in item.decisions]
    reason = {c.key: c.label for c in shown.reasons}
    return lines + [
        f"Reason {reason[r.id]}: {'correct' if r.correct else 'not correct'}. {r.rationale}"
        for r in item.reasons
    ]


def differences(delivery: Delivery, parsed: list[dict], keeps_order: bool = True) -> list[str]:
    """Where an export read back differs from the delivery, item by item and field by field.

    `keeps_order` False: the format cannot keep the shown order of matching and ordering
    choices (Moodle shuffles them itself), so those are compared as sets.
    """
    want_ids, got_ids = [i.id for i in delivery.items], [p.get("id") for p in parsed]
    if want_ids != got_ids:
        return [f"items differ: exported {got_ids}, expected {want_ids}"]
    problems = []
    for shown, got in zip(delivery.shown, parsed, strict=True):
        want = summary(shown)
        for field, value in want.items():
            have = got.get(field)
            if field == "choices" and not keeps_order and want["type"] in ("MT", "OR"):
                value, have = sorted(value), sorted(have or [])
            if have != value:
                problems.append(f"{shown.item.id} [{field}]: exported {have!r}, not {value!r}")
        if bool(got.get("feedback")) != delivery.feedback:
            has = "carries" if got.get("feedback") else "lacks"
            problems.append(f"{shown.item.id} [feedback]: the {delivery.kind} export {has} it")
    return problems
