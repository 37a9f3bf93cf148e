"""The printed workshop pack, rendered from the data (`sudjustice handouts`).

    participant/  agendas, module handouts, case cards, test forms, evaluation forms
    facilitator/  facilitator case cards and the answer keys of the test forms

Participant files never carry an answer: the test forms have no key and no rationale, the case
cards no verdict. Everything is HTML first (kept beside the PDF for checking), then printed.
"""

from __future__ import annotations

import re
import string
import tempfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from html import escape
from pathlib import Path

from sudjustice.cases.cards import write_cards
from sudjustice.cases.load import load_cases
from sudjustice.cases.model import Case
from sudjustice.delivery.course import ModuleMeta, load_course
from sudjustice.delivery.forms import Form, build_forms, load_form_specs
from sudjustice.delivery.printer import Printer
from sudjustice.delivery.workshop import (
    load_agendas,
    load_evaluation,
    render_agenda,
    render_evaluation,
)
from sudjustice.items.load import load_formative
from sudjustice.items.model import Item, ItemType
from sudjustice.ordering import scrambled
from sudjustice.paths import bibliography_path
from sudjustice.references import Reference, load_references

CSS = """
@page { size: A4; margin: 14mm 14mm 16mm; }
body { font-family: 'DejaVu Sans', Arial, sans-serif; font-size: 10pt; line-height: 1.38; color: #111; }
h1 { font-size: 15pt; margin: 0 0 1mm; } h2 { font-size: 11.5pt; margin: 4mm 0 1mm; }
h3 { font-size: 10.5pt; margin: 3mm 0 1mm; }
.meta, .src { color: #333; font-size: 8.5pt; } .version { float: right; font-size: 8.5pt; border: 1px solid #333; padding: 0 2mm; }
ol, ul { margin: 1mm 0; padding-left: 6mm; } li { margin: 0.6mm 0; }
.check li { list-style: none; margin-left: -5mm; }
.q { break-inside: avoid; margin: 0 0 4mm; } .q p { margin: 0 0 1mm; }
.opts { list-style: none; padding-left: 2mm; } .hint { font-style: italic; color: #333; }
table { border-collapse: collapse; width: 100%; font-size: 9pt; margin: 1mm 0; }
td, th { border: 1px solid #999; padding: 1mm 1.5mm; vertical-align: top; text-align: left; }
.sudj-break td { background: #eee; font-style: italic; } .sudj-agenda ul { padding-left: 4mm; }
.blank { display: inline-block; border-bottom: 1px solid #333; min-width: 28mm; }
.sudj-boxes { list-style: none; padding-left: 0; display: flex; flex-wrap: wrap; gap: 1mm 5mm; }
.sudj-lines { border-bottom: 1px solid #777; height: 16mm; } .sudj-eval-q { break-inside: avoid; }
.key { border-left: 3px solid #1a4e8a; padding-left: 3mm; margin: 1mm 0 0; }
"""
ESSENTIALS = re.compile(
    r"^:::\{admonition\} Essentials\n:class: essentials\n(.*?)^:::$", re.MULTILINE | re.DOTALL
)
CITE = re.compile(r"\{cite:[a-z]+\}`([^`]+)`")
ROLE = re.compile(r"\{(?:term|ref|doc)\}`([^`<]+?)\s*(?:<[^>]*>)?`")
LETTERS = string.ascii_uppercase


@dataclass(frozen=True)
class Pack:
    """What `write_handouts` wrote: HTML files by audience, and the PDFs if printed."""

    participant: list[Path]
    facilitator: list[Path]
    pdfs: list[Path]


def document(title: str, body: str, version: str) -> str:
    return (
        f"<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>{escape(title)}"
        f"</title><style>{CSS}</style></head><body><span class='version'>{version}</span>"
        f"{body}</body></html>"
    )


# Module handouts ---------------------------------------------------------------------------


