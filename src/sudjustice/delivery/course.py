"""Course paths generated from metadata: one ordered list of pages with times per track and format.

Sources, each read once: `modules/modules.yaml` (titles, hours, Essentials minutes),
`_toc.yml` (which pages, in what order), the page sources (titles, cases and self-checks they
embed, words to read) and `book/start/paths.yaml` (track cases and what the short formats add).
Nothing here is written by hand twice: a renamed page or module changes every path.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from sudjustice.cases.model import Strict
from sudjustice.check import toc_pages
from sudjustice.items.load import load_formative
from sudjustice.yamlmodel import load_model

READING_WPM = 150  # words per minute for careful reading in a second language
CASE_MINUTES = 15  # a case exercise, played once with feedback
ITEM_MINUTES = 1.5  # one self-check question with its feedback
CASE_DIRECTIVE = re.compile(r"^:::\{case\}\s+(c\d\d)-\S+", re.MULTILINE)
QUIZ_DIRECTIVE = re.compile(r"^:::\{quiz\}\s+(m\d\d)\s*$", re.MULTILINE)
TITLE = re.compile(r"^# (.+)$", re.MULTILINE)
CODE = re.compile(r"^```\{code-cell\}.*?^```", re.MULTILINE | re.DOTALL)
FRONT_MATTER = re.compile(r"\A---\n.*?\n---\n", re.DOTALL)
ROLE = re.compile(r"\{(?:term|ref|doc)\}`([^`<]+?)\s*(?:<[^>]*>)?`")
CITE = re.compile(r"\{cite:[a-z]+\}`[^`]+`")


class ModuleMeta(BaseModel):
    """One entry of modules.yaml; fields other areas add are ignored here."""

    model_config = ConfigDict(extra="ignore", frozen=True)
    id: str = Field(pattern=r"^m\d\d$")
    slug: str
    title: str
    kind: str = "lesson"
    hours: float = Field(gt=0)
    essentials_minutes: int = Field(ge=0)
    outcomes: dict[str, str]
    cases: list[str] = Field(default_factory=list)

    @property
    def number(self) -> int:
        return int(self.id[1:])


class ModuleFile(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)
    modules: list[ModuleMeta] = Field(min_length=1)


class Track(Strict):
    id: str = Field(pattern=r"^[A-Z]{1,2}$")
    slug: str
    name: str
    who: str
    cases: list[str] = Field(min_length=1)
    capstone: str


class Timed(Strict):
    page: str
    minutes: int = Field(gt=0)
    items: int = 0


class DeepDive(Strict):
    title: str
    minutes: int = Field(gt=0)
    pages: list[str] = Field(min_length=1)


class Essentials(Strict):
    title: str
    who: str
    check: Timed


class Executive(Strict):
    title: str
    who: str
    deep_dives: list[DeepDive]
    cases: list[str]
    case_minutes: int
    action_plan: Timed
    check: Timed


class Full(Strict):
    title: str
    who: str
    further_cases: int
    capstone: Timed
    exam_minutes: int


class Formats(Strict):
    essentials: Essentials
    executive: Executive
    full: Full


class PathsFile(Strict):
    schema_version: Literal[1]
    tracks: list[Track]
    formats: Formats


@dataclass(frozen=True)
class Page:
    """What a learner finds on one page of the book."""

    doc: str
    title: str
    words: int
    cases: tuple[str, ...]
    quiz: str | None
    essentials: bool

    def effort(self, quiz_items: int) -> float:
        """Minutes of reading, cases and self-check, before scaling to the module's hours."""
        return self.words / READING_WPM + CASE_MINUTES * len(self.cases) + ITEM_MINUTES * quiz_items


@dataclass(frozen=True)
class Step:
    """One entry of a path: a page (or a part of one) with its time and what it lets you do."""

    title: str
    minutes: int
    doc: str | None = None
    anchor: str = ""
    cases: tuple[str, ...] = ()
    quiz: str | None = None
    quiz_items: int = 0
    note: str = ""


@dataclass(frozen=True)
class Section:
    title: str
    steps: tuple[Step, ...]

    @property
    def minutes(self) -> int:
        return sum(s.minutes for s in self.steps)


