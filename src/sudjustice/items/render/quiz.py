"""Render a formative bank as a kernel-free quiz: answers are checked in the browser, with the
rationale for every option shown after each attempt, and attempts are unlimited.

Summative banks are refused: nothing summative is ever rendered into the book.
"""

from __future__ import annotations

from collections.abc import Mapping
from html import escape

from sudjustice.items.model import Bank, Item, ItemType
from sudjustice.ordering import scrambled
from sudjustice.references import Reference


def _shuffled(item: Item, labels: list[str]) -> list[str]:
    return scrambled(labels, lambda text: f"{item.id}/{text}")


def _sources(item: Item, references: Mapping[str, Reference]) -> str:
    listed = "".join(
        f"<li><span class='sudj-pin'>{escape(s.pin)}</span> — {escape(references[s.key].full)}</li>"
        for s in item.sources
    )
    return f"<p class='sudj-sources-title'>Sources</p><ul class='sudj-sources'>{listed}</ul>"


def _choice_controls(item: Item) -> tuple[str, str]:
    kind = "radio" if item.type == ItemType.SC else "checkbox"
    controls = "".join(
        f"<div class='sudj-option'><input type='{kind}' name='{item.id}' id='{item.id}-{o.id}' "
        f"value='{o.id}' data-correct='{str(o.correct).lower()}'>"
        f"<label for='{item.id}-{o.id}'>{escape(o.text)}</label></div>"
        for o in item.options
    )
    rationales = "".join(
        f"<div class='sudj-rat' data-option='{o.id}'><p><strong>"
        f"{'✔ Correct' if o.correct else '✖ Incorrect'}:</strong> {escape(o.text)}</p>"
        f"<p>{escape(o.rationale)}</p></div>"
        for o in item.options
    )
    return controls, rationales


def _matching_controls(item: Item) -> tuple[str, str]:
    rights = _shuffled(item, [p.right for p in item.pairs])
    choices = "<option value=''>–</option>" + "".join(
        f"<option value='{escape(r)}'>{escape(r)}</option>" for r in rights
    )
    controls = "".join(
        f"<div class='sudj-option sudj-match'><label for='{item.id}-{n}'>{escape(p.left)}</label>"
        f"<select id='{item.id}-{n}' data-right='{escape(p.right)}'>{choices}</select></div>"
        for n, p in enumerate(item.pairs)
    )
    rationales = "".join(
        f"<div class='sudj-rat'><p><strong>{escape(p.left)}</strong> → {escape(p.right)}</p>"
        f"<p>{escape(p.rationale)}</p></div>"
        for p in item.pairs
    )
    return controls, rationales


def _ordering_controls(item: Item) -> tuple[str, str]:
    places = "<option value=''>–</option>" + "".join(
        f"<option value='{n}'>{n}</option>" for n in range(1, len(item.steps) + 1)
    )
    position = {s.text: n for n, s in enumerate(item.steps)}
    controls = "".join(
        f"<div class='sudj-option sudj-rank'><select id='{item.id}-{position[t]}' "
        f"data-step='{position[t]}'>{places}</select>"
        f"<label for='{item.id}-{position[t]}'>{escape(t)}</label></div>"
        for t in _shuffled(item, [s.text for s in item.steps])
    )
    rationales = "".join(
        f"<div class='sudj-rat'><p><strong>Step {n}:</strong> {escape(s.text)}</p>"
        f"<p>{escape(s.rationale)}</p></div>"
        for n, s in enumerate(item.steps, 1)
    )
    return controls, rationales


def _numeric_controls(item: Item) -> tuple[str, str]:
    table = ""
    if item.table:
        head = "".join(f"<th>{escape(c)}</th>" for c in item.table.columns)
        body = "".join(
            "<tr>" + "".join(f"<td>{escape(str(v))}</td>" for v in row) + "</tr>"
            for row in item.table.rows
        )
        # The table scrolls in its own focusable box on a narrow phone, not the whole page.
        table = (
            "<div class='sudj-scroll' role='region' aria-label='Data for this question' "
            f"tabindex='0'><table class='sudj-q-table'><tr>{head}</tr>{body}</table></div>"
        )
    unit = f" <span>{escape(item.unit)}</span>" if item.unit else ""
    controls = (
        f"{table}<div class='sudj-option'><label for='{item.id}-answer'>Your answer</label>"
        f"<input type='number' step='any' id='{item.id}-answer' data-answer='{item.answer:g}' "
        f"data-tolerance='{item.tolerance:g}'>{unit}</div>"
    )
    key = f"{item.answer:g}{' ' + item.unit if item.unit else ''}"
    rationale = f"<div class='sudj-rat'><p><strong>Answer: {escape(key)}.</strong> {escape(item.rationale)}</p></div>"
    return controls, rationale


CONTROLS = {
    ItemType.SC: _choice_controls,
    ItemType.MS: _choice_controls,
    ItemType.MT: _matching_controls,
    ItemType.OR: _ordering_controls,
    ItemType.NUM: _numeric_controls,
}
HINTS = {
    ItemType.SC: "",
    ItemType.MS: "",
    ItemType.MT: "Match each item on the left with one answer.",
    ItemType.OR: "Give each step its place in the order (1 = first).",
    ItemType.NUM: "",
}


def _item_html(item: Item, number: int, total: int, references: Mapping[str, Reference]) -> str:
    controls, rationales = CONTROLS[item.type](item)
    hint = f"<p class='sudj-kind-hint'>{HINTS[item.type]}</p>" if HINTS[item.type] else ""
    return (
        f"<form class='sudj-q' data-item='{item.id}' data-type='{item.type.value}'>"
        f"<fieldset><legend><span class='sudj-q-num'>Question {number} of {total}.</span> "
        f"{escape(item.stem)}</legend>{hint}{controls}</fieldset>"
        f"<button type='submit' class='sudj-check'>Check my answer</button>"
        f"<div class='sudj-q-feedback' hidden><p class='sudj-q-result' aria-live='polite'></p>"
        f"{rationales}{_sources(item, references)}"
        f"<button type='button' class='sudj-retry'>Try again</button></div></form>"
    )


def render_quiz_html(bank: Bank, references: Mapping[str, Reference]) -> str:
    """Return the quiz's HTML; same inputs, same bytes."""
    if bank.bank != "formative":
        raise ValueError(f"{bank.module}: only formative banks may be rendered into the book")
    live = [i for i in bank.items if i.status != "retired"]
    items = "".join(_item_html(item, n, len(live), references) for n, item in enumerate(live, 1))
    return (
        f"<section class='sudj-quiz' data-module='{bank.module}' aria-label='Self-check'>"
        f"<p class='sudj-quiz-intro'>{len(live)} questions. Check each answer to see why it is "
        f"right or wrong; try as often as you like. Your score is kept only in this browser.</p>"
        f"<p class='sudj-quiz-score' aria-live='polite'></p>{items}"
        f"<noscript><p>This self-check needs JavaScript to mark answers.</p></noscript></section>"
    )
