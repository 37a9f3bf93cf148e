"""Render a case as an ipywidgets exercise for live Jupyter sessions.

Uses the same engine and the same feedback HTML as the static page, so the two cannot disagree.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from html import escape

import ipywidgets as widgets

from sudjustice.cases.engine import Feedback, feedback_for, next_point
from sudjustice.cases.model import Case, DecisionPoint, JurisdictionCard, Kind, Verdict
from sudjustice.cases.render.html import KIND_HINTS, card_html, display_order, feedback_html
from sudjustice.references import Reference

OnAnswer = Callable[[Feedback, str | None], None]


def _single_controls(point: DecisionPoint):
    choice = widgets.RadioButtons(options=[(o.text, o.id) for o in point.options], value=None)
    choice.layout.width = "auto"
    justification = widgets.RadioButtons(options=[], value=None, description="")
    justification.layout.display = "none"
    contested = {o.id: o for o in point.options if o.verdict == Verdict.CONTESTED}

    def _show_justifications(change) -> None:
        option = contested.get(change["new"])
        justification.options = [(j.text, j.id) for j in option.justifications] if option else []
        justification.value = None
        justification.layout.display = "" if option else "none"

    choice.observe(_show_justifications, names="value")

    def answer():
        if choice.value is None:
            return "Choose an option first."
        if choice.value in contested and justification.value is None:
            return "Choose the justification you rely on first."
        return choice.value, justification.value

    return [choice, justification], answer


def _multi_controls(point: DecisionPoint):
    boxes = [widgets.Checkbox(description=o.text, indent=False) for o in point.options]
    for box in boxes:
        box.layout.width = "auto"

    def answer():
        return [o.id for o, box in zip(point.options, boxes, strict=True) if box.value], None

    return boxes, answer


def _rank_controls(case: Case, point: DecisionPoint):
    places = [("–", None)] + [(str(n), n) for n in range(1, len(point.options) + 1)]
    shown = display_order(case, point)
    selects = [widgets.Dropdown(options=places, description="", value=None) for _ in shown]
    rows = [
        widgets.HBox([select, widgets.HTML(escape(o.text))])
        for select, o in zip(selects, shown, strict=True)
    ]

    def answer():
        chosen = [s.value for s in selects]
        if None in chosen or len(set(chosen)) != len(chosen):
            return "Give every step a different place first."
        return [o.id for _, o in sorted(zip(chosen, shown, strict=True), key=lambda p: p[0])], None

    return rows, answer


def _point_widget(
    case: Case, point: DecisionPoint, references: Mapping[str, Reference], on_answer: OnAnswer
) -> widgets.VBox:
    if point.kind == Kind.SINGLE:
        controls, answer = _single_controls(point)
    elif point.kind == Kind.MULTI:
        controls, answer = _multi_controls(point)
    else:
        controls, answer = _rank_controls(case, point)
    check = widgets.Button(description="Check my answer", button_style="primary")
    output = widgets.HTML()

    def _check(_button: widgets.Button) -> None:
        given = answer()
        if isinstance(given, str):
            output.value = f"<p>{given}</p>"
            return
        choice, justification = given
        feedback = feedback_for(point, choice, references, justification)
        output.value = feedback_html(feedback)
        for control in [*controls, check]:
            control.disabled = True
        on_answer(feedback, next_point(point, choice if isinstance(choice, str) else None))

    check.on_click(_check)
    hint = KIND_HINTS[point.kind]
    header = widgets.HTML(f"<b>{escape(point.prompt)}</b>" + (f" <i>{hint}</i>" if hint else ""))
    return widgets.VBox([header, *controls, check, output])


def case_widget(
    case: Case, card: JurisdictionCard, references: Mapping[str, Reference]
) -> widgets.VBox:
    """An interactive case: each answered decision point reveals the next one."""
    header = widgets.HTML(
        f"<h3>{escape(case.title)}</h3><p>{escape(case.scenario)}</p>{card_html(card)}"
    )
    box = widgets.VBox([header])
    score = {"points": 0.0, "max": 0}

    def on_answer(feedback: Feedback, next_id: str | None) -> None:
        score["points"] += feedback.points
        score["max"] += feedback.max_points
        if next_id is None:
            takeaways = "".join(f"<li>{escape(t)}</li>" for t in case.debrief.takeaways)
            box.children += (
                widgets.HTML(
                    f"<p><b>You scored {round(score['points'], 2):g} of {score['max']} points."
                    f"</b></p><p>Common mistake: {escape(case.debrief.common_mistake)}</p>"
                    f"<ul>{takeaways}</ul>"
                ),
            )
        else:
            box.children += (_point_widget(case, case.point(next_id), references, on_answer),)

    box.children += (_point_widget(case, case.decision_points[0], references, on_answer),)
    return box
