"""Directives for the "Start here" paths and the facilitator guide, all rendered from data.

`{course-path} P` (or `essentials`, `executive`), `{course-paths}`, `{course-progress}`,
`{course-check} essentials`, `{workshop-agenda} one-day`, `{case-briefings} one-day` and
`{evaluation-form} end-of-workshop`.
"""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.util.docutils import SphinxDirective

from sudjustice.cases.load import load_cases
from sudjustice.delivery.course import Course, load_course
from sudjustice.delivery.forms import check_bank, forms_path
from sudjustice.delivery.render import render_path, render_path_list, render_progress
from sudjustice.delivery.workshop import (
    facilitator_dir,
    load_agendas,
    load_evaluation,
    render_agenda,
    render_case_briefing,
    render_evaluation,
)
from sudjustice.items.load import items_dir, load_formative
from sudjustice.items.model import Bank
from sudjustice.items.render.quiz import render_quiz_html
from sudjustice.paths import bibliography_path, cases_dir, find_project_root
from sudjustice.problems import ContentError
from sudjustice.references import load_references


def path_pages(course: Course) -> dict[str, str]:
    """Path key -> the page that shows it: book/start/<format or track slug>."""
    pages = {"essentials": "book/start/essentials", "executive": "book/start/executive"}
    return pages | {t.id: f"book/start/{t.slug}" for t in course.spec.tracks}


class _DataDirective(SphinxDirective):
    """Shared plumbing: project root, relative links, dependencies and readable errors."""

    has_content = False

    @property
    def root(self) -> Path:
        return find_project_root(Path(self.env.srcdir))

    def url_for(self, doc: str) -> str:
        return self.env.app.builder.get_relative_uri(self.env.docname, doc)

    def depend(self, *paths: Path) -> None:
        for path in paths:
            self.env.note_dependency(str(path))

    def course(self) -> Course:
        course = load_course(self.root)
        self.depend(*course.source_files(), *items_dir(self.root).glob("m*.yaml"))
        return course

    def case_titles(self) -> dict[str, str]:
        self.depend(*cases_dir(self.root).glob("*.yaml"))
        return {c.id: c.title for c in load_cases(self.root).values()}

    def html(self, text: str) -> list[nodes.Node]:
        return [nodes.raw("", text, format="html")]

    def run(self) -> list[nodes.Node]:
        try:
            return self.html(self.render())
        except (ContentError, KeyError, ValueError) as error:
            raise self.error(f"{self.name}: {error}") from error

    def render(self) -> str:
        raise NotImplementedError


class CoursePathDirective(_DataDirective):
    required_arguments = 1

    def render(self) -> str:
        course = self.course()
        return render_path(course.path(self.arguments[0]), self.url_for, self.case_titles())


class CoursePathsDirective(_DataDirective):
    def render(self) -> str:
        course = self.course()
        return render_path_list(course, self.url_for, path_pages(course))


class CourseProgressDirective(_DataDirective):
    def render(self) -> str:
        return render_progress(self.course(), self.url_for, self.case_titles())


class CourseCheckDirective(_DataDirective):
    """A short-format check (CURRICULUM §4.5) as a kernel-free quiz, from the formative bank."""

    required_arguments = 1

    def render(self) -> str:
        root = self.root
        self.depend(forms_path(root), *items_dir(root).glob("m*.yaml"))
        form = check_bank(self.arguments[0], root, load_formative(root))
        # A bank of the form's items under the form's id, which quiz.js uses as its store key;
        # the items were validated when their own banks were loaded.
        bank = Bank.model_construct(
            schema_version=1, module=form.id, bank="formative", items=list(form.items)
        )
        return render_quiz_html(bank, load_references(bibliography_path(root)))


class WorkshopAgendaDirective(_DataDirective):
    required_arguments = 1

    def render(self) -> str:
        root, course = self.root, self.course()
        cases = load_cases(root)
        self.depend(facilitator_dir(root) / "agendas.yaml", *cases_dir(root).glob("*.yaml"))
        agendas = load_agendas(root, course.modules, cases)
        return render_agenda(agendas[self.arguments[0]], course.modules, cases)


class CaseBriefingsDirective(_DataDirective):
    """How to run each case of an agenda as a group exercise (or every case, with no argument)."""

    optional_arguments = 1
    option_spec: ClassVar = {"except": directives.unchanged_required}

    def render(self) -> str:
        root, course = self.root, self.course()
        cases = load_cases(root)
        self.depend(facilitator_dir(root) / "agendas.yaml", *cases_dir(root).glob("*.yaml"))
        by_id = {c.id: c for c in cases.values()}
        agendas = load_agendas(root, course.modules, cases)
        wanted = agendas[self.arguments[0]].case_ids() if self.arguments else sorted(by_id)
        if skip := self.options.get("except"):  # cases already briefed for another agenda
            wanted = [c for c in wanted if c not in agendas[skip].case_ids()]
        pages = {c: self.url_for(course.case_page(c)) for c in wanted}
        return "".join(render_case_briefing(by_id[c], pages) for c in wanted)


class EvaluationFormDirective(_DataDirective):
    required_arguments = 1

    def render(self) -> str:
        self.depend(facilitator_dir(self.root) / "evaluation.yaml")
        evaluation = load_evaluation(self.root)
        form = next((f for f in evaluation.forms if f.id == self.arguments[0]), None)
        if form is None:
            raise KeyError(f"no evaluation form {self.arguments[0]!r}")
        return render_evaluation(form, evaluation.scale)


DIRECTIVES = {
    "course-path": CoursePathDirective,
    "course-paths": CoursePathsDirective,
    "course-progress": CourseProgressDirective,
    "course-check": CourseCheckDirective,
    "workshop-agenda": WorkshopAgendaDirective,
    "case-briefings": CaseBriefingsDirective,
    "evaluation-form": EvaluationFormDirective,
}
