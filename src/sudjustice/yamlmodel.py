"""Load a YAML content file into a strict pydantic model, reporting file, line and field.

Cases, jurisdiction cards and item banks all go through here, so every content error reads the
same way.
"""

from __future__ import annotations

from pathlib import Path
from typing import TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from sudjustice.problems import ContentError, Problem

M = TypeVar("M", bound=BaseModel)
LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when available: much faster


def _line_index(node: yaml.Node, path: tuple = ()) -> dict[tuple, int]:
    """Map each key path (as pydantic reports it) to its 1-based line in the YAML file."""
    lines = {path: node.start_mark.line + 1}
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            key_path = (*path, key.value)
            lines |= _line_index(value, key_path)
            lines[key_path] = (
                key.start_mark.line + 1
            )  # the key's line reads better than the value's
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            lines |= _line_index(item, (*path, i))
    return lines


def _nearest_line(lines: dict[tuple, int], loc: tuple) -> int | None:
    """The line of the deepest existing ancestor of `loc` (a missing field has no line itself)."""
    for depth in range(len(loc), -1, -1):
        if loc[:depth] in lines:
            return lines[loc[:depth]]
    return None


def _field_name(loc: tuple) -> str | None:
    return ".".join(str(part) for part in loc) or None


def load_model(path: Path, model: type[M]) -> M:
    """Parse one YAML file into `model`; raise ContentError naming file, line and field."""
    text = path.read_text(encoding="utf-8")
    try:
        data = yaml.load(text, Loader=LOADER)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 1 if mark else None
        raise ContentError([Problem(str(path), line, None, f"not valid YAML: {error}")]) from error
    if not isinstance(data, dict):
        raise ContentError([Problem(str(path), 1, None, "expected a mapping of fields")])
    try:
        return model.model_validate(data)
    except ValidationError as error:
        lines = _line_index(yaml.compose(text, Loader=LOADER))  # only needed to locate errors
        problems = [
            Problem(str(path), _nearest_line(lines, e["loc"]), _field_name(e["loc"]), e["msg"])
            for e in error.errors()
        ]
        raise ContentError(problems) from error
