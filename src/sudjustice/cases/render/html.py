"""Render a case as self-contained HTML that works in a plain browser with no kernel.

All feedback is computed here by the engine and written into the page, hidden; the small
`cases.js` only reveals the block for the learner's choice and moves to the next decision.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from html import escape

from sudjustice.cases.engine import MAX_POINTS, Feedback, feedback_for, next_point, option_points
from sudjustice.cases.model import Case, DecisionPoint, JurisdictionCard, Option
from sudjustice.references import Reference

ROLE_NAMES = {
    "P": "Police",
    "PR": "Prosecutors",
    "J": "Judges",
    "D": "Defence lawyers",
    "C": "Probation and prison staff",
    "H": "Health and social partners",
    "X": "Policy and coordination",
}
# Icons repeat the verdict in shape, so colour is never the only signal.
VERDICT_ICONS = {"B": "✔", "A": "◐", "C": "⚖", "X": "✖", "X!": "⚠"}


def feedback_html(feedback: Feedback) -> str:
    """The verdict, reason and cited sources for one choice (shared with the Jupyter widget)."""
    sources = "".join(
        f"<li><span class='sudj-pin'>{escape(s.pin)}</span> — {escape(s.reference)}</li>"
        for s in feedback.sources
    )
    points = f"{feedback.points} of {feedback.max_points} points"
    if feedback.verdict == "C":
        points = f"up to 1 of {feedback.max_points} points, with a matching justification"
    return (
        f"<p class='sudj-verdict sudj-verdict-{feedback.verdict.replace('!', 'crit')}'>"
        f"<span aria-hidden='true'>{VERDICT_ICONS[feedback.verdict]}</span> "
        f"<strong>{feedback.label}</strong> ({points})</p>"
        f"<p>{escape(feedback.reason)}</p>"
        f"<p class='sudj-sources-title'>Sources</p><ul class='sudj-sources'>{sources}</ul>"
    )


def card_html(card: JurisdictionCard) -> str:
    rows = "".join(f"<dt>{escape(f.feature)}</dt><dd>{escape(f.rule)}</dd>" for f in card.features)
    return (
        f"<details class='sudj-card'><summary>{escape(card.name)}: {escape(card.summary)}"
        f"</summary><dl>{rows}</dl></details>"
    )


def _option_html(case: Case, point: DecisionPoint, option: Option) -> str:
    field_id = f"{case.id}-{point.id}-{option.id}"
    return (
        f"<div class='sudj-option'><input type='radio' name='{case.id}-{point.id}' "
        f"id='{field_id}' value='{option.id}' "
        f"data-next='{json.dumps(next_point(point, option.id))}' "
        f"data-points='{option_points(option)}' data-verdict='{option.verdict.value}'>"
        f"<label for='{field_id}'>{escape(option.text)}</label></div>"
    )


def _justification_html(case: Case, point: DecisionPoint, option: Option) -> str:
    choices = "".join(
        f"<div class='sudj-option'><input type='radio' name='{case.id}-{point.id}-{option.id}-why' "
        f"id='{case.id}-{point.id}-{option.id}-{j.id}' value='{j.id}' "
        f"data-points='{option_points(option, j.id)}'>"
        f"<label for='{case.id}-{point.id}-{option.id}-{j.id}'>{escape(j.text)}</label></div>"
        for j in option.justifications
    )
    return (
        f"<fieldset class='sudj-justify' data-for='{option.id}' hidden>"
        f"<legend>This choice is contested. Which justification do you rely on?</legend>"
        f"{choices}</fieldset>"
    )


def _point_html(
    case: Case, index: int, point: DecisionPoint, references: Mapping[str, Reference]
) -> str:
    options = "".join(_option_html(case, point, o) for o in point.options)
    justify = "".join(
        _justification_html(case, point, o) for o in point.options if o.justifications
    )
    feedback = "".join(
        f"<div class='sudj-fb' data-option='{o.id}' hidden>"
        f"{feedback_html(feedback_for(point, o.id, references))}</div>"
        for o in point.options
    )
    hidden = "" if index == 0 else " hidden"
    return (
        f"<form class='sudj-dp' data-dp='{point.id}' data-max-points='{MAX_POINTS}'{hidden}>"
        f"<fieldset><legend>{escape(point.prompt)}</legend>{options}</fieldset>{justify}"
        f"<button type='submit' class='sudj-check'>Check my answer</button>"
        f"<div class='sudj-feedback' aria-live='polite'>{feedback}</div></form>"
    )


def render_case_html(
    case: Case, card: JurisdictionCard, references: Mapping[str, Reference]
) -> str:
    """Return the case's HTML; same inputs, same bytes."""
    roles = ", ".join(ROLE_NAMES[r] for r in (case.role, *case.alt_roles))
    stage = case.stage.value.replace("_", " ")
    points = "".join(
        _point_html(case, i, dp, references) for i, dp in enumerate(case.decision_points)
    )
    takeaways = "".join(f"<li>{escape(t)}</li>" for t in case.debrief.takeaways)
    return (
        f"<section class='sudj-case' id='case-{case.id}' data-case='{case.id}' "
        f"aria-labelledby='case-{case.id}-title'>"
        f"<p class='sudj-case-meta'>Case {case.id} · {escape(roles)} · {escape(stage)} · "
        f"{escape(card.name)}</p>"
        f"<h3 id='case-{case.id}-title' class='sudj-case-title'>{escape(case.title)}</h3>"
        f"<p class='sudj-scenario'>{escape(case.scenario)}</p>{card_html(card)}{points}"
        f"<div class='sudj-debrief' hidden><p class='sudj-score' aria-live='polite'></p>"
        f"<p><strong>Common mistake:</strong> {escape(case.debrief.common_mistake)}</p>"
        f"<p><strong>Take-aways</strong></p><ul>{takeaways}</ul>"
        f"<button type='button' class='sudj-restart'>Try the case again</button></div>"
        f"<noscript><p>This exercise needs JavaScript to reveal feedback.</p></noscript>"
        f"</section>"
    )
