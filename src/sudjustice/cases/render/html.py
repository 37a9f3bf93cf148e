"""Render a case as self-contained HTML that works in a plain browser with no kernel.

Every feedback block a learner can see is computed here by the engine and written into the page,
hidden; the small `cases.js` only scores the answer with the engine's rules, reveals the block
for it and moves on. With JavaScript off, the page still reads as a case study: the debrief sits
behind a disclosure.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from html import escape
from itertools import product

from sudjustice.cases.engine import (
    MAX_POINTS,
    VERDICT_LABELS,
    Feedback,
    OptionFeedback,
    feedback_for,
    graded_verdict,
    next_point,
)
from sudjustice.cases.model import Case, DecisionPoint, JurisdictionCard, Kind, Option, Verdict
from sudjustice.ordering import scrambled
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
MULTI_ITEM_LABELS = {
    "B": "Should be selected",
    "A": "Defensible either way",
    "X": "Should not be selected",
    "X!": "Should not be selected: a critical error",
}
KIND_HINTS = {
    Kind.SINGLE: "",
    Kind.MULTI: "Select all that apply.",
    Kind.RANK: "Give each step its place in the order (1 = first).",
}


def points_text(points: float) -> str:
    """'2', '1', '0.67': the same text cases.js writes."""
    return f"{points:g}"


def summary_html(verdict: str, points: float, justified: bool | None = None) -> str:
    """The verdict line: icon, word and points."""
    detail = f"{points_text(points)} of {MAX_POINTS} points"
    if justified is not None:
        detail += (
            ", with a justification that carries the point"
            if justified
            else ": contested, and that justification does not carry the point"
        )
    return (
        f"<p class='sudj-verdict sudj-verdict-{verdict.replace('!', 'crit')}'>"
        f"<span aria-hidden='true'>{VERDICT_ICONS[verdict]}</span> "
        f"<strong>{VERDICT_LABELS[verdict]}</strong> ({detail})</p>"
    )


def item_html(item: OptionFeedback, kind: str, position: int) -> str:
    """The reason and sources for one option; multi and rank items also say what was right."""
    sources = "".join(
        f"<li><span class='sudj-pin'>{escape(s.pin)}</span> — {escape(s.reference)}</li>"
        for s in item.sources
    )
    header = ""
    if kind == Kind.MULTI:
        header = (
            f"<p class='sudj-item-head'><span aria-hidden='true'>{VERDICT_ICONS[item.verdict]}"
            f"</span> <strong>{MULTI_ITEM_LABELS[item.verdict]}:</strong> {escape(item.text)}</p>"
        )
    elif kind == Kind.RANK:
        header = (
            f"<p class='sudj-item-head'><strong>Step {position}:</strong> {escape(item.text)}</p>"
        )
    return (
        f"<div class='sudj-item' data-option='{item.option}'>{header}"
        f"<p>{escape(item.reason)}</p>"
        f"<p class='sudj-sources-title'>Sources</p><ul class='sudj-sources'>{sources}</ul></div>"
    )


def items_html(feedback: Feedback) -> str:
    return "".join(item_html(i, feedback.kind, n) for n, i in enumerate(feedback.items, 1))


def feedback_html(feedback: Feedback) -> str:
    """Everything the learner is shown for an answer (shared with the Jupyter widget)."""
    return summary_html(feedback.verdict, feedback.points, feedback.justified) + items_html(
        feedback
    )


def card_html(card: JurisdictionCard) -> str:
    rows = "".join(f"<dt>{escape(f.feature)}</dt><dd>{escape(f.rule)}</dd>" for f in card.features)
    return (
        f"<details class='sudj-card'><summary>{escape(card.name)}: {escape(card.summary)}"
        f"</summary><dl>{rows}</dl></details>"
    )


def _block(key: str, body: str, feedback: Feedback | None = None) -> str:
    """A hidden feedback block; those for a whole answer carry its points and critical flag."""
    scored = (
        f" data-points='{points_text(feedback.points)}' data-critical='{str(feedback.critical).lower()}'"
        if feedback
        else ""
    )
    return f"<div class='sudj-fb' data-key='{escape(key)}'{scored} hidden>{body}</div>"


def _input(case: Case, point: DecisionPoint, option: Option, kind: str, extra: str) -> str:
    field_id = f"{case.id}-{point.id}-{option.id}"
    return (
        f"<div class='sudj-option'><input type='{kind}' name='{case.id}-{point.id}' "
        f"id='{field_id}' value='{option.id}' {extra}>"
        f"<label for='{field_id}'>{escape(option.text)}</label></div>"
    )


def _single(case: Case, point: DecisionPoint, refs: Mapping[str, Reference]) -> tuple[str, str]:
    inputs, blocks, justify = [], [], []
    for option in point.options:
        contested = option.verdict == Verdict.CONTESTED
        extra = f"data-next='{json.dumps(next_point(point, option.id))}'" + (
            " data-justify='true'" if contested else ""
        )
        inputs.append(_input(case, point, option, "radio", extra))
        if not contested:
            feedback = feedback_for(point, option.id, refs)
            blocks.append(_block(option.id, feedback_html(feedback), feedback))
            continue
        justify.append(_justifications(case, point, option))
        for j in option.justifications:
            feedback = feedback_for(point, option.id, refs, j.id)
            blocks.append(_block(f"{option.id}/{j.id}", feedback_html(feedback), feedback))
    return "".join(inputs) + "</fieldset>" + "".join(justify), "".join(blocks)


def _justifications(case: Case, point: DecisionPoint, option: Option) -> str:
    name = f"{case.id}-{point.id}-{option.id}-why"
    choices = "".join(
        f"<div class='sudj-option'><input type='radio' name='{name}' id='{name}-{j.id}' "
        f"value='{j.id}'><label for='{name}-{j.id}'>{escape(j.text)}</label></div>"
        for j in option.justifications
    )
    return (
        f"<fieldset class='sudj-justify' data-for='{option.id}' hidden>"
        f"<legend>This choice is contested. Which justification do you rely on?</legend>"
        f"{choices}</fieldset>"
    )


def _multi(case: Case, point: DecisionPoint, refs: Mapping[str, Reference]) -> tuple[str, str]:
    inputs = "".join(
        _input(
            case,
            point,
            o,
            "checkbox",
            f"data-verdict='{o.verdict.value}' data-critical='{str(o.critical).lower()}'",
        )
        for o in point.options
    )
    best = sum(o.verdict == Verdict.BEST for o in point.options)
    wrong = sum(o.verdict == Verdict.NOT_DEFENSIBLE for o in point.options)
    can_be_critical = [False, True] if any(o.critical for o in point.options) else [False]
    outcomes = {
        (round(MAX_POINTS * max(0, r - w) / best, 2), critical)
        for r, w, critical in product(range(best + 1), range(wrong + 1), can_be_critical)
    }
    summaries = "".join(
        _block(f"{points_text(p)}|{graded_verdict(p, c)}", summary_html(graded_verdict(p, c), p))
        for p, c in sorted(outcomes)
    )
    items = items_html(feedback_for(point, [], refs))
    return inputs + "</fieldset>", summaries + _block("items", items)


def display_order(case: Case, point: DecisionPoint) -> list[Option]:
    """The steps in a fixed scrambled order (the file lists them in the right order)."""
    return scrambled(point.options, lambda option: f"{case.id}/{point.id}/{option.id}")


def _rank(case: Case, point: DecisionPoint, refs: Mapping[str, Reference]) -> tuple[str, str]:
    places = "".join(f"<option value='{n}'>{n}</option>" for n in range(1, len(point.options) + 1))
    rows = "".join(
        f"<div class='sudj-option sudj-rank'><select id='{case.id}-{point.id}-{o.id}' "
        f"data-option='{o.id}'><option value=''>–</option>{places}</select>"
        f"<label for='{case.id}-{point.id}-{o.id}'>{escape(o.text)}</label></div>"
        for o in display_order(case, point)
    )
    order = [o.id for o in point.options]
    summaries = "".join(
        _block(f"{p}|{graded_verdict(p, False)}", summary_html(graded_verdict(p, False), p))
        for p in (MAX_POINTS, 1, 0)
    )
    items = items_html(feedback_for(point, order, refs))
    return rows + "</fieldset>", summaries + _block("items", items)


RENDERERS = {Kind.SINGLE: _single, Kind.MULTI: _multi, Kind.RANK: _rank}


def _point_html(case: Case, point: DecisionPoint, references: Mapping[str, Reference]) -> str:
    """One decision point; all are visible without JavaScript, cases.js reveals them in turn."""
    controls, blocks = RENDERERS[point.kind](case, point, references)
    hint = KIND_HINTS[point.kind]
    hint_html = f"<p class='sudj-kind-hint'>{hint}</p>" if hint else ""
    after = "" if isinstance(point.next, dict) else f" data-next='{json.dumps(point.next)}'"
    return (
        f"<form class='sudj-dp' data-dp='{point.id}' data-kind='{point.kind.value}' "
        f"data-max-points='{MAX_POINTS}'{after}>"
        f"<fieldset><legend>{escape(point.prompt)}</legend>{hint_html}{controls}"
        f"<button type='submit' class='sudj-check'>Check my answer</button>"
        f"<div class='sudj-feedback' aria-live='polite'>{blocks}</div></form>"
    )


def case_meta(case: Case, card: JurisdictionCard) -> str:
    roles = ", ".join(ROLE_NAMES[r] for r in (case.role, *case.alt_roles))
    stage = case.stage.value.replace("_", " ")
    return f"Case {case.id} · {roles} · {stage} · {card.name}"


def render_case_html(
    case: Case, card: JurisdictionCard, references: Mapping[str, Reference]
) -> str:
    """Return the case's HTML; same inputs, same bytes."""
    points = "".join(_point_html(case, dp, references) for dp in case.decision_points)
    takeaways = "".join(f"<li>{escape(t)}</li>" for t in case.debrief.takeaways)
    return (
        f"<section class='sudj-case' id='case-{case.id}' data-case='{case.id}' "
        f"aria-labelledby='case-{case.id}-title'>"
        f"<p class='sudj-case-meta'>{escape(case_meta(case, card))}</p>"
        f"<h3 id='case-{case.id}-title' class='sudj-case-title'>{escape(case.title)}</h3>"
        f"<p class='sudj-scenario'>{escape(case.scenario)}</p>{card_html(card)}"
        f"<noscript><p>Your browser is not running JavaScript, so answers cannot be checked "
        f"here. Read the decisions below, decide for yourself, then open the debrief.</p>"
        f"</noscript>{points}"
        f"<details class='sudj-debrief'><summary>Debrief</summary>"
        f"<p class='sudj-score' aria-live='polite'></p>"
        f"<p><strong>Common mistake:</strong> {escape(case.debrief.common_mistake)}</p>"
        f"<p><strong>Take-aways</strong></p><ul>{takeaways}</ul>"
        f"<button type='button' class='sudj-restart'>Try the case again</button></details>"
        f"</section>"
    )
