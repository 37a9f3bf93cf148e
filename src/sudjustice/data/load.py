"""Load datasets through their Frictionless schema so bad data fails loudly, naming file and field.

Every table the book uses is a resource of one `datasets/datapackage.json`. A table is checked
against its schema before pandas sees it, so a chart can never silently plot a malformed file.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import frictionless
import pandas as pd

from sudjustice.charts.theme import SYNTHETIC_SUBTITLE
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


def _resources(descriptor: Path) -> list[dict[str, Any]]:
    return json.loads(descriptor.read_text(encoding="utf-8"))["resources"]


def metadata(name: str, root: Path | None = None) -> dict[str, Any]:
    """The resource's descriptor from datapackage.json (title, sources, `sudjustice` facts)."""
    descriptor = datapackage_path(root or find_project_root())
    found = next((r for r in _resources(descriptor) if r["name"] == name), None)
    if found is None:
        raise KeyError(f"{descriptor}: no resource named '{name}'")
    return found


def source_note(name: str, root: Path | None = None) -> str:
    """The line every chart on this table must show: the synthetic label or the attribution."""
    meta = metadata(name, root)
    facts = meta.get("sudjustice", {})
    if facts.get("kind") == "synthetic":
        return SYNTHETIC_SUBTITLE
    return facts.get("attribution") or f"Source: {meta.get('title', name)}"


def _read(resource: frictionless.Resource, csv_path: Path, descriptor: Path) -> pd.DataFrame:
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


def load(name: str, root: Path | None = None) -> pd.DataFrame:
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
    frame = _read(resource, descriptor.parent / resource.path, descriptor)
    frame.attrs["source_note"] = source_note(name, root)  # charts print it under their title
    return frame


def load_real_or_synthetic(real_name: str, root: Path | None = None) -> pd.DataFrame:
    """Load a real dataset the user downloaded, or the synthetic stand-in shipped for it.

    The course cannot ship some real tables (no redistribution licence, no download at build
    time). A user who saves their own copy as `datasets/<real_name>.csv`, with the stand-in's
    columns, gets it validated against the same schema; otherwise the stand-in is returned.
    """
    descriptor = datapackage_path(root or find_project_root())
    stand_in = next(
        (
            r
            for r in _resources(descriptor)
            if r.get("sudjustice", {}).get("stands_in_for", {}).get("name") == real_name
        ),
        None,
    )
    if stand_in is None:
        raise KeyError(f"{descriptor}: no stand-in declared for '{real_name}'")
    real_csv = descriptor.parent / stand_in["sudjustice"]["stands_in_for"]["path"]
    if not real_csv.exists():
        return load(stand_in["name"], root)
    resource = frictionless.Resource(
        {**stand_in, "name": real_name, "path": real_csv.name}, basepath=str(descriptor.parent)
    )
    frame = _read(resource, real_csv, descriptor)
    frame.attrs["source_note"] = f"Source: {stand_in['sudjustice']['stands_in_for']['title']}"
    return frame
