"""The decision engine: a learner's choices in, verdicts, reasons, sources and points out.

Pure functions only (no I/O): the renderers for the book, Jupyter and print all call these, so
feedback can never differ between them.

Scoring (CURRICULUM §3.1 and, for multi and rank points, the matching item rules of §4.1):
- single: B 2, A 1, C 1 only with the matching justification, X 0 (X! is X and flagged);
- multi: 2 × (B options selected − X options selected) / B options, floor 0;
- rank: 2 for the exact order, 1 for one swap of neighbours, else 0.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from sudjustice.cases.model import Case, DecisionPoint, Kind, Option, Verdict
from sudjustice.references import Reference
from sudjustice.scoring import is_neighbour_swap, partial_credit

POINTS = {Verdict.BEST: 2, Verdict.ACCEPTABLE: 1, Verdict.CONTESTED: 1, Verdict.NOT_DEFENSIBLE: 0}
MAX_POINTS = POINTS[Verdict.BEST]
VERDICT_LABELS = {
    "B": "Best",
    "A": "Acceptable",
    "C": "Contested",
    "X": "Not defensible",
    "X!": "Critical error",
}
Choice = str | Sequence[str]


@dataclass(frozen=True)
class CitedSource:
    key: str
    pin: str
    reference: str
    """Full one-line reference from the bibliography."""


@dataclass(frozen=True)
class OptionFeedback:
    """The reasoning behind one option, shown after the learner answers."""

    option: str
    text: str
    verdict: str
    """B, A, C, X or X! (for multi points: B = select, A = either, X = do not select)."""
    reason: str
    sources: tuple[CitedSource, ...]


@dataclass(frozen=True)
class Feedback:
    """What the learner is told about their answer at one decision point."""

    decision_point: str
    kind: str
    choice: tuple[str, ...]
    verdict: str
    """Overall verdict for the answer: B, A, C, X or X!"""
    label: str
    points: float
    max_points: int
    critical: bool
    items: tuple[OptionFeedback, ...]
    """single: the chosen option; multi: every option; rank: the steps in the correct order."""
    justified: bool | None = None
    """For a contested choice: whether the justification given matches."""


@dataclass(frozen=True)
class CaseRun:
    """The decision points a learner passed through, in order, with feedback for each."""

    case: str
    steps: tuple[Feedback, ...]
    finished: bool

    @property
    def points(self) -> float:
        return round(sum(step.points for step in self.steps), 2)

    @property
    def max_points(self) -> int:
        return sum(step.max_points for step in self.steps)

    @property
    def critical_errors(self) -> int:
        return sum(step.critical for step in self.steps)


def verdict_code(option: Option) -> str:
    return "X!" if option.critical else option.verdict.value


def option_points(option: Option, justification: str | None = None) -> int:
    """Points for a single choice; a contested option scores only with a matching justification."""
    if option.verdict == Verdict.CONTESTED:
        return POINTS[Verdict.CONTESTED] if _matches(option, justification) else 0
    return POINTS[option.verdict]


def _matches(option: Option, justification: str | None) -> bool:
    return any(j.id == justification and j.matches for j in option.justifications)


def multi_points(point: DecisionPoint, selected: set[str]) -> float:
    should = [o.id for o in point.options if o.verdict == Verdict.BEST]
    right = sum(o in selected for o in should)
    wrong = sum(o.id in selected for o in point.options if o.verdict == Verdict.NOT_DEFENSIBLE)
    return round(MAX_POINTS * partial_credit(right, wrong, len(should)), 2)


def rank_points(point: DecisionPoint, order: Sequence[str]) -> int:
    correct = [o.id for o in point.options]
    if list(order) == correct:
        return MAX_POINTS
    return 1 if is_neighbour_swap(order, correct) else 0


def graded_verdict(points: float, critical: bool) -> str:
    """Overall verdict of a multi or rank answer from its points."""
    if critical:
        return "X!"
    return "B" if points == MAX_POINTS else "A" if points > 0 else "X"


def cite(option: Option, references: Mapping[str, Reference]) -> tuple[CitedSource, ...]:
    return tuple(CitedSource(s.key, s.pin, references[s.key].full) for s in option.sources)


def explain(option: Option, references: Mapping[str, Reference]) -> OptionFeedback:
    return OptionFeedback(
        option.id, option.text, verdict_code(option), option.why, cite(option, references)
    )


def _as_tuple(choice: Choice) -> tuple[str, ...]:
    return (choice,) if isinstance(choice, str) else tuple(choice)


def feedback_for(
    point: DecisionPoint,
    choice: Choice,
    references: Mapping[str, Reference],
    justification: str | None = None,
) -> Feedback:
    """Feedback for an answer at `point`.

    Args:
        choice: an option id (single), the selected ids (multi), or every id in order (rank).
        justification: for a contested single choice, the id of the justification given.
    Raises:
        KeyError: the answer names an option the point does not have, or a rank answer is not
            an ordering of all the options.
    """
    chosen = _as_tuple(choice)
    by_id = {o.id: o for o in point.options}
    if unknown := [c for c in chosen if c not in by_id]:
        raise KeyError(f"{point.id} has no option(s) {unknown}")
    if point.kind == Kind.SINGLE:
        if len(chosen) != 1:
            raise KeyError(f"{point.id} takes exactly one option")
        option = by_id[chosen[0]]
        code = verdict_code(option)
        contested = option.verdict == Verdict.CONTESTED
        points: float = option_points(option, justification)
        items, critical = (explain(option, references),), option.critical
    elif point.kind == Kind.MULTI:
        points = multi_points(point, set(chosen))
        critical = any(by_id[c].critical for c in chosen)
        code, contested = graded_verdict(points, critical), False
        items = tuple(explain(o, references) for o in point.options)
    else:
        if sorted(chosen) != sorted(by_id):
            raise KeyError(f"{point.id}: a ranking must order every option exactly once")
        points, critical, contested = rank_points(point, chosen), False, False
        code = graded_verdict(points, critical)
        items = tuple(explain(o, references) for o in point.options)
    return Feedback(
        decision_point=point.id,
        kind=point.kind.value,
        choice=chosen,
        verdict=code,
        label=VERDICT_LABELS[code],
        points=points,
        max_points=MAX_POINTS,
        critical=critical,
        items=items,
        justified=_matches(option, justification) if contested else None,
    )


def next_point(point: DecisionPoint, option_id: str | None = None) -> str | None:
    """The decision point that follows this answer, or None when the case ends."""
    if isinstance(point.next, dict):
        return point.next.get(option_id or "")
    return point.next


def evaluate(
    case: Case,
    choices: Mapping[str, Choice],
    references: Mapping[str, Reference],
    justifications: Mapping[str, str] | None = None,
) -> CaseRun:
    """Walk the case from its first decision point, following the learner's choices.

    Args:
        choices: decision point id -> answer (see `feedback_for`); points not reached are ignored.
        justifications: decision point id -> justification id, for contested options.
    Returns:
        The run so far; `finished` is False if a reached decision point has no answer yet.
    """
    steps, current, seen = [], case.decision_points[0].id, set()
    while current is not None and current in choices and current not in seen:
        seen.add(current)  # a cycle in `next` cannot loop forever
        point = case.point(current)
        answer = choices[current]
        steps.append(feedback_for(point, answer, references, (justifications or {}).get(current)))
        current = next_point(point, answer if isinstance(answer, str) else None)
    return CaseRun(case=case.name, steps=tuple(steps), finished=current is None)
