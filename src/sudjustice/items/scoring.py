"""Score a response to an item by the rules of CURRICULUM §4.1 (1 point per item)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from sudjustice.items.model import Item, ItemType
from sudjustice.scoring import is_neighbour_swap, partial_credit

Response = str | Sequence[str] | Mapping[str, str] | float


def score_item(item: Item, response: Response) -> float:
    """Points between 0 and 1.

    Args:
        response: SC an option id; MS the selected ids; MT left -> right text; OR the step
            texts in the learner's order; NUM a number.
    """
    if item.type == ItemType.SC:
        return float(any(o.id == response and o.correct for o in item.options))
    if item.type == ItemType.MS:
        picked = set(response)
        right = sum(o.correct and o.id in picked for o in item.options)
        wrong = sum(not o.correct and o.id in picked for o in item.options)
        return round(partial_credit(right, wrong, sum(o.correct for o in item.options)), 2)
    if item.type == ItemType.MT:
        matched = sum(response.get(p.left) == p.right for p in item.pairs)
        return round(matched / len(item.pairs), 2)
    if item.type == ItemType.OR:
        correct = [s.text for s in item.steps]
        return (
            1.0
            if list(response) == correct
            else 0.5
            if is_neighbour_swap(response, correct)
            else 0.0
        )
    return float(abs(float(response) - item.answer) <= item.tolerance)
