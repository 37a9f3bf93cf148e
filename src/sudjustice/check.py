"""Repository-wide content checks: everything `sudjustice check` and the build rely on.

Each check returns a list of problems (never raises on bad content), so one run reports them all.
"""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import yaml

from sudjustice.cases.load import load_card, load_cases
from sudjustice.data.load import validate_package
from sudjustice.items.load import items_dir, load_formative
from sudjustice.language import check_language
from sudjustice.paths import bibliography_path, datapackage_path
from sudjustice.problems import ContentError, Problem
from sudjustice.quality.citations import check_citations
from sudjustice.quality.structure import check_structure
from sudjustice.references import load_references

CASE_DIRECTIVE = re.compile(r"^[:`]{3,}\{case\}\s+(\S+)", re.MULTILINE)
QUIZ_DIRECTIVE = re.compile(r"^[:`]{3,}\{quiz\}\s+(\S+)", re.MULTILINE)
PAGE_SUFFIXES = (".md", ".ipynb", ".rst")


def _toc_entries(node, trail: str = "") -> list[tuple[str, str]]:
    """(field path, file) pairs for every `file:` in the TOC tree."""
    found = []
    if isinstance(node, dict):
        for key, value in node.items():
            path = f"{trail}.{key}" if trail else key
            if key in ("file", "root") and isinstance(value, str):
                found.append((path, value))
            found += _toc_entries(value, path)
    elif isinstance(node, list):
        for i, item in enumerate(node):
            found += _toc_entries(item, f"{trail}[{i}]")
    return found


def toc_pages(root: Path) -> list[Path]:
    toc = yaml.safe_load((root / "_toc.yml").read_text(encoding="utf-8")) or {}
    pages = (_page_file(root, entry) for _, entry in _toc_entries(toc))
    return [page for page in pages if page is not None]


def _page_file(root: Path, entry: str) -> Path | None:
    candidates = [root / entry] + [root / f"{entry}{s}" for s in PAGE_SUFFIXES]
    return next((c for c in candidates if c.is_file()), None)


def check_toc(root: Path) -> list[Problem]:
    """Every TOC entry names a page that exists."""
    toc_path = root / "_toc.yml"
    try:
        toc = yaml.safe_load(toc_path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as error:
        return [Problem(str(toc_path), None, None, f"not valid YAML: {error}")]
    text = toc_path.read_text(encoding="utf-8").splitlines()
    problems = []
    for field, entry in _toc_entries(toc):
        if _page_file(root, entry) is None:
            line = next((i + 1 for i, t in enumerate(text) if entry in t), None)
            problems.append(Problem(str(toc_path), line, field, f"no page '{entry}' (.md/.ipynb)"))
    return problems


def check_cases(root: Path) -> list[Problem]:
    """Cases and cards load; every source key resolves; every case is used by a page."""
    try:
        cases = load_cases(root)
    except ContentError as error:
        return error.problems
    references = load_references(bibliography_path(root))
    used = {
        name for page in toc_pages(root) for name in CASE_DIRECTIVE.findall(page.read_text("utf-8"))
    }
    problems = []
    for name, case in cases.items():
        path = str(root / "exercises" / "cases" / f"{name}.yaml")
        for key in sorted(case.source_keys() - set(references)):
            problems.append(Problem(path, None, "sources", f"'{key}' is not in references.bib"))
        try:
            load_card(case.jurisdiction_card, root)
        except ContentError as error:
            problems.append(Problem(path, None, "jurisdiction_card", str(error)))
        if name not in used:
            problems.append(Problem(path, None, None, "no page in the TOC uses this case"))
    problems += [
        Problem("_toc.yml pages", None, "case", f"page uses unknown case '{name}'")
        for name in sorted(used - set(cases))
    ]
    return problems


def _source_key_rows(csv_path: Path) -> list[tuple[int, str]]:
    """(file line, key) for every row of a table that has a `source_key` column."""
    with csv_path.open(encoding="utf-8", newline="") as handle:
        rows = csv.DictReader(handle)
        if "source_key" not in (rows.fieldnames or []):
            return []
        return [(line, row["source_key"]) for line, row in enumerate(rows, start=2)]


def check_datasets(root: Path) -> list[Problem]:
    """Schemas hold, and every cited source key resolves in the bibliography."""
    problems = validate_package(root)
    references = load_references(bibliography_path(root))
    descriptor_path = datapackage_path(root)
    descriptor = json.loads(descriptor_path.read_text(encoding="utf-8"))
    for resource in descriptor["resources"]:
        for source in resource.get("sources", []):
            if source.get("key") not in references:
                field = f"resources.{resource['name']}.sources"
                problems.append(
                    Problem(
                        str(descriptor_path),
                        None,
                        field,
                        f"'{source.get('key')}' not in references.bib",
                    )
                )
        csv_path = descriptor_path.parent / resource["path"]
        if csv_path.exists():
            problems += [
                Problem(str(csv_path), line, "source_key", f"'{key}' is not in references.bib")
                for line, key in _source_key_rows(csv_path)
                if key not in references
            ]
    return problems


def check_items(root: Path) -> list[Problem]:
    """Formative banks load, cite known sources, and each is used by a page in the TOC."""
    try:
        banks = load_formative(root)
    except ContentError as error:
        return error.problems
    references = load_references(bibliography_path(root))
    used = {m for page in toc_pages(root) for m in QUIZ_DIRECTIVE.findall(page.read_text("utf-8"))}
    problems = []
    for module, bank in banks.items():
        path = str(items_dir(root) / f"{module}.yaml")
        problems += [
            Problem(path, None, "sources", f"'{key}' is not in references.bib")
            for key in sorted(bank.source_keys() - set(references))
        ]
        if module not in used:
            problems.append(Problem(path, None, None, "no page in the TOC shows this self-check"))
    return problems


CHECKS = {
    "toc": check_toc,
    "cases": check_cases,
    "items": check_items,
    "datasets": check_datasets,
    "language": check_language,
    "citations": check_citations,
    "structure": check_structure,
}


def check_all(root: Path) -> list[Problem]:
    return [problem for check in CHECKS.values() for problem in check(root)]
