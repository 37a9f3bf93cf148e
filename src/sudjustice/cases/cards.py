"""Write the workshop cards for the case bank to a folder (the I/O around `render_card`)."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from sudjustice.cases.load import load_card, load_cases
from sudjustice.cases.render.card import render_card
from sudjustice.paths import bibliography_path
from sudjustice.references import load_references


def write_cards(root: Path, out: Path, names: Iterable[str] = ()) -> list[Path]:
    """Write `<case>-participant.html` and `<case>-facilitator.html`; return the paths."""
    cases = load_cases(root)
    wanted = list(names) or sorted(cases)
    if unknown := [n for n in wanted if n not in cases]:
        raise KeyError(f"no such case(s): {', '.join(unknown)}")
    references = load_references(bibliography_path(root))
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name in wanted:
        case = cases[name]
        card = load_card(case.jurisdiction_card, root)
        for version, facilitator in (("participant", False), ("facilitator", True)):
            path = out / f"{name}-{version}.html"
            path.write_text(render_card(case, card, references, facilitator=facilitator), "utf-8")
            written.append(path)
    return written
