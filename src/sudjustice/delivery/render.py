"""HTML for the "Start here" pages: a path with its times, the list of paths, overall progress.

Progress itself is shown by `progress.js` from what the case and quiz scripts remember in the
browser (`sudjustice:cases`, `sudjustice:quizzes`): no account, works from a file:// copy.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from html import escape

from sudjustice.delivery.course import Course, CoursePath, Step

UrlFor = Callable[[str], str]
PROGRESS_NOTE = (
    "Your progress is kept only in this browser, on this device: no account, nothing is sent "
    "anywhere. Clearing the browser's data, or the button below, resets it."
)


def hours(minutes: int) -> str:
    return f"{minutes // 60} h {minutes % 60:02d} min" if minutes >= 60 else f"{minutes} min"


def _tracked(step: Step, case_titles: Mapping[str, str], required: set[str]) -> str:
    rows = [
        f"<li class='sudj-track-item' data-case='{c}'><span class='sudj-tick' aria-hidden='true'>"
        f"</span> Case {c}: {escape(case_titles.get(c, c))}"
        f"{' <em>(required)</em>' if c in required else ''}"
        f"<span class='sudj-state'></span></li>"
        for c in step.cases
    ]
    if step.quiz:
        rows.append(
            f"<li class='sudj-track-item' data-quiz='{step.quiz}' data-items='{step.quiz_items}'>"
            f"<span class='sudj-tick' aria-hidden='true'></span> Self-check "
            f"({step.quiz_items} questions)<span class='sudj-state'></span></li>"
        )
    return f"<ul class='sudj-tracked'>{''.join(rows)}</ul>" if rows else ""


def _step_html(step: Step, url_for: UrlFor, case_titles, required: set[str]) -> str:
    anchor = f"#{step.anchor}" if step.anchor else ""
    title = (
        f"<a href='{url_for(step.doc)}{anchor}'>{escape(step.title)}</a>"
        if step.doc
        else escape(step.title)
    )
    return (
        f"<li class='sudj-step'>{title} <span class='sudj-min'>about {hours(step.minutes)}</span>"
        f"{_tracked(step, case_titles, required)}</li>"
    )


def reset_controls() -> str:
    return (
        f"<div class='sudj-progress-tools'><p class='sudj-progress-note'>{PROGRESS_NOTE}</p>"
        f"<button type='button' class='sudj-reset'>Reset my progress</button>"
        f"<p class='sudj-reset-status' role='status' aria-live='polite'></p></div>"
    )


def render_path(path: CoursePath, url_for: UrlFor, case_titles: Mapping[str, str]) -> str:
    required = set(path.required_cases)
    sections = "".join(
        f"<h3>{escape(s.title)} <span class='sudj-min'>({hours(s.minutes)})</span></h3>"
        f"<ol class='sudj-steps'>{''.join(_step_html(st, url_for, case_titles, required) for st in s.steps)}</ol>"
        for s in path.sections
    )
    notes = "".join(f"<p>{escape(n)}</p>" for n in path.notes)
    return (
        f"<section class='sudj-path' data-path='{path.key}' aria-label='Your path'>"
        f"<p><strong>For:</strong> {escape(path.who)}. <strong>Estimated time:</strong> "
        f"{hours(path.minutes)}.</p>{notes}"
        f"<p class='sudj-progress-summary' aria-live='polite'></p>{sections}"
        f"{reset_controls()}</section>"
    )


def render_path_list(course: Course, url_for: UrlFor, slugs: Mapping[str, str]) -> str:
    """Every path with its length, linking to its page (`slugs`: path key -> docname)."""
    rows = []
    for key in ["essentials", "executive", *course.tracks]:
        path = course.path(key)
        rows.append(
            f"<tr><td><a href='{url_for(slugs[key])}'>{escape(path.title)}</a></td>"
            f"<td>{escape(path.who)}</td><td>{hours(path.minutes)}</td></tr>"
        )
    return (
        "<table class='sudj-paths'><thead><tr><th>Path</th><th>For</th><th>Time</th></tr>"
        f"</thead><tbody>{''.join(rows)}</tbody></table>"
    )


def render_progress(course: Course, url_for: UrlFor, case_titles: Mapping[str, str]) -> str:
    """Every case and every module self-check, ticked from this browser's memory."""
    cases = sorted({c for p in course.pages for c in p.cases})
    case_rows = "".join(
        f"<li class='sudj-track-item' data-case='{c}'><span class='sudj-tick' aria-hidden='true'>"
        f"</span> <a href='{url_for(course.case_page(c))}#case-{c}'>Case {c}: "
        f"{escape(case_titles.get(c, c))}</a><span class='sudj-state'></span></li>"
        for c in cases
    )
    quiz_rows = "".join(
        f"<li class='sudj-track-item' data-quiz='{p.quiz}' data-items='{course.quiz_items[p.quiz]}'>"
        f"<span class='sudj-tick' aria-hidden='true'></span> <a href='{url_for(p.doc)}'>"
        f"{p.quiz}: {escape(course.modules[p.quiz].title)}</a><span class='sudj-state'></span></li>"
        for p in course.pages
        if p.quiz and p.quiz in course.modules
    )
    return (
        "<section class='sudj-path' data-path='all' aria-label='Your progress'>"
        "<p class='sudj-progress-summary' aria-live='polite'></p>"
        f"<h3>Self-checks</h3><ul class='sudj-tracked'>{quiz_rows}</ul>"
        f"<h3>Cases</h3><ul class='sudj-tracked'>{case_rows}</ul>{reset_controls()}</section>"
    )
