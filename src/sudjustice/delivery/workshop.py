"""Workshop material from data: agendas, case briefings for facilitators, the evaluation form.

Modules and cases are named by id in `book/facilitator/*.yaml`; their titles come from module
metadata and the case bank. The renderers return HTML fragments used both by the book's
directives and by the printed handouts.
"""

from __future__ import annotations

from collections.abc import Mapping
from html import escape
from pathlib import Path
from typing import Literal

from pydantic import Field, model_validator

from sudjustice.cases.model import Case, Strict
from sudjustice.delivery.course import ModuleMeta
from sudjustice.problems import ContentError, Problem
from sudjustice.yamlmodel import load_model


class Block(Strict):
    time: str = Field(pattern=r"^\d\d:\d\d–\d\d:\d\d$")
    title: str
    kind: Literal["session", "break"] = "session"
    modules: list[str] = Field(default_factory=list)
    depth: Literal["essentials", "full"] = "essentials"
    cases: list[str] = Field(default_factory=list)
    activity: str = ""

    @property
    def minutes(self) -> int:
        start, end = (int(t[:2]) * 60 + int(t[3:]) for t in self.time.split("–"))
        return end - start


class Day(Strict):
    title: str
    blocks: list[Block] = Field(min_length=1)


class Agenda(Strict):
    id: str
    title: str
    contact_hours: float
    prework: str
    days: list[Day] = Field(min_length=1)

    @model_validator(mode="after")
    def _hours_add_up(self) -> Agenda:
        contact = sum(b.minutes for d in self.days for b in d.blocks if b.kind == "session")
        if abs(contact / 60 - self.contact_hours) > 0.01:
            raise ValueError(
                f"{self.id}: sessions add up to {contact / 60:g} h, not {self.contact_hours:g}"
            )
        return self

    def case_ids(self) -> list[str]:
        return list(dict.fromkeys(c for d in self.days for b in d.blocks for c in b.cases))


class AgendaFile(Strict):
    schema_version: Literal[1]
    agendas: list[Agenda] = Field(min_length=1)


class Question(Strict):
    text: str
    kind: Literal["scale", "text", "choice"]
    choices: list[str] = Field(default_factory=list)


class FormSection(Strict):
    title: str
    questions: list[Question] = Field(min_length=1)


class EvaluationForm(Strict):
    id: str
    title: str
    intro: str
    sections: list[FormSection] = Field(min_length=1)


class EvaluationFile(Strict):
    schema_version: Literal[1]
    scale: list[str] = Field(min_length=3)
    forms: list[EvaluationForm] = Field(min_length=1)


def facilitator_dir(root: Path) -> Path:
    return root / "book" / "facilitator"


def load_agendas(
    root: Path, modules: Mapping[str, ModuleMeta], cases: Mapping[str, Case]
) -> dict[str, Agenda]:
    """Agendas by id; every module and case they name must exist."""
    path = facilitator_dir(root) / "agendas.yaml"
    agendas = {a.id: a for a in load_model(path, AgendaFile).agendas}
    known_cases = {c.id for c in cases.values()}
    problems = [
        Problem(str(path), None, f"{a.id}.{what}", f"unknown {what[:-1]} {ref}")
        for a in agendas.values()
        for d in a.days
        for b in d.blocks
        for what, refs, known in (("modules", b.modules, modules), ("cases", b.cases, known_cases))
        for ref in refs
        if ref not in known
    ]
    if problems:
        raise ContentError(problems)
    return agendas


def load_evaluation(root: Path) -> EvaluationFile:
    return load_model(facilitator_dir(root) / "evaluation.yaml", EvaluationFile)


def cases_by_id(cases: Mapping[str, Case]) -> dict[str, Case]:
    return {c.id: c for c in cases.values()}


