"""Does `sudjustice handouts` print the pack from the data, with answers only for facilitators?

Prints a bounded subset (two modules, two cases, all four test forms) with real Chromium.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from sudjustice.cases.load import load_cases
from sudjustice.delivery.forms import build_forms, load_form_specs
from sudjustice.delivery.handouts import Pack, write_handouts
from sudjustice.items.load import load_formative

pytestmark = [pytest.mark.browser, pytest.mark.slow]
ROOT = Path(__file__).resolve().parents[2]
SUDJUSTICE = Path(sys.executable).parent / "sudjustice"
CASES = {c.id: c for c in load_cases(ROOT).values()}


def _pages(pdf: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
    return int(
        next(line.split()[-1] for line in info.stdout.splitlines() if line.startswith("Pages"))
    )


def _text(pdf: Path) -> str:
    out = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True)
    return " ".join(out.stdout.split())


def _words(text: str) -> str:
    return " ".join(text.split())[:60]


@pytest.fixture(scope="module")
def pack(tmp_path_factory):
    """Print with the command, as `make handouts` does (Playwright cannot share a test's loop)."""
    out = tmp_path_factory.mktemp("handouts")
    subset = ["--module", "m01", "--module", "m09", "--case", "c01", "--case", "c24"]
    command = [SUDJUSTICE, "handouts", "--root", ROOT, "--out", out, *subset]
    subprocess.run(command, check=True, timeout=600)
    pack = write_handouts(ROOT, out, modules=["m01", "m09"], cases=["c01", "c24"])  # the paths
    return out, Pack(pack.participant, pack.facilitator, sorted(out.rglob("*.pdf")))


def test_every_file_is_printed(pack):
    _out, printed = pack
    assert len(printed.pdfs) == len(printed.participant) + len(printed.facilitator)
    assert all(p.exists() and _pages(p) >= 1 for p in printed.pdfs)
    assert not any("facilitator" in p.parts for p in printed.participant)


def test_module_handouts_fit_on_two_pages(pack):
    out, _ = pack
    for module in ("m01", "m09"):
        pdf = out / "participant" / "modules" / f"{module}-handout.pdf"
        assert 1 <= _pages(pdf) <= 2
        text = _text(pdf)
        assert "Key provisions and sources" in text and "Decision checklist" in text


def test_participant_forms_carry_no_answers_and_keys_carry_them_all(pack):
    out, _ = pack
    forms = build_forms(load_form_specs(ROOT), load_formative(ROOT))
    for form in forms.values():
        participant = _text(out / "participant" / "tests" / f"{form.id}.pdf")
        key = _text(out / "facilitator" / "keys" / f"{form.id}-key.pdf")
        for item in form.items:
            assert _words(item.stem) in participant
            reasons = [o.rationale for o in item.options] + [p.rationale for p in item.pairs]
            reasons += [s.rationale for s in item.steps] + (
                [item.rationale] if item.rationale else []
            )
            for reason in reasons:
                assert _words(reason) not in participant, f"{form.id}: {item.id} leaks a rationale"
                assert _words(reason) in key
        assert "✔" not in participant and "FACILITATOR KEY" in key
        assert _pages(out / "participant" / "tests" / f"{form.id}.pdf") <= 2 + len(form.items) // 4


def test_participant_case_cards_carry_no_verdicts(pack):
    out, _ = pack
    for case_id in ("c01", "c24"):
        participant = _text(out / "participant" / "cards" / f"{case_id}-participant.pdf")
        facilitator = _text(out / "facilitator" / "cards" / f"{case_id}-facilitator.pdf")
        case = CASES[case_id]
        for option in (o for dp in case.decision_points for o in dp.options):
            assert _words(option.why) not in participant
            assert _words(option.why) in facilitator
        assert _words(case.debrief.common_mistake) not in participant
        assert _pages(out / "participant" / "cards" / f"{case_id}-participant.pdf") <= 4


def test_agendas_use_titles_from_the_metadata(pack):
    out, _ = pack
    text = _text(out / "participant" / "agenda-one-day.pdf")
    assert "m03: The drug control conventions: obligations and flexibilities" in text
    assert f"c27: {_words(CASES['c27'].title)}" in text
