"""Do the renderers show exactly the engine's feedback, from the one case file?"""

from __future__ import annotations

from pathlib import Path

from sudjustice.cases import load_card, load_cases
from sudjustice.cases.engine import feedback_for
from sudjustice.cases.render.html import feedback_html, render_case_html
from sudjustice.cases.render.widget import case_widget
from sudjustice.paths import bibliography_path
from sudjustice.references import load_references

ROOT = Path(__file__).resolve().parents[2]
CASE = load_cases(ROOT)["c10-first-time-courier-nonuser"]
CARD = load_card(CASE.jurisdiction_card, ROOT)
REFERENCES = load_references(bibliography_path(ROOT))


def test_static_html_is_deterministic_and_complete():
    """Is the page the same every time, with every option's feedback embedded once?"""
    html = render_case_html(CASE, CARD, REFERENCES)
    assert html == render_case_html(CASE, CARD, REFERENCES)
    for point in CASE.decision_points:
        for option in point.options:
            assert html.count(f"id='c10-{point.id}-{option.id}'") == 1
            assert feedback_html(feedback_for(point, option.id, REFERENCES)) in html
    assert "<script" not in html  # behaviour lives in cases.js, not inline


def test_widget_reveals_feedback_and_the_next_decision():
    """Does the Jupyter widget show the same feedback and advance after a check?"""
    widget = case_widget(CASE, CARD, REFERENCES)
    first = widget.children[1]
    radio, button, output = first.children[1], first.children[2], first.children[3]
    radio.value = "a"
    button.click()
    assert output.value == feedback_html(feedback_for(CASE.decision_points[0], "a", REFERENCES))
    assert len(widget.children) == 3 and radio.disabled
