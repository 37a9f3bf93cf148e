"""How an item is shown outside the book (exam notebooks, QTI, Moodle): labelled choices, and
the mapping from a learner's labelled answer back to a `score_item` response.

Labels are by position: options A, B, C… in the order the form gives them; matching pairs are
numbered on the left and lettered on the right; ordering steps are lettered in a scrambled
order; a CASE item's decisions are lettered and its reasons numbered. Scrambling is fixed by
the item id (and form id), so every export of a form shows the same thing.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from string import ascii_uppercase

from sudjustice.items.model import Item, ItemType
from sudjustice.ordering import scrambled

Answer = str | int | float | list | tuple | dict | None


@dataclass(frozen=True)
class Choice:
    label: str
    text: str
    key: str  # option id, decision id, reason id, right-hand text or step text


@dataclass(frozen=True)
class Shown:
    item: Item
    choices: tuple[Choice, ...] = ()  # SC, MS, MT right-hand side, OR steps, CASE decisions
    lefts: tuple[Choice, ...] = ()  # MT left-hand side (numbered)
    reasons: tuple[Choice, ...] = ()  # CASE reasons (numbered)

    @property
    def variable(self) -> str:
        return self.item.id.replace("-", "_")


def _lettered(pairs) -> tuple[Choice, ...]:
    return tuple(Choice(ascii_uppercase[n], text, key) for n, (text, key) in enumerate(pairs))


def _numbered(pairs) -> tuple[Choice, ...]:
    return tuple(Choice(str(n), text, key) for n, (text, key) in enumerate(pairs, 1))


def show(item: Item, salt: str = "") -> Shown:
    """The labelled presentation of an item; `salt` (the form id) varies the scrambling."""
    match item.type:
        case ItemType.SC | ItemType.MS:
            return Shown(item, _lettered((o.text, o.id) for o in item.options))
        case ItemType.MT:
            rights = scrambled([p.right for p in item.pairs], key=lambda r: salt + item.id + r)
            return Shown(
                item,
                _lettered((r, r) for r in rights),
                _numbered((p.left, p.left) for p in item.pairs),
            )
        case ItemType.OR:
            steps = scrambled([s.text for s in item.steps], key=lambda s: salt + item.id + s)
            return Shown(item, _lettered((s, s) for s in steps))
        case ItemType.CASE:
            return Shown(
                item,
                _lettered((d.text, d.id) for d in item.decisions),
                reasons=_numbered((r.text, r.id) for r in item.reasons),
            )
    return Shown(item)


def response(shown: Shown, answer: Answer):
    """A learner's labelled answer as a `score_item` response (None if blank or malformed)."""
    by_label = {c.label: c.key for c in shown.choices}
    try:
        match shown.item.type:
            case ItemType.SC:
                return by_label.get(str(answer).strip().upper())
            case ItemType.MS:
                return [
                    by_label[str(a).strip().upper()]
                    for a in answer
                    if str(a).strip().upper() in by_label
                ]
            case ItemType.MT:
                lefts = {c.label: c.key for c in shown.lefts}
                return {
                    lefts[str(k)]: by_label.get(str(v).strip().upper())
                    for k, v in dict(answer).items()
                    if str(k) in lefts
                }
            case ItemType.OR:
                return [by_label.get(str(a).strip().upper()) for a in answer]
            case ItemType.NUM:
                return float(answer)
            case ItemType.CASE:
                decision, reason = answer
                reasons = {c.label: c.key for c in shown.reasons}
                return {
                    "decision": by_label.get(str(decision).strip().upper()),
                    "reason": reasons.get(str(reason).strip()),
                }
    except (TypeError, ValueError, AttributeError):
        return None
    return None


def key_answer(shown: Shown) -> Answer:
    """The labelled answer that earns full marks (the solution an assessor sees)."""
    item = shown.item
    label = {c.key: c.label for c in shown.choices}
    match item.type:
        case ItemType.SC:
            return next(label[o.id] for o in item.options if o.correct)
        case ItemType.MS:
            return sorted(label[o.id] for o in item.options if o.correct)
        case ItemType.MT:
            lefts = {c.key: c.label for c in shown.lefts}
            return {int(lefts[p.left]): label[p.right] for p in item.pairs}
        case ItemType.OR:
            return [label[s.text] for s in item.steps]
        case ItemType.NUM:
            return item.answer
        case ItemType.CASE:
            best = next(d.id for d in item.decisions if d.verdict == "B")
            reason = next(c.label for c in shown.reasons if c.key in _correct_reasons(item))
            return (label[best], int(reason))
    return None


def _correct_reasons(item: Item) -> set[str]:
    return {r.id for r in item.reasons if r.correct}


ANSWER_SHAPES = {
    ItemType.SC: ('"A"', "one letter, in quotes"),
    ItemType.MS: ('["A", "C"]', "every letter that applies"),
    ItemType.MT: ('{1: "A", 2: "B"}', "each number with one letter"),
    ItemType.OR: ('["B", "A"]', "all the letters, first step first"),
    ItemType.NUM: ("12.5", "a number"),
    ItemType.CASE: ('("A", 1)', "the decision letter and the reason number"),
}


def how_to_answer(shown: Shown) -> str:
    """A comment telling the learner the shape of the answer, with a neutral example."""
    example, explanation = ANSWER_SHAPES[shown.item.type]
    return f"your answer, e.g. {example}: {explanation}"


def as_mapping(answers: Mapping[str, Answer], shown: list[Shown]) -> dict[str, object]:
    """Labelled answers by item id → `score_item` responses by item id."""
    return {s.item.id: response(s, answers.get(s.item.id)) for s in shown}