def citations(text: str) -> list[tuple[str, str]]:
    """(key, pinpoint) pairs of the `{cite}` roles in `text`, in order, without repeats."""
    found = []
    for role in CITE.findall(text):
        for part in re.split(r",\s*(?![^{]*\})", role):
            key, _, pin = part.strip().partition("{")
            found.append((key.strip(), pin.rstrip("}").strip()))
    return list(dict.fromkeys(found))


def plain(markdown: str) -> str:
    """MyST text as escaped HTML: citations dropped, term roles shown as their words, bold kept."""
    text = ROLE.sub(r"\1", CITE.sub("", markdown))
    text = escape(re.sub(r"\s+([.,;:])", r"\1", re.sub(r"[ \t]+", " ", text)).strip())
    return re.sub(r"\*\*(.+?)\*\*", r"<strong>\1</strong>", text).replace("*", "")


def essentials_text(page_source: str) -> str:
    match = ESSENTIALS.search(page_source)
    if not match:
        raise ValueError("no Essentials box (:::{admonition} Essentials / :class: essentials)")
    return match.group(1)


def key_messages(essentials: str) -> list[str]:
    """The Essentials box as messages: its numbered points, or its paragraphs."""
    points = re.split(r"^\d+\.\s+", essentials, flags=re.MULTILINE)
    parts = [p for p in points if p.strip()] if len(points) > 2 else essentials.split("\n\n")
    return [plain(p) for p in parts if p.strip()]


def render_module_handout(
    module: ModuleMeta,
    essentials: str,
    cases: Iterable[Case],
    references: Mapping[str, Reference],
) -> str:
    """One or two pages: outcomes, key messages, key provisions with sources, a checklist."""
    outcomes = "".join(f"<li>{escape(text)}</li>" for text in module.outcomes.values())
    messages = "".join(f"<li>{m}</li>" for m in key_messages(essentials))
    provisions = "".join(
        f"<li><strong>{escape(pin or 'whole document')}</strong> — {escape(references[key].full)}</li>"
        for key, pin in citations(essentials)
        if key in references
    )
    checklist = "".join(
        f"<li>☐ {escape(case.debrief.takeaways[0])} <span class='src'>({case.id})</span></li>"
        for case in cases
    )
    body = (
        f"<h1>{module.id}: {escape(module.title)}</h1>"
        f"<p class='meta'>Module handout · full module about {module.hours:g} h · "
        f"Essentials about {module.essentials_minutes} min</p>"
        f"<h2>You will be able to</h2><ul>{outcomes}</ul>"
        f"<h2>Key messages</h2><ol>{messages}</ol>"
        + (
            f"<h2>Key provisions and sources</h2><ul class='src'>{provisions}</ul>"
            if provisions
            else ""
        )
        + (f"<h2>Decision checklist</h2><ul class='check'>{checklist}</ul>" if checklist else "")
    )
    return document(f"{module.id} handout", body, "Participant handout")


# Test forms --------------------------------------------------------------------------------


def _shown(item: Item, values: list[str]) -> list[str]:
    return scrambled(values, lambda text: f"paper/{item.id}/{text}")