def render_agenda(
    agenda: Agenda, modules: Mapping[str, ModuleMeta], cases: Mapping[str, Case]
) -> str:
    """The agenda as one table per day: time, block, modules and cases by title, activity."""
    by_id = cases_by_id(cases)
    days = []
    for day in agenda.days:
        rows = []
        for block in day.blocks:
            if block.kind == "break":
                rows.append(
                    f"<tr class='sudj-break'><td>{block.time}</td><td colspan='3'>"
                    f"{escape(block.title)}</td></tr>"
                )
                continue
            part = "" if block.depth == "full" else " (Essentials)"
            mods = "".join(f"<li>{m}: {escape(modules[m].title)}{part}</li>" for m in block.modules)
            case_list = "".join(f"<li>{c}: {escape(by_id[c].title)}</li>" for c in block.cases)
            rows.append(
                f"<tr><td>{block.time}</td><td><strong>{escape(block.title)}</strong>"
                f"{f'<ul>{mods}</ul>' if mods else ''}</td>"
                f"<td>{f'<ul>{case_list}</ul>' if case_list else '—'}</td>"
                f"<td>{escape(block.activity)}</td></tr>"
            )
        days.append(
            f"<h3>{escape(day.title)}</h3><table class='sudj-agenda'><thead><tr><th>Time</th>"
            f"<th>Block and modules</th><th>Cases</th><th>Activity</th></tr></thead>"
            f"<tbody>{''.join(rows)}</tbody></table>"
        )
    return (
        f"<section class='sudj-agenda-block' id='agenda-{agenda.id}'>"
        f"<p><strong>Contact time:</strong> {agenda.contact_hours:g} hours. "
        f"<strong>Pre-work:</strong> {escape(agenda.prework)}</p>{''.join(days)}</section>"
    )


def debrief_questions(case: Case) -> list[str]:
    """Questions for the table debrief, built from the case's own decision points and debrief."""
    questions = [
        f"At decision {n} (“{point.prompt}”), what did your table choose, and what would "
        f"change your mind?"
        for n, point in enumerate(case.decision_points, 1)
    ]
    questions.append("Which facts mattered most, and who at the table saw them first?")
    return questions


def render_case_briefing(case: Case, pages: Mapping[str, str]) -> str:
    """How to run one case as a group exercise: roles, time, questions and the misconception.

    The misconception and the points to make are the case's own debrief, which learners also
    see on the case page after they finish; verdicts and reasons stay on the facilitator card.
    """
    roles = ", ".join([case.role, *case.alt_roles])
    takeaways = "".join(f"<li>{escape(t)}</li>" for t in case.debrief.takeaways)
    questions = "".join(f"<li>{escape(q)}</li>" for q in debrief_questions(case))
    where = pages.get(case.id, "")
    link = f" <a href='{where}#case-{case.id}'>Open the case page</a>." if where else ""
    return (
        f"<section class='sudj-briefing' id='briefing-{case.id}'>"
        f"<h3>{case.id}: {escape(case.title)}</h3>"
        f"<p><strong>Roles at the table:</strong> {roles}. <strong>Decision points:</strong> "
        f"{len(case.decision_points)}. <strong>Jurisdiction card:</strong> "
        f"{case.jurisdiction_card}.{link}</p>"
        f"<p><strong>Debrief questions</strong></p><ol>{questions}</ol>"
        f"<p><strong>Common misconception:</strong> {escape(case.debrief.common_mistake)}</p>"
        f"<p><strong>How to answer it — points to draw out</strong></p><ul>{takeaways}</ul>"
        f"</section>"
    )


def _question_html(number: int, question: Question, scale: list[str]) -> str:
    if question.kind == "text":
        answer = "<div class='sudj-lines' role='img' aria-label='Space to write'></div>"
    else:
        labels = scale if question.kind == "scale" else question.choices
        answer = (
            "<ul class='sudj-boxes'>" + "".join(f"<li>☐ {escape(x)}</li>" for x in labels) + "</ul>"
        )
    return f"<li class='sudj-eval-q'><p>{escape(question.text)}</p>{answer}</li>"


def render_evaluation(form: EvaluationForm, scale: list[str]) -> str:
    sections, number = [], 0
    for section in form.sections:
        items = []
        for question in section.questions:
            number += 1
            items.append(_question_html(number, question, scale))
        sections.append(
            f"<h3>{escape(section.title)}</h3><ol start='{number - len(items) + 1}'>{''.join(items)}</ol>"
        )
    return (
        f"<section class='sudj-evaluation' id='evaluation-{form.id}'>"
        f"<p>{escape(form.intro)}</p>{''.join(sections)}</section>"
    )
