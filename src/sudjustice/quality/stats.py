"""Content statistics computed from the sources, for the course-statistics page and the CLI.

Everything is counted from the files that make the course (modules.yaml, the TOC pages, the
case bank, the formative item banks, the bibliography and the data package), never typed in.
The summative bank is left out on purpose: the book is public and the exam bank is not.
"""

from __future__ import annotations

import csv
import json
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from sudjustice.cases.load import load_cases
from sudjustice.delivery.course import READING_WPM  # one reading speed for paths and stats
from sudjustice.items.load import load_formative
from sudjustice.items.model import ItemType
from sudjustice.quality.citations import bib_entries, parse_roles

FRONT_MATTER = re.compile(r"\A---\n.*?\n---\n", re.DOTALL)
CODE_CELL = re.compile(r"^```\{code-cell\}.*?^```", re.MULTILINE | re.DOTALL)
MARKUP_LINE = re.compile(r"^(?::::*|```+)\{?[\w-]*\}?.*$|^\(.*\)=$|^:[\w-]+:.*$", re.MULTILINE)
ROLE = re.compile(r"\{cite(?::[a-z]+)?\}`[^`]*`")
SHOWN_ROLE = re.compile(r"\{(?:term|ref|doc|numref)\}`([^`<]+?)\s*(?:<[^>]*>)?`")
WORD = re.compile(r"[A-Za-z0-9][\w'’.-]*")


def reading_words(text: str) -> int:
    """Words a reader reads on a page: no front matter, code, directive markup or citations."""
    text = CODE_CELL.sub("", FRONT_MATTER.sub("", text))
    text = MARKUP_LINE.sub("", ROLE.sub("", text))
    return len(WORD.findall(SHOWN_ROLE.sub(r"\1", text)))


@dataclass
class CourseStatistics:
    modules: int = 0
    module_pages: int = 0
    pages: int = 0
    words: int = 0
    study_minutes: int = 0
    reading_minutes: int = 0
    cases: int = 0
    decision_points: int = 0
    cases_by_stage: dict[str, int] = field(default_factory=dict)
    items: int = 0
    items_by_type: dict[str, int] = field(default_factory=dict)
    citations: int = 0
    sources_cited: int = 0
    bibliography: int = 0
    datasets: int = 0
    real_datasets: int = 0
    synthetic_datasets: int = 0
    dataset_rows: int = 0
    glossary_terms: int = 0

    def rows(self) -> list[tuple[str, str]]:
        """(what, how many) in reading order, for a table."""
        by_type = ", ".join(f"{n} {t}" for t, n in self.items_by_type.items() if n)
        by_stage = ", ".join(f"{n} {s.replace('_', ' ')}" for s, n in self.cases_by_stage.items())
        return [
            ("Modules", f"{self.modules}"),
            ("Pages in the book", f"{self.pages} ({self.module_pages} lesson pages)"),
            ("Words on the pages", f"{self.words:,}"),
            (
                "Study time",
                (
                    f"{_hours(self.study_minutes)} planned in the modules; about "
                    f"{_hours(self.reading_minutes)} of reading at {READING_WPM} words a minute"
                ),
            ),
            ("Case exercises", f"{self.cases} ({self.decision_points} decision points)"),
            ("Cases by stage", by_stage),
            ("Self-check items", f"{self.items} ({by_type})"),
            (
                "Citations",
                (
                    f"{self.citations:,} to {self.sources_cited} sources "
                    f"({self.bibliography} works in the references)"
                ),
            ),
            (
                "Datasets",
                (
                    f"{self.datasets} ({self.real_datasets} real or authored, "
                    f"{self.synthetic_datasets} synthetic; {self.dataset_rows:,} rows)"
                ),
            ),
            ("Glossary terms", f"{self.glossary_terms}"),
        ]

    def as_dict(self) -> dict:
        return dict(self.__dict__)


def _hours(minutes: int) -> str:
    hours, rest = divmod(minutes, 60)
    return f"{hours} h {rest:02d} min" if rest else f"{hours} h"


def _csv_rows(path: Path) -> int:
    with path.open(encoding="utf-8", newline="") as handle:
        return max(sum(1 for _ in csv.reader(handle)) - 1, 0)


def course_statistics(root: Path) -> CourseStatistics:
    from sudjustice.check import toc_pages

    stats = CourseStatistics()
    modules = yaml.safe_load((root / "modules" / "modules.yaml").read_text("utf-8"))["modules"]
    pages = toc_pages(root)
    module_pages = [p for p in pages if p.relative_to(root).parts[0] == "modules"]
    taught = [m for m in modules if any(p.parent.name == m["slug"] for p in module_pages)]
    stats.modules = len(taught)
    stats.pages, stats.module_pages = len(pages), len(module_pages)
    texts = [p.read_text("utf-8") for p in pages]
    stats.words = sum(reading_words(t) for t in texts)
    stats.study_minutes = round(sum(float(m.get("hours", 0)) for m in taught) * 60)
    stats.reading_minutes = round(stats.words / READING_WPM)

    cases = load_cases(root)
    stats.cases = len(cases)
    stats.decision_points = sum(len(c.decision_points) for c in cases.values())
    stats.cases_by_stage = dict(sorted(Counter(str(c.stage) for c in cases.values()).items()))

    banks = load_formative(root)
    by_type = Counter(str(item.type) for bank in banks.values() for item in bank.items)
    stats.items = sum(by_type.values())
    stats.items_by_type = {str(t): by_type.get(str(t), 0) for t in ItemType}

    page_cites = [c for p, t in zip(pages, texts, strict=True) for c in parse_roles(t, p)]
    case_cites = [
        s.key
        for c in cases.values()
        for dp in c.decision_points
        for o in dp.options
        for s in o.sources
    ]
    item_cites = [s.key for b in banks.values() for i in b.items for s in i.sources]
    stats.citations = len(page_cites) + len(case_cites) + len(item_cites)
    stats.sources_cited = len({c.key for c in page_cites} | set(case_cites) | set(item_cites))
    stats.bibliography = len(bib_entries(root))

    descriptor_path = root / "datasets" / "datapackage.json"
    resources = json.loads(descriptor_path.read_text("utf-8"))["resources"]
    stats.datasets = len(resources)
    stats.synthetic_datasets = sum(r["name"].startswith("synth_") for r in resources)
    stats.real_datasets = stats.datasets - stats.synthetic_datasets
    paths = [descriptor_path.parent / r["path"] for r in resources]
    stats.dataset_rows = sum(_csv_rows(p) for p in paths if p.exists())
    glossary = next(
        (p for r, p in zip(resources, paths, strict=True) if r["name"] == "glossary"), None
    )
    stats.glossary_terms = _csv_rows(glossary) if glossary and glossary.exists() else 0
    return stats


def source_files(root: Path) -> list[Path]:
    """The files the statistics are computed from (the page is rebuilt when one changes)."""
    from sudjustice.check import toc_pages

    return [
        root / "_toc.yml",
        root / "modules" / "modules.yaml",
        root / "book" / "references.bib",
        root / "datasets" / "datapackage.json",
        *toc_pages(root),
        *sorted((root / "exercises" / "cases").glob("*.yaml")),
        *sorted((root / "exercises" / "items").glob("*.yaml")),
        *sorted((root / "datasets").glob("*.csv")),
    ]