def paper_question(item: Item, number: int) -> str:
    """The question as printed for participants: no key, no rationale."""
    stem = f"<p><strong>{number}.</strong> {escape(item.stem)}</p>"
    if item.type in (ItemType.SC, ItemType.MS):
        hint = "Tick one answer." if item.type == ItemType.SC else "Tick every answer that applies."
        options = "".join(
            f"<li>☐ {LETTERS[n]}. {escape(o.text)}</li>" for n, o in enumerate(item.options)
        )
        body = f"<p class='hint'>{hint}</p><ul class='opts'>{options}</ul>"
    elif item.type == ItemType.MT:
        rights = _shown(item, [p.right for p in item.pairs])
        lefts = "".join(
            f"<tr><td>{n}. {escape(p.left)}</td><td><span class='blank'></span></td></tr>"
            for n, p in enumerate(item.pairs, 1)
        )
        choices = "".join(f"<li>{LETTERS[n]}. {escape(r)}</li>" for n, r in enumerate(rights))
        body = (
            "<p class='hint'>Write the letter of the matching answer beside each item.</p>"
            f"<table>{lefts}</table><ul class='opts'>{choices}</ul>"
        )
    elif item.type == ItemType.OR:
        steps = "".join(
            f"<li>[&nbsp;&nbsp;&nbsp;] {escape(s)}</li>"
            for s in _shown(item, [s.text for s in item.steps])
        )
        body = (
            "<p class='hint'>Number the steps in order (1 = first).</p>"
            f"<ul class='opts'>{steps}</ul>"
        )
    else:
        table = ""
        if item.table:
            head = "".join(f"<th>{escape(c)}</th>" for c in item.table.columns)
            rows = "".join(
                "<tr>" + "".join(f"<td>{escape(str(v))}</td>" for v in row) + "</tr>"
                for row in item.table.rows
            )
            table = f"<table><tr>{head}</tr>{rows}</table>"
        body = f"{table}<p>Answer: <span class='blank'></span> {escape(item.unit)}</p>"
    return f"<div class='q'>{stem}{body}</div>"


def key_answer(item: Item) -> str:
    """The facilitator's key for one question, with the reason for each part."""
    if item.type in (ItemType.SC, ItemType.MS):
        right = ", ".join(LETTERS[n] for n, o in enumerate(item.options) if o.correct)
        why = "".join(
            f"<li>{LETTERS[n]} {'✔' if o.correct else '✖'} {escape(o.rationale)}</li>"
            for n, o in enumerate(item.options)
        )
        return f"<p><strong>Answer: {right}</strong></p><ul>{why}</ul>"
    if item.type == ItemType.MT:
        letter = {r: LETTERS[n] for n, r in enumerate(_shown(item, [p.right for p in item.pairs]))}
        pairs = "".join(
            f"<li>{n} → {letter[p.right]} ({escape(p.right)}). {escape(p.rationale)}</li>"
            for n, p in enumerate(item.pairs, 1)
        )
        return f"<p><strong>Answer:</strong></p><ul>{pairs}</ul>"
    if item.type == ItemType.OR:
        shown = _shown(item, [s.text for s in item.steps])
        steps = "".join(
            f"<li>{n}. {escape(s.text)} (printed as step {shown.index(s.text) + 1}). "
            f"{escape(s.rationale)}</li>"
            for n, s in enumerate(item.steps, 1)
        )
        return f"<p><strong>Correct order:</strong></p><ul>{steps}</ul>"
    tolerance = f" (accept ±{item.tolerance:g})" if item.tolerance else ""
    return (
        f"<p><strong>Answer: {item.answer:g} {escape(item.unit)}</strong>{tolerance}</p>"
        f"<p>{escape(item.rationale)}</p>"
    )


def render_form(form: Form, modules: Mapping[str, ModuleMeta]) -> str:
    items = "".join(paper_question(item, n) for n, item in enumerate(form.items, 1))
    body = (
        f"<h1>{escape(form.title)}</h1><p class='meta'>{len(form.items)} questions · about "
        f"{form.minutes} minutes · not an exam: it helps us improve the course</p>"
        "<p>Your private code (the same on every form): <span class='blank'></span></p>"
        f"{items}"
    )
    return document(form.title, body, "Participant form")


