"""Scoring rules shared by case decisions and quiz items (CURRICULUM §3.1 and §4.1)."""

from __future__ import annotations

from collections.abc import Sequence


def is_neighbour_swap(order: Sequence[str], correct: Sequence[str]) -> bool:
    """True if `order` is `correct` with exactly two neighbouring entries swapped."""
    if sorted(order) != sorted(correct):
        return False
    wrong = [i for i in range(len(correct)) if order[i] != correct[i]]
    return (
        len(wrong) == 2
        and wrong[1] == wrong[0] + 1
        and order[wrong[0]] == correct[wrong[1]]
        and order[wrong[1]] == correct[wrong[0]]
    )


def partial_credit(right: int, wrong: int, expected: int) -> float:
    """(right picks − wrong picks) / picks expected, never below 0 (callers round the result)."""
    return max(0, right - wrong) / expected
