"""Describe a dataset for the "About the data" page, from its metadata (never a copy of it)."""

from __future__ import annotations

from dataclasses import dataclass
from html import escape
from pathlib import Path

import yaml

from sudjustice.data.load import load, metadata
from sudjustice.paths import find_project_root

PREVIEW_ROWS = 5


def _constraints(field: dict) -> str:
    rules = field.get("constraints", {})
    parts = []
    if "enum" in rules:
        parts.append("one of " + ", ".join(str(v) for v in rules["enum"]))
    if "minimum" in rules or "maximum" in rules:
        parts.append(f"{rules.get('minimum', '')}–{rules.get('maximum', '')}")
    if rules.get("required"):
        parts.append("required")
    return "; ".join(parts)


def _patterns(name: str, root: Path) -> list[dict]:
    params_path = root / "datasets" / "PARAMS.yaml"
    if not params_path.exists():
        return []
    patterns = yaml.safe_load(params_path.read_text(encoding="utf-8")).get("patterns", {})
    return [p for p in patterns.values() if p.get("dataset") == name]


@dataclass(frozen=True)
class DatasetDescription:
    """Renders in Jupyter and the book as a short, readable account of one table."""

    name: str
    root: Path

    def _repr_html_(self) -> str:
        meta = metadata(self.name, self.root)
        facts = meta.get("sudjustice", {})
        frame = load(self.name, self.root)
        kind = facts.get("kind", "real")
        if kind == "synthetic":
            origin = (
                f"Synthetic data — for teaching only. Made by {escape(facts.get('generator', ''))}"
            )
            if "seed" in facts:
                origin += f" with seed {facts['seed']}"
            stands_in = facts.get("stands_in_for")
            if stands_in:
                origin += (
                    f"; stands in for {escape(stands_in['title'])}, which you can download and "
                    f"save as <code>datasets/{escape(stands_in['path'])}</code>"
                )
        else:
            origin = escape(facts.get("attribution") or meta.get("title", ""))
        columns = "".join(
            f"<tr><td><code>{escape(f['name'])}</code></td><td>{escape(f['type'])}</td>"
            f"<td>{escape(_constraints(f))}</td></tr>"
            for f in meta["schema"]["fields"]
        )
        patterns = "".join(
            f"<li>{escape(p['what'])} <em>(in the shipped file: "
            + ", ".join(f"{escape(k)} {v}" for k, v in p.get("at_default_seed", {}).items())
            + ")</em></li>"
            for p in _patterns(self.name, self.root)
        )
        preview = frame.head(PREVIEW_ROWS).to_html(index=False, border=0, na_rep="")
        return (
            f"<p><code>{escape(meta['path'])}</code>: {len(frame):,} rows. "
            f"{escape(meta.get('description', ''))}</p><p><strong>Origin:</strong> {origin}.</p>"
            + (
                f"<p><strong>Built-in teaching patterns</strong></p><ul>{patterns}</ul>"
                if patterns
                else ""
            )
            + f"<details><summary>Columns</summary><table><tr><th>Column</th><th>Type</th>"
            f"<th>Allowed values</th></tr>{columns}</table></details>"
            f"<details><summary>First {PREVIEW_ROWS} rows</summary>{preview}</details>"
        )


def describe(name: str, root: Path | None = None) -> DatasetDescription:
    """Describe the dataset `name`; raises KeyError if the data package has no such table."""
    root = root or find_project_root()
    metadata(name, root)  # fail now, with the descriptor's path, if the name is wrong
    return DatasetDescription(name, root)
