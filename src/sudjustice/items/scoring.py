"""Score a response to an item by the rules of CURRICULUM §4.1 (1 point per item)."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from sudjustice.items.model import Item, ItemType
from sudjustice.scoring import is_neighbour_swap, partial_credit

Response = str | Sequence[str] | Mapping[str, str] | float | None
DECISION_CREDIT = {"B": 1.0, "A": 0.5, "X": 0.0}


def item_points(item: Item) -> int:
    """Maximum points: 2 for a two-tier CASE item, 1 for every other type."""
    return 2 if item.type == ItemType.CASE else 1


def score_case(item: Item, response: Mapping[str, str]) -> float:
    """Two tiers: the decision (B 1, A 0.5) and the correct reason, credited only after credit."""
    verdicts = {d.id: d.verdict for d in item.decisions}
    decision = DECISION_CREDIT.get(verdicts.get(response.get("decision"), "X"), 0.0)
    correct_reason = next(r.id for r in item.reasons if r.correct)
    return decision + float(decision > 0 and response.get("reason") == correct_reason)


def critical_errors(item: Item, response: Response) -> int:
    """1 if the learner chose a decision flagged X! (§4.1), else 0."""
    if item.type != ItemType.CASE or not isinstance(response, Mapping):
        return 0
    return int(any(d.critical and d.id == response.get("decision") for d in item.decisions))


def score_item(item: Item, response: Response) -> float:
    """Points between 0 and `item_points(item)`; a blank (None) or malformed response scores 0.

    Args:
        response: SC an option id; MS the selected ids; MT left -> right text; OR the step
            texts in the learner's order; NUM a number; CASE {"decision": id, "reason": id}.
    """
    try:
        return _score(item, response) if response is not None else 0.0
    except (TypeError, ValueError, AttributeError):
        return 0.0  # a wrongly shaped answer earns nothing rather than stopping a batch


def _score(item: Item, response: Response) -> float:
    if item.type == ItemType.CASE:
        return score_case(item, response)
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


PASS_SHARE, CASE_SHARE, MAX_CRITICAL = 0.70, 0.60, 2  # CURRICULUM §4.3


@dataclass(frozen=True)
class ExamResult:
    points: float
    max_points: int
    case_points: float
    case_max: int
    critical_errors: int
    cut: int
    failed_rules: tuple[str, ...]

    @property
    def passed(self) -> bool:
        return not self.failed_rules


def exam_result(
    items: Sequence[Item], responses: Mapping[str, Response], cut: int | None = None
) -> ExamResult:
    """The §4.3 pass rule: score ≥ cut (70%, i.e. 51/72), ≥ 60% of CASE points, ≤ 2 X! choices.

    `cut` is the form family's standard-set cut score when a panel has fixed one.
    """
    scores = {i.id: score_item(i, responses.get(i.id)) for i in items}
    points, max_points = sum(scores.values()), sum(item_points(i) for i in items)
    cases = [i for i in items if i.type == ItemType.CASE]
    case_points, case_max = sum(scores[i.id] for i in cases), sum(item_points(i) for i in cases)
    critical = sum(critical_errors(i, responses.get(i.id)) for i in items)
    cut = math.ceil(PASS_SHARE * max_points - 1e-9) if cut is None else cut
    failed = (
        *([f"score {points:g} is below the cut of {cut}/{max_points}"] if points < cut else []),
        *(
            [f"CASE points {case_points:g}/{case_max} are below {CASE_SHARE:.0%}"]
            if case_max and case_points < CASE_SHARE * case_max
            else []
        ),
        *(
            [f"{critical} critical errors (more than {MAX_CRITICAL})"]
            if critical > MAX_CRITICAL
            else []
        ),
    )
    return ExamResult(points, max_points, case_points, case_max, critical, cut, failed)
