"""Render a case as an ipywidgets exercise for live Jupyter sessions.

Uses the same engine and the same feedback HTML as the static page, so the two cannot disagree.
"""

from __future__ import annotations

from collections.abc import Mapping
from html import escape

import ipywidgets as widgets

from sudjustice.cases.engine import feedback_for, next_point
from sudjustice.cases.model import Case, DecisionPoint, JurisdictionCard
from sudjustice.cases.render.html import card_html, feedback_html
from sudjustice.references import Reference


def _point_widget(
    point: DecisionPoint, references: Mapping[str, Reference], on_done
) -> widgets.VBox:
    choice = widgets.RadioButtons(
        options=[(o.text, o.id) for o in point.options],
        value=None,
        layout=widgets.Layout(width="auto"),
        style={"description_width": "0px"},
    )
    check = widgets.Button(description="Check my answer", button_style="primary")
    output = widgets.HTML()

    def _check(_button: widgets.Button) -> None:
        if choice.value is None:
            output.value = "<p>Choose an option first.</p>"
            return
        feedback = feedback_for(point, choice.value, references)
        output.value = feedback_html(feedback)
        choice.disabled = check.disabled = True
        on_done(feedback, next_point(point, choice.value))

    check.on_click(_check)
    return widgets.VBox([widgets.HTML(f"<b>{escape(point.prompt)}</b>"), choice, check, output])


def case_widget(
    case: Case, card: JurisdictionCard, references: Mapping[str, Reference]
) -> widgets.VBox:
    """An interactive case: each answered decision point reveals the next one."""
    header = widgets.HTML(
        f"<h3>{escape(case.title)}</h3><p>{escape(case.scenario)}</p>{card_html(card)}"
    )
    box = widgets.VBox([header])
    score = {"points": 0, "max": 0}

    def advance(feedback, next_id: str | None) -> None:
        score["points"] += feedback.points
        score["max"] += feedback.max_points
        if next_id is None:
            takeaways = "".join(f"<li>{escape(t)}</li>" for t in case.debrief.takeaways)
            box.children += (
                widgets.HTML(
                    f"<p><b>You scored {score['points']} of {score['max']} points.</b></p>"
                    f"<p>Common mistake: {escape(case.debrief.common_mistake)}</p>"
                    f"<ul>{takeaways}</ul>"
                ),
            )
        else:
            box.children += (_point_widget(case.point(next_id), references, advance),)

    box.children += (_point_widget(case.decision_points[0], references, advance),)
    return box
