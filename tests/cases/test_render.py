"""Do the renderers show exactly the engine's feedback, from the one case file?"""

from __future__ import annotations

import re

import pytest
from conftest import ROOT, all_cases

from sudjustice.cases import load_card
from sudjustice.cases.engine import feedback_for
from sudjustice.cases.model import Kind, Verdict
from sudjustice.cases.render.html import feedback_html, render_case_html
from sudjustice.cases.render.widget import _point_widget, case_widget

CASES = all_cases()


def _answers(point):
    """Every answer worth checking at a point: each option, each justification, key orders."""
    if point.kind == Kind.SINGLE:
        for option in point.options:
            justifications = [j.id for j in option.justifications] or [None]
            for justification in justifications:
                yield option.id, justification
    elif point.kind == Kind.MULTI:
        yield [o.id for o in point.options if o.verdict == Verdict.BEST], None
        yield [o.id for o in point.options], None
        yield [], None
    else:
        yield [o.id for o in point.options], None


def _answer_widget(widget, point, choice, justification) -> str:
    controls, check, output = widget.children[1:-2], widget.children[-2], widget.children[-1]
    if point.kind == Kind.SINGLE:
        controls[0].value = choice
        if justification:
            controls[1].value = justification
    elif point.kind == Kind.MULTI:
        for box, option in zip(controls, point.options, strict=True):
            box.value = option.id in choice
    else:
        shown = [row.children[1].value for row in controls]
        for row, text in zip(controls, shown, strict=True):
            place = [o.text for o in point.options].index(text.replace("&#x27;", "'")) + 1
            row.children[0].value = place
    check.click()
    return output.value


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_widget_and_static_page_give_identical_feedback(case, references):
    """For every answer at every point, do the widget and the page show the same feedback?"""
    card = load_card(case.jurisdiction_card, ROOT)
    page = render_case_html(case, card, references)
    assert page == render_case_html(case, card, references)  # same inputs, same bytes
    for point in case.decision_points:
        for choice, justification in _answers(point):
            expected = feedback_html(feedback_for(point, choice, references, justification))
            widget = _point_widget(case, point, references, lambda *_: None)
            assert _answer_widget(widget, point, choice, justification) == expected
            if point.kind == Kind.SINGLE:
                assert expected in page
            else:  # the page composes summary + items blocks from the same pieces
                summary, items = expected.split("</p>", 1)
                assert summary + "</p>" in page and items in page


def test_page_has_no_inline_script_and_reads_without_javascript(fixture_case, card_b, references):
    """Is behaviour kept out of the page, with every decision and the debrief readable?"""
    page = render_case_html(fixture_case, card_b, references)
    assert "<script" not in page
    assert not re.search(r"<form[^>]*\bhidden", page)  # cases.js, not the page, hides points
    assert "<details class='sudj-debrief'>" in page and "<noscript>" in page
    for point in fixture_case.decision_points:
        assert f"data-dp='{point.id}'" in page


def test_widget_walks_the_case_to_the_debrief(fixture_case, card_b, references):
    """Does the widget follow the branch and end with the score?"""
    widget = case_widget(fixture_case, card_b, references)
    first = widget.children[1]
    first.children[1].value = "c"  # critical option, branches to dp3
    first.children[-2].click()
    assert len(widget.children) == 3
    assert "Put the first steps in order" in widget.children[2].children[0].value
