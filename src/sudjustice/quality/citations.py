"""Citation rules: keys resolve, every bibliography entry is used, module pages cite widely, and
treaty and UN-standards citations carry a pinpoint.

Pages cite with sphinxcontrib-bibtex roles, the pinpoint in braces after the key:
{cite:p}`un1988trafficking{art. 3(4)(c)}`. Cases and items carry `sources: [{key, pin}]`, which
their models already require (at least one source per option or item, each with a pin).
The policy (`book/citations.yaml`) names the authors whose documents are treaties or UN
standards, and allows a missing pinpoint or a short page only explicitly, with a reason.
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import yaml
from pybtex.database import parse_file

from sudjustice.problems import Problem

POLICY = Path("book") / "citations.yaml"
BIB = Path("book") / "references.bib"
ROLE = re.compile(r"\{cite(?::[a-z]+)?\}`([^`]+)`")
# One citation inside a role: optional {pre-text}, the key, optional {pinpoint}.
ONE = re.compile(r"\s*(?:\{[^}]*\})?\s*([^\s{},]+)\s*(?:\{([^}]*)\})?\s*")
PART = re.compile(r",(?![^{]*\})")  # commas between citations, not inside a pinpoint
SOURCE_KEY = re.compile(r"^\s*-?\s*\{?\s*key:\s*([\w:.-]+)", re.MULTILINE)


@dataclass(frozen=True)
class Citation:
    path: Path
    line: int
    key: str
    pin: str
    text: str
    """The whole source line, for allowances."""


@dataclass(frozen=True)
class Policy:
    instrument_authors: frozenset[str]
    min_sources_per_page: int
    fewer_sources: dict[str, str]
    no_pinpoint: list[dict[str, str]]


def load_policy(root: Path) -> Policy:
    data = yaml.safe_load((root / POLICY).read_text(encoding="utf-8"))
    return Policy(
        instrument_authors=frozenset(data["instrument_authors"]),
        min_sources_per_page=int(data["min_sources_per_page"]),
        fewer_sources={e["path"]: e["reason"] for e in data.get("fewer_sources") or []},
        no_pinpoint=list(data.get("no_pinpoint") or []),
    )


def parse_roles(text: str, path: Path) -> list[Citation]:
    """Every key cited on a page, with its line and pinpoint ('' when none is given)."""
    found = []
    for number, line in enumerate(text.splitlines(), 1):
        for role in ROLE.findall(line):
            for part in PART.split(role):
                match = ONE.fullmatch(part)
                if match:
                    found.append(Citation(path, number, match[1], (match[2] or "").strip(), line))
    return found


def bib_entries(root: Path) -> dict[str, tuple[int, str]]:
    """Key -> (line in references.bib, author as written) for every entry."""
    path = root / BIB
    lines = {
        m[1]: n
        for n, text in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if (m := re.match(r"@\w+\{([^,\s]+),", text))
    }
    database = parse_file(str(path), bib_format="bibtex")
    return {
        key: (
            lines.get(key, 0),
            " and ".join(str(p).strip("{}") for p in entry.persons.get("author", [])),
        )
        for key, entry in database.entries.items()
    }


def page_files(root: Path) -> list[Path]:
    return sorted({*root.glob("modules/**/*.md"), *root.glob("book/**/*.md")})


def _yaml_keys(paths: Iterable[Path]) -> dict[str, Path]:
    return {
        key: path for path in paths for key in SOURCE_KEY.findall(path.read_text(encoding="utf-8"))
    }


def used_keys(root: Path) -> dict[str, Path]:
    """Every bibliography key the content cites, mapped to one file that cites it.

    Content: pages, cases, jurisdiction cards, item banks (formative and, when present, the
    summative bank) and the data package (source columns, descriptors and dataset notes).
    """
    used: dict[str, Path] = {}
    datasets = root / "datasets"
    used |= {k: p for p in sorted(datasets.glob("*.md")) for k in _words(p)}
    for csv_path in sorted(datasets.glob("*.csv")):
        with csv_path.open(encoding="utf-8", newline="") as handle:
            used |= {cell: csv_path for row in csv.reader(handle) for cell in row}
    descriptor = datasets / "datapackage.json"
    if descriptor.exists():
        for resource in json.loads(descriptor.read_text(encoding="utf-8"))["resources"]:
            used |= {s["key"]: descriptor for s in resource.get("sources", []) if "key" in s}
    used |= _yaml_keys(sorted(root.glob("exercises/**/*.yaml")))
    used |= {c.key: c.path for p in page_files(root) for c in parse_roles(_read(p), p)}
    return used


def _words(path: Path) -> set[str]:
    return set(re.findall(r"[\w:.-]+", path.read_text(encoding="utf-8")))


def _read(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def _is_module_page(root: Path, page: Path) -> bool:
    return page.relative_to(root).parts[0] == "modules"


def check_citations(root: Path) -> list[Problem]:
    """Every rule above, one problem per breach, each naming the file and what to change."""
    try:
        policy = load_policy(root)
    except (OSError, KeyError, yaml.YAMLError) as error:
        return [
            Problem(str(root / POLICY), None, None, f"cannot read the citation policy: {error}")
        ]
    entries = bib_entries(root)
    bib_path = str(root / BIB)
    problems: list[Problem] = []
    from sudjustice.check import toc_pages  # check.py registers this check: import late

    pages = toc_pages(root)
    for page in page_files(root):
        citations = parse_roles(_read(page), page)
        problems += [
            Problem(str(page), c.line, "cite", f"'{c.key}' is not in book/references.bib")
            for c in citations
            if c.key not in entries
        ]
        problems += _missing_pinpoints(root, citations, entries, policy)
        if page in pages and _is_module_page(root, page):
            problems += _too_few_sources(root, page, citations, policy)
    used = used_keys(root)
    problems += [
        Problem(
            bib_path,
            line,
            key,
            "no page, case, item or dataset cites this entry: cite it where it supports a "
            "statement, or remove it",
        )
        for key, (line, _) in entries.items()
        if key not in used
    ]
    problems += _stale_allowances(root, policy)
    return problems


def _is_instrument(key: str, entries: dict[str, tuple[int, str]], policy: Policy) -> bool:
    return key in entries and entries[key][1] in policy.instrument_authors


def _pin_allowed(root: Path, citation: Citation, policy: Policy) -> bool:
    relative = citation.path.relative_to(root).as_posix()
    return any(
        a["path"] == relative and a["key"] == citation.key and a["contains"] in citation.text
        for a in policy.no_pinpoint
    )


def _missing_pinpoints(root, citations, entries, policy) -> list[Problem]:
    return [
        Problem(
            str(c.path),
            c.line,
            "cite",
            f"'{c.key}' is a treaty or UN standard: add a pinpoint, e.g. "
            f"{{cite:p}}`{c.key}{{para. 5}}` (article, rule or paragraph), or allow it "
            f"with a reason in {POLICY}",
        )
        for c in citations
        if not c.pin
        and _is_instrument(c.key, entries, policy)
        and not _pin_allowed(root, c, policy)
    ]


def _too_few_sources(root, page, citations, policy) -> list[Problem]:
    distinct = {c.key for c in citations}
    relative = page.relative_to(root).as_posix()
    if len(distinct) >= policy.min_sources_per_page or relative in policy.fewer_sources:
        return []
    return [
        Problem(
            str(page),
            None,
            None,
            f"cites {len(distinct)} distinct sources; a module page needs at least "
            f"{policy.min_sources_per_page} (or a reason under fewer_sources in {POLICY})",
        )
    ]


def _stale_allowances(root: Path, policy: Policy) -> list[Problem]:
    problems = []
    for allowance in policy.no_pinpoint:
        path = root / allowance["path"]
        citations = parse_roles(_read(path), path) if path.exists() else []
        if not any(
            c.key == allowance["key"] and not c.pin and allowance["contains"] in c.text
            for c in citations
        ):
            problems.append(
                Problem(
                    str(root / POLICY),
                    None,
                    "no_pinpoint",
                    f"{allowance['path']}: allowance for '{allowance['key']}' matches no "
                    "citation without a pinpoint; remove it",
                )
            )
    problems += [
        Problem(str(root / POLICY), None, "fewer_sources", f"{path}: no such page")
        for path in policy.fewer_sources
        if not (root / path).exists()
    ]
    return problems
