"""Accessible Altair charts that render offline in the book and live in Jupyter.

Importing this package registers and enables the course theme and the `sudjustice` renderer.
"""

from sudjustice.charts.render import enable
from sudjustice.charts.treaties import provision_features, provision_heatmap

enable()

__all__ = ["enable", "provision_features", "provision_heatmap"]
