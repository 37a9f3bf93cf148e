"""Datasets: load a table from `datasets/datapackage.json` after validating it against its schema."""

from sudjustice.data.describe import describe
from sudjustice.data.load import (
    DatasetError,
    load,
    load_real_or_synthetic,
    metadata,
    source_note,
    validate_package,
)

__all__ = [
    "DatasetError",
    "describe",
    "load",
    "load_real_or_synthetic",
    "metadata",
    "source_note",
    "validate_package",
]
