"""Capstone rubric scoring (CURRICULUM §4.4) from `exercises/capstone/rubric.yaml`.

score = Σ weight × level / 4 (in percent of the total weight); pass when the score is at least
the minimum, every critical criterion is at the critical level or above, and no criterion is at
the lowest level. Failing the autograder checks caps C8 at level 2.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml


class RubricError(ValueError):
    """A rubric or a set of levels that cannot be used; the message names file and field."""


@dataclass(frozen=True)
class Criterion:
    id: str
    name: str
    weight: float
    critical: bool


@dataclass(frozen=True)
class Rubric:
    criteria: tuple[Criterion, ...]
    levels: dict[int, str]
    min_score_percent: float
    critical_min_level: int
    no_criterion_at: int
    cap_criterion: str
    cap_level: int

    @classmethod
    def load(cls, path: Path) -> Rubric:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        criteria = tuple(
            Criterion(c["id"], c["name"], float(c["weight"]), bool(c["critical"]))
            for c in data["criteria"]
        )
        total = sum(c.weight for c in criteria)
        if abs(total - 100) > 1e-9:
            raise RubricError(f"{path}: field criteria: weights add up to {total:g}, not 100")
        return cls(
            criteria=criteria,
            levels={int(k): v for k, v in data["levels"].items()},
            min_score_percent=float(data["pass_rule"]["min_score_percent"]),
            critical_min_level=int(data["pass_rule"]["critical_min_level"]),
            no_criterion_at=int(data["pass_rule"]["no_criterion_at"]),
            cap_criterion=data["autograder_cap"]["criterion"],
            cap_level=int(data["autograder_cap"]["max_level"]),
        )


@dataclass(frozen=True)
class RubricResult:
    levels: dict[str, int]  # after the autograder cap
    score_percent: float
    passed: bool
    failed_rules: tuple[str, ...]
    capped: bool


def score(rubric: Rubric, levels: dict[str, int], autograder_passed: bool) -> RubricResult:
    """Score an assessor's levels; raise RubricError for a missing or impossible level."""
    ids = [c.id for c in rubric.criteria]
    unknown = sorted(set(levels) - set(ids))
    missing = [i for i in ids if i not in levels]
    if unknown or missing:
        raise RubricError(f"levels: missing {missing or '-'}, unknown {unknown or '-'}")
    bad = [f"{i}={levels[i]}" for i in ids if levels[i] not in rubric.levels]
    if bad:
        raise RubricError(f"levels must be one of {sorted(rubric.levels)}: {', '.join(bad)}")
    final = dict(levels)
    capped = not autograder_passed and final[rubric.cap_criterion] > rubric.cap_level
    if capped:
        final[rubric.cap_criterion] = rubric.cap_level
    top = max(rubric.levels)
    percent = sum(c.weight * final[c.id] / top for c in rubric.criteria)
    failed = []
    if percent < rubric.min_score_percent:
        failed.append(f"score {percent:.1f}% below {rubric.min_score_percent:g}%")
    failed += [
        f"critical criterion {c.id} at level {final[c.id]} (needs {rubric.critical_min_level})"
        for c in rubric.criteria
        if c.critical and final[c.id] < rubric.critical_min_level
    ]
    failed += [
        f"{c.id} at level {rubric.no_criterion_at}"
        for c in rubric.criteria
        if final[c.id] == rubric.no_criterion_at
    ]
    return RubricResult(final, round(percent, 2), not failed, tuple(failed), capped)
