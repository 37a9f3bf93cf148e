"""Render the case library: every case as a filterable entry linking to the pages that use it."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from html import escape

from sudjustice.cases.model import Case, Stage
from sudjustice.cases.render.html import ROLE_NAMES

FILTERS = {
    "role": "Role track",
    "stage": "Stage",
    "population": "Population",
    "substance": "Substance",
}


def _label(tag: str) -> str:
    return ROLE_NAMES.get(tag, tag.replace("_", " ").capitalize())


def case_tags(case: Case) -> dict[str, list[str]]:
    """The values a learner can filter this case by."""
    return {
        "role": [case.role, *case.alt_roles],
        "stage": [case.stage.value],
        "population": list(case.population),
        "substance": list(case.substances),
    }


def _filter_html(name: str, cases: Sequence[Case]) -> str:
    values = sorted({v for c in cases for v in case_tags(c)[name]})
    if name == "stage":
        values = [s.value for s in Stage if s.value in values]
    options = "".join(f"<option value='{v}'>{escape(_label(v))}</option>" for v in values)
    return (
        f"<label>{FILTERS[name]} <select data-filter='{name}'>"
        f"<option value=''>All</option>{options}</select></label>"
    )


def render_library_html(cases: Sequence[Case], links: Mapping[str, list[tuple[str, str]]]) -> str:
    """The library; `links` maps a case name to (page title, relative URL) pairs."""
    filters = "".join(_filter_html(name, cases) for name in FILTERS)
    entries = []
    for case in cases:
        tags = case_tags(case)
        data = " ".join(f"data-{k}='{' '.join(v)}'" for k, v in tags.items())
        where = ", ".join(
            f"<a href='{escape(url)}'>{escape(title)}</a>"
            for title, url in links.get(case.name, [])
        )
        facts = " · ".join(
            [", ".join(_label(r) for r in tags["role"]), _label(case.stage.value)]
            + ([", ".join(_label(s) for s in case.substances)] if case.substances else [])
        )
        entries.append(
            f"<li class='sudj-library-entry' {data}><strong>{case.id} — {escape(case.title)}"
            f"</strong>{' <span class=sudj-exec>Executive format</span>' if case.executive else ''}"
            f"<br><span class='sudj-library-facts'>{escape(facts)}</span>"
            f"<br><span class='sudj-library-where'>Practise it in: {where or 'no page yet'}</span>"
            f"</li>"
        )
    return (
        f"<div class='sudj-library'><form class='sudj-library-filters' role='search' "
        f"aria-label='Filter the cases'>{filters}</form>"
        f"<p class='sudj-library-count' aria-live='polite'>{len(cases)} cases</p>"
        f"<ul class='sudj-library-list'>{''.join(entries)}</ul></div>"
    )