@dataclass(frozen=True)
class CoursePath:
    key: str
    title: str
    who: str
    sections: tuple[Section, ...]
    required_cases: tuple[str, ...] = ()
    notes: tuple[str, ...] = field(default=())

    @property
    def minutes(self) -> int:
        return sum(s.minutes for s in self.sections)

    @property
    def steps(self) -> list[Step]:
        return [step for section in self.sections for step in section.steps]


def modules_path(root: Path) -> Path:
    return root / "modules" / "modules.yaml"


def paths_path(root: Path) -> Path:
    return root / "book" / "start" / "paths.yaml"


def load_modules(root: Path) -> dict[str, ModuleMeta]:
    return {m.id: m for m in load_model(modules_path(root), ModuleFile).modules}


def load_paths(root: Path) -> PathsFile:
    return load_model(paths_path(root), PathsFile)


def prose_words(text: str) -> int:
    """Words a learner reads: no front matter, code, directive lines, labels or citations."""
    text = CITE.sub("", CODE.sub("", FRONT_MATTER.sub("", text)))
    text = ROLE.sub(r"\1", text)
    text = re.sub(r"^(:::|```).*$|^\(.*\)=$|^:[a-z]+:.*$", "", text, flags=re.MULTILINE)
    return len(re.findall(r"[A-Za-z0-9][\w'’.-]*", text))


def split_minutes(total: int, weights: list[float], step: int = 5) -> list[int]:
    """Share `total` minutes by weight in multiples of `step` that add up exactly (largest
    remainder), with at least one step each."""
    units, weight = total // step, sum(weights) or 1
    raw = [max(units * w / weight, 1) for w in weights]
    shares = [int(r) for r in raw]
    by_remainder = sorted(range(len(raw)), key=lambda i: raw[i] - shares[i], reverse=True)
    for n in range(max(0, units - sum(shares))):
        shares[by_remainder[n % len(by_remainder)]] += 1
    while sum(shares) > units:  # the minimum of one step pushed the sum over
        shares[shares.index(max(shares))] -= 1
    return [s * step for s in shares]


def read_page(root: Path, source: Path) -> Page:
    text = source.read_text(encoding="utf-8")
    title = TITLE.search(text)
    quiz = QUIZ_DIRECTIVE.search(text)
    return Page(
        doc=source.relative_to(root).with_suffix("").as_posix(),
        title=title.group(1).strip() if title else source.stem,
        words=prose_words(text),
        cases=tuple(dict.fromkeys(CASE_DIRECTIVE.findall(text))),
        quiz=quiz.group(1) if quiz else None,
        essentials=":class: essentials" in text,
    )


