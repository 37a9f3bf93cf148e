"""Where the project's content lives, found from any working directory.

Notebooks execute with their own folder as working directory, so content is located by walking
up to the project root rather than by relative paths.
"""

from __future__ import annotations

import os
from pathlib import Path

ROOT_MARKERS = ("_config.yml", "datasets")


def find_project_root(start: Path | None = None) -> Path:
    """Return the nearest folder at or above `start` that holds `_config.yml` and `datasets/`.

    The environment variable SUDJUSTICE_ROOT overrides the search (useful for installed copies).
    """
    override = os.environ.get("SUDJUSTICE_ROOT")
    if override:
        return Path(override).resolve()
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if all((folder / marker).exists() for marker in ROOT_MARKERS):
            return folder
    raise FileNotFoundError(
        f"no project root (a folder with {' and '.join(ROOT_MARKERS)}) at or above {here}"
    )


def bibliography_path(root: Path) -> Path:
    return root / "book" / "references.bib"


def cases_dir(root: Path) -> Path:
    return root / "exercises" / "cases"


def cards_dir(root: Path) -> Path:
    return root / "exercises" / "cards"


def datapackage_path(root: Path) -> Path:
    return root / "datasets" / "datapackage.json"
