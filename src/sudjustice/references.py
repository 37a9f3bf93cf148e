"""The single bibliography: load `book/references.bib` and format entries for feedback panels."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from pybtex.database import Entry, parse_file


@dataclass(frozen=True)
class Reference:
    """One bibliography entry reduced to what a learner needs to find the source."""

    key: str
    label: str
    """Short author–year label, e.g. "United Nations (1988)"."""
    title: str
    full: str
    """One-line full reference: author, year, title, publisher or venue."""


def _authors(entry: Entry) -> str:
    people = entry.persons.get("author") or entry.persons.get("editor") or []
    if people:
        names = [_plain(" ".join(p.last_names) or str(p)) for p in people]
        return names[0] if len(names) == 1 else f"{names[0]} et al."
    for field in ("organization", "institution", "publisher", "howpublished"):
        if field in entry.fields:
            return _plain(entry.fields[field])
    return "Anonymous"


def _plain(text: str) -> str:
    """Drop BibTeX braces and escaped ampersands for display."""
    return text.replace("{", "").replace("}", "").replace("\\&", "&").strip()


def _reference(key: str, entry: Entry) -> Reference:
    author = _authors(entry)
    year = _plain(entry.fields.get("year", "n.d."))
    title = _plain(entry.fields.get("title", key))
    venue = next(
        (
            _plain(entry.fields[f])
            for f in ("journal", "publisher", "institution", "organization", "howpublished")
            if f in entry.fields
        ),
        "",
    )
    full = f"{author} ({year}). {title}." + (f" {venue}." if venue and venue != author else "")
    return Reference(key=key, label=f"{author} ({year})", title=title, full=full)


@lru_cache(maxsize=4)
def load_references(bib_path: Path) -> dict[str, Reference]:
    """Parse the bibliography once per path; keys map to display-ready references."""
    database = parse_file(str(bib_path), bib_format="bibtex")
    return {key: _reference(key, entry) for key, entry in database.entries.items()}
