"""Does every module in the book meet the content bar of the content issues?

For each module with pages in the TOC: every outcome in modules/modules.yaml is taught, the
essentials section is tagged, the prose is 3,500–6,000 words, at least 8 distinct sources are
cited, a case and a self-check of at least 10 items are embedded, and every outcome has an
item. The orientation module (m00, `kind: orientation`) is short by design, so it is held only to
its outcomes and its self-check.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from sudjustice.check import toc_pages
from sudjustice.items import load_bank

ROOT = Path(__file__).resolve().parents[2]
MODULES = yaml.safe_load((ROOT / "modules" / "modules.yaml").read_text("utf-8"))["modules"]
CITE = re.compile(r"\{cite:[a-z]+\}`([^`]+)`")
CODE = re.compile(r"^```\{code-cell\}.*?^```", re.MULTILINE | re.DOTALL)
FENCE = re.compile(r"^(:::|```)\{?[a-z-]*\}?.*$", re.MULTILINE)
FRONT_MATTER = re.compile(r"\A---\n.*?\n---\n", re.DOTALL)


def _pages(slug: str) -> list[Path]:
    return [p for p in toc_pages(ROOT) if p.parent.name == slug]


def _text(slug: str) -> str:
    return "\n".join(p.read_text("utf-8") for p in _pages(slug))


def prose_words(text: str) -> int:
    """Words of running prose: no front matter, code, fences, labels, headings, tables or citations."""
    text = CODE.sub("", FRONT_MATTER.sub("", text))
    text = CITE.sub("", FENCE.sub("", text))
    text = re.sub(r"\{(?:term|ref)\}`([^`<]+?)\s*(?:<[^>]*>)?`", r"\1", text)  # the words shown
    text = re.sub(r"^\(.*\)=$|^:[a-z]+:.*$|^#+ .*$|^\|.*$", "", text, flags=re.MULTILINE)
    return len(re.findall(r"[A-Za-z0-9][\w'’.-]*", text))


def cited_keys(text: str) -> set[str]:
    """Keys cited in {cite} roles; pinpoints in braces may themselves contain commas."""
    return {
        key.strip()
        for role in CITE.findall(text)
        for key in re.sub(r"\{[^}]*\}", "", role).split(",")
        if key.strip()
    }


IN_BOOK = [m for m in MODULES if _pages(m["slug"])]
FULL = [m for m in IN_BOOK if m.get("kind", "lesson") == "lesson"]


def test_cited_keys_ignore_commas_in_pinpoints():
    """Is a pinpoint such as {annex, para. 14} kept out of the key list?"""
    text = "See {cite:p}`legalaid2012{annex, para. 14}` and {cite:p}`tokyo1990{r. 3.4},crc1989`."
    assert cited_keys(text) == {"legalaid2012", "tokyo1990", "crc1989"}


def test_prose_counter_ignores_markup():
    """Does the word count leave out code, fences and citation roles?"""
    sample = (
        "---\na: b\n---\n# Title here\n\nOne two {cite:p}`k{p. 1}`.\n\n| a | b |\n\n"
        "```{code-cell} ipython3\nx = 1\n```\n:::{note}\nThree {term}`four <Four-term>`\n:::\n"
    )
    assert prose_words(sample) == 4


@pytest.mark.parametrize("module", FULL, ids=[m["id"] for m in FULL])
def test_module_teaches_every_outcome_with_sources(module):
    """Are all outcomes listed, the essentials tagged, 3,500–6,000 words and ≥ 8 sources cited?"""
    text = _text(module["slug"])
    assert [o for o in module["outcomes"] if o not in text] == []
    assert ":class: essentials" in _pages(module["slug"])[0].read_text("utf-8")
    assert 3500 <= prose_words(text) <= 6000
    assert len(cited_keys(text)) >= 8


@pytest.mark.parametrize("module", IN_BOOK, ids=[m["id"] for m in IN_BOOK])
def test_module_has_case_and_self_check(module):
    """Does the module embed a case (m01–m13) and its self-check, with every outcome examined?"""
    text = _text(module["slug"])
    if module in FULL:
        assert re.search(r"^:::\{case\} c\d\d-", text, re.MULTILINE)
    assert [o for o in module["outcomes"] if o not in text] == []
    assert f"{{quiz}} {module['id']}" in text
    bank = load_bank(ROOT / "exercises" / "items" / f"{module['id']}.yaml")
    assert len(bank.items) >= 10
    assert set(module["outcomes"]) <= {item.outcome for item in bank.items}


@pytest.mark.build
@pytest.mark.parametrize("module", FULL, ids=[m["id"] for m in FULL])
def test_module_shows_a_described_chart(module, site):
    """Does at least one built page of the module carry a chart with a text description?"""
    built = [site / p.relative_to(ROOT).with_suffix(".html") for p in _pages(module["slug"])]
    html = "".join(page.read_text("utf-8") for page in built)
    assert re.search(r'<figure class="sudj-chart" role="group" aria-label="[^"]{40,}"', html)