class Course:
    """Everything the paths are built from, read once."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.modules = load_modules(root)
        self.spec = load_paths(root)
        self.pages = [read_page(root, p) for p in toc_pages(root)]
        self.by_doc = {p.doc: p for p in self.pages}
        self.quiz_items = {
            module: sum(1 for i in bank.items if i.status != "retired")
            for module, bank in load_formative(root).items()
        }
        self.tracks = {t.id: t for t in self.spec.tracks}

    def source_files(self) -> list[Path]:
        """Files a path depends on (for Sphinx's rebuild tracking)."""
        return [modules_path(self.root), paths_path(self.root), self.root / "_toc.yml"] + [
            self.root / f"{p.doc}.md" for p in self.pages
        ]

    def module_pages(self, module: ModuleMeta) -> list[Page]:
        return [p for p in self.pages if p.doc.startswith(f"modules/{module.slug}/")]

    def case_page(self, case_id: str) -> str:
        """The first page in book order that embeds the case (module pages come first)."""
        for page in self.pages:
            if case_id in page.cases:
                return page.doc
        raise KeyError(f"case {case_id} is not embedded on any page in _toc.yml")

    def page(self, doc: str) -> Page:
        try:
            return self.by_doc[doc]
        except KeyError:
            raise KeyError(f"{paths_path(self.root)}: page {doc!r} is not in _toc.yml") from None

    def _module_steps(self, module: ModuleMeta, track: Track | None) -> tuple[Step, ...]:
        """The module's pages with times scaled so that they add up to the module's hours."""
        pages = self.module_pages(module)
        efforts = [p.effort(self.quiz_items.get(p.quiz, 0) if p.quiz else 0) for p in pages]
        shares = split_minutes(round(module.hours * 60), efforts)
        required = set(track.cases) if track else set()
        steps = []
        for page, minutes in zip(pages, shares, strict=True):
            mine = [c for c in page.cases if c in required]
            steps.append(
                Step(
                    title=page.title,
                    minutes=minutes,
                    doc=page.doc,
                    cases=page.cases,
                    quiz=page.quiz,
                    quiz_items=self.quiz_items.get(page.quiz, 0) if page.quiz else 0,
                    note=f"Required for your track: {', '.join(mine)}" if mine else "",
                )
            )
        return tuple(steps)

    def _essentials_step(self, module: ModuleMeta) -> Step:
        page = next((p for p in self.module_pages(module) if p.essentials), None)
        if page is None:
            raise KeyError(f"{module.id}: no page has an Essentials section (:class: essentials)")
        return Step(
            title=f"{module.id} — {module.title}: the Essentials box",
            minutes=module.essentials_minutes,
            doc=page.doc,
        )

    def _check_step(self, title: str, check: Timed, quiz: str) -> Step:
        self.page(check.page)
        return Step(title, check.minutes, check.page, quiz=quiz, quiz_items=check.items)

    def essentials(self) -> CoursePath:
        spec = self.spec.formats.essentials
        steps = [self._essentials_step(m) for m in self.modules.values()]
        steps.append(self._check_step("Essentials knowledge check", spec.check, "essentials"))
        return CoursePath(
            "essentials", spec.title, spec.who, (Section("Essentials", tuple(steps)),)
        )

    def executive(self) -> CoursePath:
        spec = self.spec.formats.executive
        modules = list(self.modules.values())
        sections = [
            Section("Essentials of every module", tuple(map(self._essentials_step, modules)))
        ]
        dives = []
        for dive in spec.deep_dives:
            pages = [self.page(doc) for doc in dive.pages]
            share = [dive.minutes // len(pages)] * len(pages)
            share[0] += dive.minutes - sum(share)
            dives += [
                Step(f"{dive.title} — {p.title}", m, p.doc)
                for p, m in zip(pages, share, strict=True)
            ]
        sections.append(Section("Executive deep-dives", tuple(dives)))
        cases = tuple(
            Step(
                f"Executive case {c}",
                spec.case_minutes,
                self.case_page(c),
                f"case-{c}",
                cases=(c,),
            )
            for c in spec.cases
        )
        sections.append(Section("Executive cases", cases))
        plan = self.page(spec.action_plan.page)
        sections.append(
            Section(
                "Action plan and check",
                (
                    Step(plan.title, spec.action_plan.minutes, plan.doc),
                    self._check_step("Executive check", spec.check, "executive"),
                ),
            )
        )
        return CoursePath(
            "executive", spec.title, spec.who, tuple(sections), required_cases=tuple(spec.cases)
        )

    def full(self, track_id: str) -> CoursePath:
        if track_id not in self.tracks:
            raise KeyError(f"no track {track_id!r}; tracks: {', '.join(self.tracks)}")
        track, spec = self.tracks[track_id], self.spec.formats.full
        sections = [
            Section(f"Module {m.number} — {m.title}", self._module_steps(m, track))
            for m in self.modules.values()
            if self.module_pages(m)
        ]
        capstone = self.page(spec.capstone.page)
        sections.append(
            Section(
                "Capstone and exam",
                (
                    Step(f"Capstone: {track.capstone}", spec.capstone.minutes, capstone.doc),
                    Step(
                        "Certification exam (taken with your course team, not in this book)",
                        spec.exam_minutes,
                    ),
                ),
            )
        )
        return CoursePath(
            f"track-{track.id}",
            f"{track.name}: full certification",
            track.who,
            tuple(sections),
            required_cases=tuple(track.cases),
            notes=(
                (
                    f"Play your track's cases ({', '.join(track.cases)}) and at least "
                    f"{spec.further_cases} more from the case library."
                ),
            ),
        )

    def path(self, key: str) -> CoursePath:
        """`essentials`, `executive` or a track id such as `P`."""
        if key == "essentials":
            return self.essentials()
        if key == "executive":
            return self.executive()
        return self.full(key)


@lru_cache(maxsize=2)
def _course(root: Path, stamp: tuple[float, ...]) -> Course:
    return Course(root)


def load_course(root: Path) -> Course:
    """The course for `root`, re-read whenever one of its source files changes."""
    files = [modules_path(root), paths_path(root), root / "_toc.yml"] + toc_pages(root)
    return _course(root, tuple(f.stat().st_mtime for f in files))
