"""One record per learner from a grading batch, and how it is shown to an instructor."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from enum import StrEnum


class GradingStatus(StrEnum):
    """What happened to one learner's submission."""

    GRADED = "graded"
    # Graded, but nbgrader had to put back cells the learner was not allowed to change.
    GRADED_WITH_REPAIRS = "graded_with_repairs"
    # The score is provisional until an instructor grades some answers by hand.
    NEEDS_MANUAL_GRADING = "needs_manual_grading"
    # No score: the submission could not be run (see the messages for why).
    NOT_GRADABLE = "not_gradable"


@dataclass(frozen=True)
class GradingResult:
    """The outcome for one learner; `score` is None whenever there is no grade to report."""

    student_id: str
    status: GradingStatus
    score: float | None
    max_score: float | None
    messages: tuple[str, ...] = ()


def graded_status(*, needs_manual_grade: bool, repaired: bool) -> GradingStatus:
    """Status of a submission nbgrader did grade.

    Manual grading wins over repairs: until it is done, the score itself is not final.
    """
    if needs_manual_grade:
        return GradingStatus.NEEDS_MANUAL_GRADING
    if repaired:
        return GradingStatus.GRADED_WITH_REPAIRS
    return GradingStatus.GRADED


def not_gradable(student_id: str, *messages: str) -> GradingResult:
    """A learner who gets no score, with the reasons an instructor needs to follow up."""
    return GradingResult(student_id, GradingStatus.NOT_GRADABLE, None, None, messages)


def format_score(score: float | None, max_score: float | None) -> str:
    if score is None or max_score is None:
        return "-"
    return f"{score:g}/{max_score:g}"


def results_table(results: Sequence[GradingResult]) -> str:
    """A plain-text table, one row per learner, messages joined on the same row."""
    header = ("learner", "status", "score", "messages")
    rows = [header] + [
        (
            result.student_id,
            str(result.status),
            format_score(result.score, result.max_score),
            "; ".join(result.messages),
        )
        for result in results
    ]
    widths = [max(len(row[column]) for row in rows) for column in range(len(header) - 1)]
    return "\n".join(
        "  ".join([*map(str.ljust, row[:-1], widths), row[-1]]).rstrip() for row in rows
    )


def results_json(results: Sequence[GradingResult]) -> str:
    """Machine-readable results: a list of objects with the dataclass's field names."""
    return json.dumps([asdict(result) for result in results], indent=2)
