"""Are CASE items and the exam pass rule scored exactly as CURRICULUM §4.1 and §4.3 say?"""

from __future__ import annotations

import pytest

from sudjustice.items.model import Item
from sudjustice.items.scoring import critical_errors, exam_result, item_points, score_item

from .synthetic_bank import _item


@pytest.fixture
def case() -> Item:
    return Item.model_validate(_item("m05-s01", "m05.o2", "CASE", ["PR"]))


@pytest.mark.parametrize(
    ("decision", "reason", "points"),
    [
        ("a", "r1", 2.0),  # B decision + the matching reason
        ("a", "r2", 1.0),  # B decision, wrong reason
        ("b", "r1", 1.5),  # A decision earns 0.5, and the reason is then credited
        ("c", "r1", 0.0),  # X decision: the reason is not credited at all
        (None, "r1", 0.0),  # no decision
    ],
)
def test_two_tier_case_rule(case, decision, reason, points):
    """B = 1, A = 0.5, and the reason point only once the decision earned credit."""
    assert item_points(case) == 2
    assert score_item(case, {"decision": decision, "reason": reason}) == points


def test_critical_error_is_counted_only_for_x_bang(case):
    assert critical_errors(case, {"decision": "c", "reason": "r1"}) == 1
    assert critical_errors(case, {"decision": "b", "reason": "r1"}) == 0
    assert critical_errors(case, "c") == 0  # malformed response: no crash, no credit


def test_blank_or_malformed_answers_score_zero_without_stopping(case):
    sc = Item.model_validate(_item("m05-s02", "m05.o1", "SC", []))
    num = Item.model_validate(_item("m05-s03", "m05.o1", "NUM", []))
    assert score_item(sc, None) == 0
    assert score_item(num, "twenty-five") == 0
    assert score_item(num, 25.4) == 1 and score_item(num, 25.6) == 0  # ±0.5 tolerance
    assert score_item(case, ["a"]) == 0


def _form(n_case: int, n_other: int):
    cases = [
        Item.model_validate(_item(f"m06-s{k:02d}", "m06.o1", "CASE", [])) for k in range(n_case)
    ]
    others = [
        Item.model_validate(_item(f"m01-s{k:02d}", "m01.o1", "SC", [])) for k in range(n_other)
    ]
    return cases, others


def test_pass_rule_on_a_full_form():
    """72 points: 48 one-point items and 12 CASE items; cut 51, 60% of CASE points, ≤ 2 X!."""
    cases, others = _form(12, 48)
    items = cases + others
    right_sc = {i.id: "a" for i in others}
    best = {"decision": "a", "reason": "r1"}
    all_right = exam_result(items, right_sc | {i.id: best for i in cases})
    assert (all_right.points, all_right.max_points, all_right.cut) == (72, 72, 51)
    assert all_right.passed

    # 51 points exactly passes; 50.5 does not.
    answers = {i.id: "a" for i in others[:27]} | {i.id: best for i in cases}  # 27 + 24 = 51
    assert exam_result(items, answers).passed
    answers[cases[0].id] = {"decision": "b", "reason": "r2"}  # 2 -> 0.5: 49.5
    result = exam_result(items, answers)
    assert not result.passed and "below the cut" in result.failed_rules[0]

    # Enough points overall but under 60% of CASE points (14/24) fails rule 2.
    weak_cases = {i.id: best for i in cases[:7]}
    result = exam_result(items, right_sc | weak_cases)
    assert result.points == 62 and not result.passed
    assert any("CASE points" in r for r in result.failed_rules)

    # Three X! choices fail rule 3 however high the score.
    harmful = {"decision": "c", "reason": "r1"}
    answers = right_sc | {i.id: best for i in cases[3:]} | {i.id: harmful for i in cases[:3]}
    result = exam_result(items, answers)
    assert result.points == 66 and result.critical_errors == 3 and not result.passed
    answers[cases[0].id] = best
    assert exam_result(items, answers).passed  # two X! are tolerated
