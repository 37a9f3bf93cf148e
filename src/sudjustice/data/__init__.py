"""Datasets: load a table from `datasets/datapackage.json` after validating it against its schema."""

from sudjustice.data.load import DatasetError, load_table, validate_package

__all__ = ["DatasetError", "load_table", "validate_package"]