def render_key(form: Form, modules: Mapping[str, ModuleMeta]) -> str:
    items = "".join(
        f"<div class='q'><p><strong>{n}.</strong> {escape(item.stem)} "
        f"<span class='src'>({item.id}, outcome {item.outcome}: "
        f"{escape(modules[item.outcome.split('.')[0]].outcomes[item.outcome])})</span></p>"
        f"<div class='key'>{key_answer(item)}</div></div>"
        for n, item in enumerate(form.items, 1)
    )
    body = (
        f"<h1>{escape(form.title)}: answer key</h1><p class='meta'>For the facilitator only. "
        "Do not hand out. Scoring: one point per question; a tick-all question scores right "
        "ticks minus wrong ticks, divided by the number of right answers, never below 0; a "
        "matching question scores the share of pairs right.</p>"
        f"{items}"
    )
    return document(f"{form.title} key", body, "FACILITATOR KEY")


# The pack ----------------------------------------------------------------------------------


def _write(path: Path, html: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(html, encoding="utf-8")
    return path


def write_handouts(
    root: Path, out: Path, *, modules: Iterable[str] = (), cases: Iterable[str] = ()
) -> Pack:
    """Write the pack's HTML under `out`; `modules`/`cases` limit what is written (default all)."""
    course = load_course(root)
    references = load_references(bibliography_path(root))
    bank = load_cases(root)
    by_id = {c.id: c for c in bank.values()}
    wanted_modules = list(modules) or list(course.modules)
    wanted_cases = list(cases) or sorted(by_id)
    if unknown := [m for m in wanted_modules if m not in course.modules]:
        raise KeyError(f"no such module(s): {', '.join(unknown)}")
    if unknown := [c for c in wanted_cases if c not in by_id]:
        raise KeyError(f"no such case(s): {', '.join(unknown)}")
    participant, facilitator = [], []

    for module_id in wanted_modules:
        module = course.modules[module_id]
        source = next(
            (root / f"{p.doc}.md" for p in course.module_pages(module) if p.essentials), None
        )
        if source is None:
            continue  # a module without pages in the book yet has no handout
        core = [by_id[c] for c in module.cases if c in by_id]
        html = render_module_handout(
            module, essentials_text(source.read_text("utf-8")), core, references
        )
        participant.append(
            _write(out / "participant" / "modules" / f"{module_id}-handout.html", html)
        )

    with tempfile.TemporaryDirectory() as scratch:
        for path in write_cards(root, Path(scratch), [by_id[c].name for c in wanted_cases]):
            audience = "facilitator" if path.stem.endswith("-facilitator") else "participant"
            target = out / audience / "cards" / f"{path.stem.split('-')[0]}-{audience}.html"
            _write(target, path.read_text("utf-8"))
            (facilitator if audience == "facilitator" else participant).append(target)

    forms = build_forms(load_form_specs(root), load_formative(root))
    for form in forms.values():
        participant.append(
            _write(
                out / "participant" / "tests" / f"{form.id}.html", render_form(form, course.modules)
            )
        )
        facilitator.append(
            _write(
                out / "facilitator" / "keys" / f"{form.id}-key.html",
                render_key(form, course.modules),
            )
        )

    for agenda in load_agendas(root, course.modules, bank).values():
        body = f"<h1>{escape(agenda.title)}</h1>{render_agenda(agenda, course.modules, bank)}"
        participant.append(
            _write(
                out / "participant" / f"agenda-{agenda.id}.html",
                document(agenda.title, body, "Agenda"),
            )
        )
    evaluation = load_evaluation(root)
    for form in evaluation.forms:
        body = f"<h1>{escape(form.title)}</h1>{render_evaluation(form, evaluation.scale)}"
        participant.append(
            _write(
                out / "participant" / "evaluation" / f"{form.id}.html",
                document(form.title, body, "Evaluation"),
            )
        )
    return Pack(participant, facilitator, [])


def print_pack(pack: Pack) -> Pack:
    """Print every HTML file of the pack to a PDF beside it, with page numbers."""
    pdfs = []
    with Printer() as printer:
        for html in [*pack.participant, *pack.facilitator]:
            pdfs.append(printer.pdf(html, html.with_suffix(".pdf"), footer=f"{html.stem} · page "))
    return Pack(pack.participant, pack.facilitator, pdfs)
