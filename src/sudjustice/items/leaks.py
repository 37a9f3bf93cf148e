"""Fingerprints of a summative bank, to prove that nothing summative reaches a learner.

The book, its PDF and zip, handouts and practice exports are searched for every summative item
id and for distinctive fragments of every stem; a hit means an exam item has leaked.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from sudjustice.items.load import load_banks
from sudjustice.items.model import Item

PLACEHOLDER = re.compile(r"\{[a-z_]+\}")
ITEM_ID = re.compile(r"\bm\d\d-s\d{2,3}\b")
TAG = re.compile(r"<[^>]+>")
KEY_WORDS = 4
MIN_FRAGMENT = 40  # characters: long enough to be unique to one stem


@dataclass(frozen=True)
class Fingerprints:
    ids: frozenset[str]
    fragments: dict[str, str]  # fragment -> item id

    @cached_property
    def _by_opening(self) -> dict[tuple[str, ...], list[str]]:
        """Fragments indexed by their first words, so a page is scanned once, word by word."""
        index: dict[tuple[str, ...], list[str]] = {}
        for fragment in self.fragments:
            index.setdefault(tuple(fragment.split()[:KEY_WORDS]), []).append(fragment)
        return index

    def find(self, text: str) -> list[str]:
        """Item ids whose id or a text fragment occurs in `text` (case and spacing ignored)."""
        hits = set(ITEM_ID.findall(text)) & self.ids
        flat = normalise(html.unescape(TAG.sub(" ", text)))
        words = flat.split()
        for start in range(len(words)):
            for fragment in self._by_opening.get(tuple(words[start : start + KEY_WORDS]), ()):
                if " ".join(words[start : start + len(fragment.split())]).startswith(fragment):
                    hits.add(self.fragments[fragment])
        return sorted(hits)


def normalise(text: str) -> str:
    return " ".join(text.lower().split())


def stem_fragments(stem: str) -> list[str]:
    """The longest placeholder-free sentences of a stem (placeholders vary per learner)."""
    parts = [normalise(p) for p in re.split(r"[.?!:;]\s|\n|" + PLACEHOLDER.pattern, stem)]
    return sorted((p for p in parts if len(p) >= MIN_FRAGMENT), key=len, reverse=True)[:3]


def public_text(root: Path) -> str:
    """Everything the project publishes on purpose: pages, practice cases, formative items."""
    patterns = [
        "modules/**/*.md",
        "book/**/*.md",
        "exercises/cases/*.yaml",
        "exercises/items/m*.yaml",
    ]
    files = sorted({p for pattern in patterns for p in root.glob(pattern)})
    text = " ".join(p.read_text("utf-8") for p in files)
    return normalise(re.sub(r"[*_`]", "", text))  # markdown emphasis is not part of the words


def fingerprints(bank_dir: Path, public: str = "") -> Fingerprints:
    """Stem fragments unique to the exam: a sentence an exam variant shares with the public
    practice case it was built from is public already, so it proves nothing either way."""
    banks = load_banks(bank_dir, "summative")
    items = [i for bank in banks.values() for i in bank.items]
    fragments = {f: i.id for i in items for f in item_fragments(i) if f not in public}
    return Fingerprints(frozenset(i.id for i in items), fragments)


def item_fragments(item: Item) -> list[str]:
    """Distinctive text of an item: its stem's longest sentences and its longest choices."""
    choices = [o.text for o in item.options] + [d.text for d in item.decisions]
    choices += [r.text for r in item.reasons] + [t for p in item.pairs for t in (p.left, p.right)]
    choices += [s.text for s in item.steps]
    longest = sorted((normalise(c) for c in choices if not PLACEHOLDER.search(c)), key=len)
    return stem_fragments(item.stem) + [c for c in longest[-2:] if len(c) >= MIN_FRAGMENT]


def leaks_in_files(prints: Fingerprints, files: Iterable[Path]) -> dict[str, list[str]]:
    """File -> leaked item ids, for every readable text file with a hit."""
    found = {}
    for path in files:
        text = path.read_text(encoding="utf-8", errors="replace")
        if hits := prints.find(text):
            found[str(path)] = hits
    return found
