"""Render a case as a printable workshop card (HTML for Chromium's print-to-PDF).

The participant card has the scenario and the decisions only; the facilitator card adds every
verdict, reason and source, the debrief and the variants.
"""

from __future__ import annotations

from collections.abc import Mapping
from html import escape

from sudjustice.cases.engine import VERDICT_LABELS, explain
from sudjustice.cases.model import Case, JurisdictionCard, Kind
from sudjustice.cases.render.html import KIND_HINTS, VERDICT_ICONS, case_meta, display_order
from sudjustice.references import Reference

PRINT_CSS = """
@page { size: A4; margin: 16mm 15mm; }
body { font-family: 'DejaVu Sans', Arial, sans-serif; font-size: 10.5pt; line-height: 1.4; color: #111; }
h1 { font-size: 15pt; margin: 0 0 2mm; } h2 { font-size: 11.5pt; margin: 5mm 0 1mm; }
.meta { color: #333; font-size: 9pt; } .version { float: right; font-size: 9pt; border: 1px solid #333; padding: 0 2mm; }
.card dl { display: grid; grid-template-columns: 45mm 1fr; gap: 1mm 4mm; font-size: 9pt; }
.card dt { font-weight: bold; } ol.options li { margin: 1mm 0; }
.notes { border: 1px solid #999; height: 18mm; margin-top: 2mm; }
.why { margin: 0.5mm 0 2mm; } .src { font-size: 8.5pt; color: #333; }
.point { break-inside: avoid; }
"""


def _card_facts(card: JurisdictionCard) -> str:
    rows = "".join(f"<dt>{escape(f.feature)}</dt><dd>{escape(f.rule)}</dd>" for f in card.features)
    return f"<section class='card'><h2>{escape(card.name)}: {escape(card.summary)}</h2><dl>{rows}</dl></section>"


def _option_html(point, option, references, facilitator: bool) -> str:
    if not facilitator:
        return f"<li>{escape(option.text)}</li>"
    item = explain(option, references)
    sources = "; ".join(f"{escape(s.pin)} — {escape(s.reference)}" for s in item.sources)
    key = f"{VERDICT_ICONS[item.verdict]} {VERDICT_LABELS[item.verdict]}"
    if point.kind == Kind.RANK:
        key = f"Correct place: {point.options.index(option) + 1}"
    return (
        f"<li>{escape(option.text)}<p class='why'><strong>{key}.</strong> "
        f"{escape(item.reason)}</p><p class='src'>{sources}</p></li>"
    )


def render_card(
    case: Case,
    card: JurisdictionCard,
    references: Mapping[str, Reference],
    *,
    facilitator: bool,
) -> str:
    """Return a complete HTML document for one case card; same inputs, same bytes."""
    points = []
    for number, point in enumerate(case.decision_points, 1):
        # Both versions list options in the order learners see them, so numbers match.
        options = display_order(case, point) if point.kind == Kind.RANK else point.options
        items = "".join(_option_html(point, o, references, facilitator) for o in options)
        hint = KIND_HINTS[point.kind]
        notes = "" if facilitator else "<div class='notes' aria-label='Notes'></div>"
        points.append(
            f"<section class='point'><h2>Decision {number}: {escape(point.prompt)}</h2>"
            f"{f'<p><em>{hint}</em></p>' if hint else ''}<ol class='options'>{items}</ol>{notes}"
            f"</section>"
        )
    debrief = ""
    if facilitator:
        takeaways = "".join(f"<li>{escape(t)}</li>" for t in case.debrief.takeaways)
        surface = "; ".join(
            f"{escape(k)}: {', '.join(escape(str(v)) for v in values)}"
            for k, values in case.variants.surface.items()
        )
        debrief = (
            f"<section class='point'><h2>Debrief</h2><p><strong>Common mistake:</strong> "
            f"{escape(case.debrief.common_mistake)}</p><ul>{takeaways}</ul>"
            + (f"<p><strong>Surface variants:</strong> {surface}</p>" if surface else "")
            + "</section>"
        )
    version = "Facilitator" if facilitator else "Participant"
    return (
        f"<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>"
        f"<title>{case.id} {escape(case.title)} ({version})</title><style>{PRINT_CSS}</style>"
        f"</head><body><span class='version'>{version} card</span>"
        f"<h1>{case.id}: {escape(case.title)}</h1>"
        f"<p class='meta'>{escape(case_meta(case, card))}</p>"
        f"<p>{escape(case.scenario)}</p>{_card_facts(card)}{''.join(points)}{debrief}"
        f"</body></html>"
    )
