"""Does the decision engine score, cite and branch correctly on every case?"""

from __future__ import annotations

import pytest
from conftest import all_cases
from hypothesis import given, settings
from hypothesis import strategies as st

from sudjustice.cases import evaluate, feedback_for
from sudjustice.cases.engine import MAX_POINTS, next_point
from sudjustice.cases.model import Case, Kind, Verdict

CASES = all_cases()


def test_single_choice_follows_the_verdict_scale(fixture_case, references):
    """Do B and critical X earn 2 and 0, with X! flagged?"""
    point = fixture_case.point("dp1")
    assert feedback_for(point, "a", references).points == 2
    critical = feedback_for(point, "c", references)
    assert (critical.verdict, critical.points, critical.critical) == ("X!", 0, True)


def test_contested_option_scores_only_with_the_matching_justification(fixture_case, references):
    """Does a C option earn its point only with the justification that matches?"""
    point = fixture_case.point("dp1")
    matching = feedback_for(point, "b", references, "law")
    other = feedback_for(point, "b", references, "speed")
    missing = feedback_for(point, "b", references)
    assert (matching.points, matching.justified) == (1, True)
    assert (other.points, other.justified) == (0, False)
    assert missing.points == 0 and matching.verdict == "C"


@pytest.mark.parametrize(
    ("selected", "points", "verdict"),
    [
        (["a", "b"], 2, "B"),
        (["a", "b", "c"], 2, "B"),  # A options are defensible either way
        (["a"], 1, "A"),
        (["a", "d"], 0, "X!"),  # a critical option selected
        ([], 0, "X"),
    ],
)
def test_multi_select_partial_credit(fixture_case, references, selected, points, verdict):
    """Is a multi answer scored 2 × (right − wrong) / B options, floor 0, with X! flagged?"""
    feedback = feedback_for(fixture_case.point("dp2"), selected, references)
    assert (feedback.points, feedback.verdict) == (points, verdict)
    assert [i.option for i in feedback.items] == ["a", "b", "c", "d"]


@pytest.mark.parametrize(
    ("order", "points"),
    [("abcd", 2), ("bacd", 1), ("abdc", 1), ("acbd", 1), ("cbad", 0), ("dcba", 0)],
)
def test_rank_exact_or_one_neighbour_swap(fixture_case, references, order, points):
    """Does a ranking earn 2 when exact, 1 for one swap of neighbours, else 0?"""
    assert feedback_for(fixture_case.point("dp3"), list(order), references).points == points


def test_invalid_answers_are_refused(fixture_case, references):
    """Is an answer naming unknown options, or an incomplete ranking, refused?"""
    with pytest.raises(KeyError):
        feedback_for(fixture_case.point("dp1"), "zz", references)
    with pytest.raises(KeyError):
        feedback_for(fixture_case.point("dp3"), ["a", "b"], references)


def test_feedback_resolves_sources_to_full_references(fixture_case, references):
    """Does feedback carry the pinpoint and the full reference from references.bib?"""
    [item] = feedback_for(fixture_case.point("dp1"), "a", references).items
    assert item.sources[0].pin == "r. 3.4"
    assert "Tokyo Rules" in item.sources[0].reference


def test_branching_follows_the_choice(fixture_case, references):
    """Does a critical choice at dp1 skip straight to dp3?"""
    run = evaluate(fixture_case, {"dp1": "c", "dp2": ["a"], "dp3": list("abcd")}, references)
    assert [s.decision_point for s in run.steps] == ["dp1", "dp3"]
    assert run.finished and run.critical_errors == 1


def _answers(point, draw):
    ids = [o.id for o in point.options]
    if point.kind == Kind.SINGLE:
        return draw(st.sampled_from(ids))
    if point.kind == Kind.MULTI:
        return draw(st.lists(st.sampled_from(ids), unique=True))
    return draw(st.permutations(ids))


@st.composite
def runs(draw) -> tuple[Case, dict, dict]:
    case = draw(st.sampled_from(CASES))
    choices = {dp.id: _answers(dp, draw) for dp in case.decision_points}
    justifications = {
        dp.id: draw(st.sampled_from([j.id for j in o.justifications]))
        for dp in case.decision_points
        for o in dp.options
        if o.verdict == Verdict.CONTESTED and choices[dp.id] == o.id
    }
    return case, choices, justifications


@settings(max_examples=300, deadline=None)
@given(drawn=runs())
def test_every_path_ends_within_bounds(drawn, references):
    """Whatever a learner answers, does the run end, visit each point once and stay in bounds?"""
    case, choices, justifications = drawn
    run = evaluate(case, choices, references, justifications)
    visited = [step.decision_point for step in run.steps]
    assert run.finished
    assert len(visited) == len(set(visited)) <= len(case.decision_points)
    assert 0 <= run.points <= run.max_points == MAX_POINTS * len(visited)
    for step in run.steps:
        assert all(item.sources for item in step.items)
        if step.verdict == "C":  # contested credit only with the matching justification
            assert (step.points > 0) == bool(step.justified)


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
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
