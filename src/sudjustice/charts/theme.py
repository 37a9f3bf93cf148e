"""One chart theme for the whole book: colour-blind-safe colours, readable type, titles on."""

from __future__ import annotations

import altair as alt

# Okabe–Ito palette: distinguishable with the common colour-vision deficiencies.
OKABE_ITO = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]
FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'DejaVu Sans', sans-serif"
SYNTHETIC_SUBTITLE = "Synthetic data — for teaching only"


def theme() -> alt.theme.ThemeConfig:
    """Return the course theme; text is dark enough for WCAG AA contrast on white."""
    return {
        "config": {
            "font": FONT,
            "background": "#ffffff",
            "range": {"category": OKABE_ITO},
            "title": {
                "fontSize": 16,
                "anchor": "start",
                "color": "#1a1a1a",
                "subtitleColor": "#444444",
            },
            "axis": {
                "labelFontSize": 12,
                "titleFontSize": 13,
                "labelColor": "#1a1a1a",
                "titleColor": "#1a1a1a",
            },
            "legend": {"labelFontSize": 12, "titleFontSize": 13},
            "view": {"stroke": None},
        }
    }


def register() -> None:
    alt.theme.register("sudjustice", enable=True)(theme)


def title(text: str, data) -> alt.Title:
    """A chart title whose subtitle is the data's source note (synthetic label or attribution).

    Raises:
        ValueError: the data did not come through `sudjustice.data.load`, so its origin is unknown.
    """
    note = data.attrs.get("source_note")
    if not note:
        raise ValueError("chart data has no source note: load it with sudjustice.data.load")
    return alt.Title(text, subtitle=note)
