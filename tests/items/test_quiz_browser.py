"""Does the quiz script mark answers exactly as the Python scoring does, in a plain browser?"""

from __future__ import annotations

from pathlib import Path

import pytest

from sudjustice.items import load_bank, score_item
from sudjustice.items.render.quiz import render_quiz_html
from sudjustice.paths import bibliography_path
from sudjustice.references import load_references

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
STATIC = ROOT / "src" / "sudjustice" / "sphinxext" / "static"
BANK = load_bank(Path(__file__).parent / "fixtures" / "m99.yaml")


@pytest.fixture
def quiz(learner_page, tmp_path):
    """The fixture bank rendered into a page with the book's quiz script, opened from disk."""
    html = render_quiz_html(BANK, load_references(bibliography_path(ROOT)))
    page_file = tmp_path / "quiz.html"
    page_file.write_text(
        f"<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>Quiz</title>"
        f"<link rel='stylesheet' href='{(STATIC / 'sudjustice.css').as_uri()}'></head><body>{html}"
        f"<script src='{(STATIC / 'quiz.js').as_uri()}'></script></body></html>",
        encoding="utf-8",
    )
    learner_page.goto(page_file.as_uri())
    return learner_page


def _result(page, item_id: str) -> str:
    form = page.locator(f"form[data-item='{item_id}']")
    form.locator("button.sudj-check").click()
    return form.locator(".sudj-q-result").inner_text()


def test_answers_score_as_in_python(quiz):
    """For one answer per type, does the page give the points score_item gives?"""
    items = {item.type.value: item for item in BANK.items}
    quiz.locator("#m99-f01-b").check()
    assert f"({score_item(items['SC'], 'b'):g} of 1 point)" in _result(quiz, "m99-f01")
    for option in "abd":
        quiz.locator(f"#m99-f02-{option}").check()
    assert f"({score_item(items['MS'], list('abd')):g} of 1 point)" in _result(quiz, "m99-f02")
    mt = items["MT"]
    for n, pair in enumerate(mt.pairs):
        quiz.locator(f"#m99-f03-{n}").select_option(pair.right)
    assert "✔ Correct (1 of 1 point)" in _result(quiz, "m99-f03")
    order = [1, 0, 2, 3]  # one neighbour swap
    for place, step in enumerate(order, 1):
        quiz.locator(f"#m99-f04-{step}").select_option(str(place))
    assert "(0.5 of 1 point)" in _result(quiz, "m99-f04")
    quiz.locator("#m99-f05-answer").fill("21.3")
    assert "(1 of 1 point)" in _result(quiz, "m99-f05")


def test_feedback_shows_rationale_and_retry_resets(quiz):
    """After an answer, are the rationales shown, the score kept, and can the learner retry?"""
    form = quiz.locator("form[data-item='m99-f01']")
    quiz.locator("#m99-f01-a").check()
    assert "✔ Correct" in _result(quiz, "m99-f01")
    assert form.locator(
        ".sudj-rat", has_text="It covers personal-consumption offences."
    ).is_visible()
    assert (
        quiz.locator(".sudj-quiz-score").inner_text() == "Your score so far: 1 of 5 (1 answered)."
    )
    stored = quiz.evaluate("JSON.parse(localStorage.getItem('sudjustice:quizzes'))")
    assert stored["m99"]["items"] == {"m99-f01": 1}
    form.locator(".sudj-retry").click()
    assert (
        form.locator("#m99-f01-a").is_enabled()
        and not form.locator(".sudj-q-feedback").is_visible()
    )


def test_incomplete_answer_asks_for_more(quiz):
    """Is an unanswered question met with a prompt rather than a score?"""
    assert _result(quiz, "m99-f03") == "Match every item first."
