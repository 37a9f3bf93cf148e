"""Render Altair charts for both audiences from the one Vega-Lite spec.

JupyterLab draws the `application/vnd.vegalite` output live. The book (myst-nb prefers
`text/html`) gets a figure holding the spec as inert JSON, the chart's text description and a
data table; the book's own script draws it with the vendored Vega bundle, so no page loads
anything from outside the site and readers without sight or JavaScript still get the content.
"""

from __future__ import annotations

import html
import json
from typing import Any

import altair as alt
import pandas as pd

from sudjustice.charts import theme

VEGALITE_MIME = f"application/vnd.vegalite.{alt.SCHEMA_VERSION.split('.')[0]}+json"
MAX_TABLE_ROWS = 60


def _script_safe_json(spec: dict[str, Any]) -> str:
    """JSON that cannot close the surrounding <script> element early."""
    return json.dumps(spec, separators=(",", ":")).replace("</", "<\\/")


def _table_frame(spec: dict[str, Any]) -> pd.DataFrame:
    """The chart's data as a reader-friendly table (pivoted when the chart says how)."""
    datasets = spec.get("datasets") or {}
    rows = next(iter(datasets.values()), None) or spec.get("data", {}).get("values", [])
    frame = pd.DataFrame(rows)
    layout = spec.get("usermeta", {}).get("table")
    if layout and not frame.empty:
        frame = frame.pivot(
            index=layout["index"], columns=layout["columns"], values=layout["values"]
        )
        frame = frame.reindex(columns=layout.get("column_order", list(frame.columns)))
        frame = frame.reindex(layout.get("index_order", list(frame.index))).reset_index()
    return frame


def data_table_html(spec: dict[str, Any]) -> str:
    """An HTML table of the chart's data, cut at MAX_TABLE_ROWS with a note saying so."""
    frame = _table_frame(spec)
    if frame.empty:
        return ""
    note = ""
    if len(frame) > MAX_TABLE_ROWS:
        note = f"<p>First {MAX_TABLE_ROWS} of {len(frame)} rows.</p>"
        frame = frame.head(MAX_TABLE_ROWS)
    table = frame.to_html(index=False, border=0, classes="sudj-chart-table", na_rep="")
    return f"<details><summary>Data table</summary>{note}{table}</details>"


def figure_html(spec: dict[str, Any]) -> str:
    """Book markup for one chart: live view slot, description, data table, spec as JSON."""
    description = html.escape(spec.get("description", ""))
    return (
        f'<figure class="sudj-chart" role="group" aria-label="{description}">'
        f'<div class="sudj-chart-view"></div>'
        f'<script type="application/json" class="sudj-chart-spec">{_script_safe_json(spec)}</script>'
        f"<noscript><p>The chart needs JavaScript; its data table follows.</p></noscript>"
        f"<figcaption>{description}</figcaption>"
        f"{data_table_html(spec)}</figure>"
    )


def renderer(spec: dict[str, Any], **_metadata: Any) -> dict[str, Any]:
    """Altair renderer: Vega-Lite for Jupyter, accessible HTML for the book, text otherwise."""
    if not spec.get("description"):
        raise ValueError("every course chart needs a text description (alt text)")
    return {
        VEGALITE_MIME: spec,
        "text/html": figure_html(spec),
        "text/plain": spec["description"],
    }


def enable() -> None:
    """Make the course theme and renderer the defaults for this Python process."""
    theme.register()
    alt.renderers.register("sudjustice", renderer)
    alt.renderers.enable("sudjustice")
