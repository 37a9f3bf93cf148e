"""The decision engine: a learner's choices in, verdicts, reasons, sources and points out.

Pure functions only (no I/O): the renderers for the book, Jupyter and print all call these, so
feedback can never differ between them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from sudjustice.cases.model import Case, DecisionPoint, Option, Verdict
from sudjustice.references import Reference

POINTS = {Verdict.BEST: 2, Verdict.ACCEPTABLE: 1, Verdict.CONTESTED: 1, Verdict.NOT_DEFENSIBLE: 0}
MAX_POINTS = POINTS[Verdict.BEST]
VERDICT_LABELS = {
    "B": "Best",
    "A": "Acceptable",
    "C": "Contested",
    "X": "Not defensible",
    "X!": "Critical error",
}


@dataclass(frozen=True)
class CitedSource:
    key: str
    pin: str
    reference: str
    """Full one-line reference from the bibliography."""


@dataclass(frozen=True)
class Feedback:
    """What the learner is told about one choice at one decision point."""

    decision_point: str
    option: str
    verdict: str
    """B, A, C, X or X!"""
    label: str
    reason: str
    sources: tuple[CitedSource, ...]
    points: int
    max_points: int
    critical: bool


@dataclass(frozen=True)
class CaseRun:
    """The decision points a learner passed through, in order, with feedback for each."""

    case: str
    steps: tuple[Feedback, ...]
    finished: bool

    @property
    def points(self) -> int:
        return sum(step.points for step in self.steps)

    @property
    def max_points(self) -> int:
        return sum(step.max_points for step in self.steps)

    @property
    def critical_errors(self) -> int:
        return sum(step.critical for step in self.steps)


def verdict_code(option: Option) -> str:
    return "X!" if option.critical else option.verdict.value


def option_points(option: Option, justification: str | None = None) -> int:
    """Points on the §3.1 scale; a contested option scores only with a matching justification."""
    if option.verdict == Verdict.CONTESTED:
        return POINTS[Verdict.CONTESTED] if _matches(option, justification) else 0
    return POINTS[option.verdict]


def _matches(option: Option, justification: str | None) -> bool:
    return any(j.id == justification and j.matches for j in option.justifications)


def cite(option: Option, references: Mapping[str, Reference]) -> tuple[CitedSource, ...]:
    return tuple(CitedSource(s.key, s.pin, references[s.key].full) for s in option.sources)


def feedback_for(
    point: DecisionPoint,
    option_id: str,
    references: Mapping[str, Reference],
    justification: str | None = None,
) -> Feedback:
    """Feedback for choosing `option_id` at `point` (and, for C options, a justification)."""
    option = next((o for o in point.options if o.id == option_id), None)
    if option is None:
        raise KeyError(f"{point.id} has no option '{option_id}'")
    code = verdict_code(option)
    return Feedback(
        decision_point=point.id,
        option=option.id,
        verdict=code,
        label=VERDICT_LABELS[code],
        reason=option.why,
        sources=cite(option, references),
        points=option_points(option, justification),
        max_points=MAX_POINTS,
        critical=option.critical,
    )


def next_point(point: DecisionPoint, option_id: str) -> str | None:
    """The decision point that follows this choice, or None when the case ends."""
    if isinstance(point.next, dict):
        return point.next.get(option_id)
    return point.next


def evaluate(
    case: Case,
    choices: Mapping[str, str],
    references: Mapping[str, Reference],
    justifications: Mapping[str, str] | None = None,
) -> CaseRun:
    """Walk the case from its first decision point, following the learner's choices.

    Args:
        choices: decision point id -> chosen option id; points not reached are ignored.
        justifications: decision point id -> justification id, for contested options.
    Returns:
        The run so far; `finished` is False if a reached decision point has no choice yet.
    """
    steps, current, seen = [], case.decision_points[0].id, set()
    while current is not None and current in choices and current not in seen:
        seen.add(current)  # a cycle in `next` cannot loop forever
        point = case.point(current)
        steps.append(
            feedback_for(point, choices[current], references, (justifications or {}).get(current))
        )
        current = next_point(point, choices[current])
    return CaseRun(case=case.name, steps=tuple(steps), finished=current is None)
