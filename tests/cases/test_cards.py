"""Are workshop cards right for each audience: no answers for participants, all for facilitators?"""

from __future__ import annotations

import shutil
import subprocess
from html import escape

import pytest
from conftest import ROOT, all_cases

from sudjustice.cases import load_card
from sudjustice.cases.engine import VERDICT_LABELS
from sudjustice.cases.render.card import render_card
from sudjustice.printing import CHROMIUM, print_to_pdf

CASES = all_cases()


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_participant_card_holds_no_answers(case, references):
    """Does the participant card leave out every verdict, reason, source and the debrief?"""
    card = load_card(case.jurisdiction_card, ROOT)
    participant = render_card(case, card, references, facilitator=False)
    facilitator = render_card(case, card, references, facilitator=True)
    for point in case.decision_points:
        for option in point.options:
            assert escape(option.text) in participant
            assert escape(option.why) not in participant
            assert escape(option.why) in facilitator
    assert not any(f"{label}." in participant for label in VERDICT_LABELS.values())
    assert "Correct place" not in participant and "Common mistake" not in participant
    assert "Common mistake" in facilitator


@pytest.mark.browser
def test_cards_print_to_pdf(tmp_path, fixture_case, card_b, references):
    """Does Chromium print a card to a PDF whose text has the title and no answers?"""
    if not shutil.which("pdftotext"):
        pytest.fail("pdftotext (Debian poppler-utils) is missing: `make browser` installs it")
    html = tmp_path / "card.html"
    html.write_text(render_card(fixture_case, card_b, references, facilitator=False), "utf-8")
    pdf = print_to_pdf(html, tmp_path / "card.pdf", chromium=CHROMIUM)
    text = subprocess.run(
        ["pdftotext", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout
    assert "Fixture with every kind of decision" in text
    assert "Critical error" not in text and "Bars an essential medicine" not in text
