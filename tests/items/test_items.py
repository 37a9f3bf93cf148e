"""Do item banks validate, score by §4.1 and render as a safe, kernel-free quiz?"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from sudjustice.items import load_bank, load_formative, score_item
from sudjustice.items.render.quiz import render_quiz_html
from sudjustice.paths import bibliography_path
from sudjustice.problems import ContentError
from sudjustice.references import load_references

ROOT = Path(__file__).resolve().parents[2]
FIXTURE = Path(__file__).parent / "fixtures" / "m99.yaml"
REFERENCES = load_references(bibliography_path(ROOT))


@pytest.fixture
def bank():
    return load_bank(FIXTURE)


def _items(bank):
    return {item.type.value: item for item in bank.items}


def test_every_shipped_bank_loads_and_cites_known_sources():
    """Does each formative bank in the repository validate, with every source in the bibliography?"""
    for bank in load_formative(ROOT).values():
        assert bank.bank == "formative"
        assert bank.source_keys() <= set(REFERENCES)


@pytest.mark.parametrize(
    ("response", "points"),
    [("a", 1), ("b", 0)],
)
def test_single_choice(bank, response, points):
    """Is an SC item right or wrong?"""
    assert score_item(_items(bank)["SC"], response) == points


@pytest.mark.parametrize(
    ("picked", "points"),
    [("abc", 1), ("ab", 0.67), ("abd", 0.33), ("ade", 0), ("", 0)],
)
def test_multiple_select_partial_credit(bank, picked, points):
    """Is MS scored (right − wrong) / correct, floor 0?"""
    assert score_item(_items(bank)["MS"], list(picked)) == points


def test_matching_is_proportional(bank):
    """Does each correct pair earn its share of the point?"""
    item = _items(bank)["MT"]
    key = {p.left: p.right for p in item.pairs}
    assert score_item(item, key) == 1
    swapped = dict(key)
    first, second = item.pairs[0].left, item.pairs[1].left
    swapped[first], swapped[second] = key[second], key[first]
    assert score_item(item, swapped) == 0.5


def test_ordering_exact_or_one_swap(bank):
    """Does an ordering earn 1 when exact, 0.5 for one neighbour swap, else 0?"""
    item = _items(bank)["OR"]
    steps = [s.text for s in item.steps]
    assert score_item(item, steps) == 1
    assert score_item(item, [steps[1], steps[0], *steps[2:]]) == 0.5
    assert score_item(item, list(reversed(steps))) == 0


def test_numeric_tolerance(bank):
    """Is a numeric answer accepted within its tolerance only?"""
    item = _items(bank)["NUM"]
    assert score_item(item, 21.4) == 1 and score_item(item, 22) == 0


def _broken(tmp_path, edit) -> list:
    data = yaml.safe_load(FIXTURE.read_text("utf-8"))
    edit(data)
    path = tmp_path / "m99.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), "utf-8")
    with pytest.raises(ContentError) as caught:
        load_bank(path)
    return caught.value.problems


def test_sc_needs_exactly_one_key(tmp_path):
    """Is an SC item with two correct options rejected, naming the item?"""

    def edit(d):
        d["items"][0]["options"][1]["correct"] = True

    [problem] = _broken(tmp_path, edit)
    assert problem.field == "items.0" and "exactly one correct" in problem.message


def test_all_of_the_above_is_rejected(tmp_path):
    """Is an "all of the above" option refused, as §4.1 requires?"""

    def edit(d):
        d["items"][0]["options"][3]["text"] = "All of the above."

    [problem] = _broken(tmp_path, edit)
    assert "of the above" in problem.message


def test_missing_rationale_is_rejected(tmp_path):
    """Must every option carry a rationale?"""

    def edit(d):
        del d["items"][1]["options"][2]["rationale"]

    [problem] = _broken(tmp_path, edit)
    assert problem.field == "items.1.options.2.rationale" and problem.line is not None


def test_unknown_enemy_and_foreign_outcome_are_rejected(tmp_path):
    """Are enemies outside the bank and outcomes of another module caught?"""

    def edit(d):
        d["items"][1]["enemies"] = ["m99-f42"]
        d["items"][2]["outcome"] = "m01.o1"

    [problem] = _broken(tmp_path, edit)
    assert "another module" in problem.message or "m99-f42" in problem.message


def test_quiz_never_renders_a_summative_bank(bank):
    """Is a summative bank refused by the book's quiz renderer?"""
    with pytest.raises(ValueError, match="formative"):
        render_quiz_html(bank.model_copy(update={"bank": "summative"}), REFERENCES)


def test_quiz_has_every_item_and_rationale(bank):
    """Does the quiz carry every item, every rationale and its sources, without inline script?"""
    html = render_quiz_html(bank, REFERENCES)
    assert html == render_quiz_html(bank, REFERENCES)
    assert "<script" not in html
    for item in bank.items:
        assert f"data-item='{item.id}'" in html
        for option in item.options:
            assert option.rationale in html
    assert "Question 5 of 5." in html and "21 %" in html


def test_table_rows_must_fit_the_columns(tmp_path):
    """Is a parameter table whose row lost a cell to an unquoted comma rejected?"""

    def edit(d):
        d["items"][4]["table"]["rows"][0] = ["Graduates", "aged 18", 120, 6]

    [problem] = _broken(tmp_path, edit)
    assert problem.field == "items.4.table" and "quote text with commas" in problem.message
