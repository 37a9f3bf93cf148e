"""Fingerprints of a summative bank, to prove that nothing summative reaches a learner.

The book, its PDF and zip, handouts and practice exports are searched for every summative item
id and for distinctive fragments of every stem; a hit means an exam item has leaked.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from sudjustice.items.load import load_banks

PLACEHOLDER = re.compile(r"\{[a-z_]+\}")
MIN_FRAGMENT = 40  # characters: long enough to be unique to one stem


@dataclass(frozen=True)
class Fingerprints:
    ids: frozenset[str]
    fragments: dict[str, str]  # fragment -> item id

    def find(self, text: str) -> list[str]:
        """Item ids whose id or a stem fragment occurs in `text` (whitespace-insensitive)."""
        flat = normalise(html.unescape(re.sub(r"<[^>]+>", " ", text)))
        hits = {i for i in self.ids if re.search(rf"\b{re.escape(i)}\b", text)}
        hits |= {item for fragment, item in self.fragments.items() if fragment in flat}
        return sorted(hits)


def normalise(text: str) -> str:
    return " ".join(text.lower().split())


def stem_fragments(stem: str) -> list[str]:
    """The longest placeholder-free sentences of a stem (placeholders vary per learner)."""
    parts = [normalise(p) for p in re.split(r"[.?!:;]\s|\n|" + PLACEHOLDER.pattern, stem)]
    return sorted((p for p in parts if len(p) >= MIN_FRAGMENT), key=len, reverse=True)[:2]


def fingerprints(bank_dir: Path) -> Fingerprints:
    banks = load_banks(bank_dir, "summative")
    items = [i for bank in banks.values() for i in bank.items]
    fragments = {f: i.id for i in items for f in stem_fragments(i.stem)}
    return Fingerprints(frozenset(i.id for i in items), fragments)


def leaks_in_files(prints: Fingerprints, files: Iterable[Path]) -> dict[str, list[str]]:
    """File -> leaked item ids, for every readable text file with a hit."""
    found = {}
    for path in files:
        text = path.read_text(encoding="utf-8", errors="replace")
        if hits := prints.find(text):
            found[str(path)] = hits
    return found
