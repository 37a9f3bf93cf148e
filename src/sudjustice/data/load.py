"""Load datasets through their Frictionless schema so bad data fails loudly, naming file and field.

Every table the book uses is a resource of one `datasets/datapackage.json`. A table is checked
against its schema before pandas sees it, so a chart can never silently plot a malformed file.
"""

from __future__ import annotations

from pathlib import Path

import frictionless
import pandas as pd

from sudjustice.paths import datapackage_path, find_project_root
from sudjustice.problems import ContentError, Problem

# Frictionless field types -> pandas dtypes (nullable, so missing values stay visible).
PANDAS_DTYPES = {
    "string": "string",
    "integer": "Int64",
    "number": "Float64",
    "boolean": "boolean",
}


class DatasetError(ContentError):
    """A dataset does not match its schema; `problems` lists every violation found."""


def _problems(report: frictionless.Report, descriptor: Path) -> list[Problem]:
    """Flatten a Frictionless report; paths are made full so an editor can open them."""
    problems = []
    for task in report.tasks or []:
        path = str(descriptor.parent / task.place) if task.place else str(descriptor)
        for error in task.errors:
            problems.append(
                Problem(
                    path=path,
                    # Frictionless counts the header as row 1, so row numbers are file lines.
                    line=getattr(error, "row_number", None),
                    field=getattr(error, "field_name", None),
                    message=error.message,
                )
            )
    problems += [Problem(str(descriptor), None, None, e.message) for e in report.errors]
    return problems


def validate_package(root: Path | None = None) -> list[Problem]:
    """Validate every resource (types, allowed values, keys) and return the problems found."""
    descriptor = datapackage_path(root or find_project_root())
    report = frictionless.validate(str(descriptor))
    return [] if report.valid else _problems(report, descriptor)


def load_table(name: str, root: Path | None = None) -> pd.DataFrame:
    """Return the resource `name` as a DataFrame typed from its schema.

    Raises:
        KeyError: no resource of that name in the data package.
        DatasetError: the file violates its schema (each problem names file, row and field).
    """
    descriptor = datapackage_path(root or find_project_root())
    package = frictionless.Package(str(descriptor))
    if not package.has_resource(name):
        raise KeyError(f"{descriptor}: no resource named '{name}'")
    resource = package.get_resource(name)
    csv_path = descriptor.parent / resource.path
    report = resource.validate()
    if not report.valid:
        raise DatasetError(_problems(report, descriptor))
    dtypes = {f.name: PANDAS_DTYPES.get(f.type, "object") for f in resource.schema.fields}
    return pd.read_csv(
        csv_path,
        dtype=dtypes,
        keep_default_na=False,
        na_values=[""],
        true_values=["true"],
        false_values=["false"],
    )
