"""Does the decision engine score, cite and branch correctly on every case?"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sudjustice.cases import evaluate, feedback_for, load_cases
from sudjustice.cases.engine import MAX_POINTS, next_point, option_points
from sudjustice.cases.model import Case, Justification, Option, SourceRef, Verdict
from sudjustice.paths import bibliography_path
from sudjustice.references import load_references

ROOT = Path(__file__).resolve().parents[2]
CASES = load_cases(ROOT)
REFERENCES = load_references(bibliography_path(ROOT))


def _option(verdict: str, critical: bool = False, justifications=()) -> Option:
    return Option(
        id="a",
        text="t",
        verdict=verdict,
        critical=critical,
        why="w",
        sources=[SourceRef(key="tokyo1990", pin="r. 8.2")],
        justifications=list(justifications),
    )


@pytest.mark.parametrize(("verdict", "points"), [("B", 2), ("A", 1), ("X", 0)])
def test_points_follow_the_verdict_scale(verdict, points):
    """Do B, A and X earn 2, 1 and 0 points?"""
    assert option_points(_option(verdict)) == points


def test_contested_option_scores_only_with_the_matching_justification():
    """Does a C option earn its point only with the justification that matches?"""
    option = _option(
        "C",
        justifications=[
            Justification(id="law", text="allowed by law", matches=True),
            Justification(id="habit", text="we always do", matches=False),
        ],
    )
    assert option_points(option, "law") == 1
    assert option_points(option, "habit") == 0
    assert option_points(option, None) == 0


def test_feedback_resolves_sources_to_full_references():
    """Does feedback carry the pinpoint and the full reference from references.bib?"""
    case = CASES["c10-first-time-courier-nonuser"]
    feedback = feedback_for(case.decision_points[0], "a", REFERENCES)
    assert feedback.verdict == "B" and feedback.points == MAX_POINTS
    assert feedback.sources[0].pin.startswith("art. 3(1)")
    assert "1988" in feedback.sources[0].reference


def test_unknown_option_is_an_error():
    """Is a choice that is not an option refused rather than scored?"""
    case = CASES["c10-first-time-courier-nonuser"]
    with pytest.raises(KeyError):
        feedback_for(case.decision_points[0], "zz", REFERENCES)


def test_critical_error_is_flagged():
    """Is an X option marked critical reported as X! with zero points?"""
    option = _option("X", critical=True)
    assert option_points(option) == 0 and option.verdict == Verdict.NOT_DEFENSIBLE


@st.composite
def case_and_choices(draw) -> tuple[Case, dict[str, str]]:
    case = draw(st.sampled_from(list(CASES.values())))
    choices = {
        dp.id: draw(st.sampled_from([o.id for o in dp.options])) for dp in case.decision_points
    }
    return case, choices


@settings(max_examples=200, deadline=None)
@given(case_and_choices())
def test_every_path_ends_within_bounds(drawn):
    """Whatever a learner picks, does the run end, visit each point once and stay in bounds?"""
    case, choices = drawn
    run = evaluate(case, choices, REFERENCES)
    visited = [step.decision_point for step in run.steps]
    assert run.finished
    assert len(visited) == len(set(visited)) <= len(case.decision_points)
    assert 0 <= run.points <= run.max_points == MAX_POINTS * len(visited)
    assert all(step.sources for step in run.steps)


@pytest.mark.parametrize("case", CASES.values(), ids=list(CASES))
def test_every_option_is_reachable(case: Case):
    """Can the learner reach every decision point of the case by some path?"""
    reachable, frontier = set(), [case.decision_points[0].id]
    while frontier:
        current = frontier.pop()
        if current in reachable:
            continue
        reachable.add(current)
        point = case.point(current)
        frontier += [n for o in point.options if (n := next_point(point, o.id))]
    assert reachable == {dp.id for dp in case.decision_points}
