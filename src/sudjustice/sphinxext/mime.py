"""Tell myst-nb that the raw Vega-Lite output needs no rendering of its own.

Course charts carry the same spec inside their `text/html` output, which the book renders
(see `sudjustice.charts.render`); the raw mime type is only for live Jupyter.
"""

from __future__ import annotations

from typing import ClassVar

from sudjustice.charts.render import VEGALITE_MIME


class VegaLiteInBook:
    mime_priority_overrides: ClassVar[list[tuple[str, str, int | None]]] = []

    @staticmethod
    def handle_mime(renderer, data, inline):
        return [] if data.mime_type == VEGALITE_MIME else None
