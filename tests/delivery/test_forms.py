"""Are the short-format tests drawn right from the formative bank, and never from the exam bank?"""

from __future__ import annotations

from pathlib import Path

import pytest

from sudjustice.delivery.forms import build_forms, load_form_specs
from sudjustice.items.load import load_bank, load_formative

ROOT = Path(__file__).resolve().parents[2]
SPECS = load_form_specs(ROOT)
BANKS = load_formative(ROOT)
FORMS = build_forms(SPECS, BANKS)


def test_form_lengths_follow_the_curriculum():
    """CURRICULUM §4.5: workshop pre/post 10 items, Essentials 15, Executive 20."""
    lengths = {k: len(f.items) for k, f in FORMS.items()}
    assert lengths == {"workshop-pre": 10, "workshop-post": 10, "essentials": 15, "executive": 20}


def test_pre_and_post_are_parallel():
    """Different items, the same outcome in the same place."""
    pre, post = FORMS["workshop-pre"].items, FORMS["workshop-post"].items
    assert not {i.id for i in pre} & {i.id for i in post}
    assert [i.outcome for i in pre] == [i.outcome for i in post]


def test_every_item_is_formative_and_forms_respect_enemies():
    formative = {i.id for b in BANKS.values() for i in b.items}
    for form in FORMS.values():
        ids = [i.id for i in form.items]
        assert len(ids) == len(set(ids)) and set(ids) <= formative
        for item in form.items:
            assert not set(item.enemies) & set(ids), f"{form.id}: {item.id} meets an enemy"


def test_module_spread_follows_the_blueprint():
    for spec in SPECS.values():
        if spec.modules:
            assert [i.id[:3] for i in FORMS[spec.id].items] == spec.modules


def test_forms_are_reproducible():
    assert build_forms(SPECS, load_formative(ROOT)) == FORMS


def test_a_summative_bank_is_refused():
    summative = sorted((ROOT / "exercises" / "items" / "summative").glob("m*.yaml"))
    if not summative:
        pytest.skip("no summative bank in this checkout")
    bank = load_bank(summative[0])
    with pytest.raises(ValueError, match="formative banks only"):
        build_forms(SPECS, {**BANKS, bank.module: bank})
