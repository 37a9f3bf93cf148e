"""Accessible Altair charts that render offline in the book and live in Jupyter.

Importing this package registers and enables the course theme and the `sudjustice` renderer.
"""

from sudjustice.charts.cohort import (
    capacity_gap,
    post_release_deaths,
    retention_by_policy,
    screening_profile,
)
from sudjustice.charts.render import enable
from sudjustice.charts.treaties import provision_features, provision_heatmap

enable()

__all__ = [
    "capacity_gap",
    "enable",
    "post_release_deaths",
    "provision_features",
    "provision_heatmap",
    "retention_by_policy",
    "screening_profile",
]
