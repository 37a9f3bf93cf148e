"""Does the respectful-language check reach every kind of source content, naming the term to use?

tests/test_language.py covers the policy itself; these tests break each kind of content once.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from sudjustice.language import check_language


def _append_to_first_data_line(path: Path, words: str) -> None:
    lines = path.read_text("utf-8").splitlines(keepends=True)
    lines[1] = lines[1].replace(",", f",{words} ", 1)
    path.write_text("".join(lines), "utf-8")


@pytest.mark.parametrize(
    ("relative", "words", "term", "use"),
    [
        ("datasets/glossary.csv", "for an addict", "addict", "person with a substance use"),
        ("datasets/stage_measure_matrix.csv", "dirty test", "dirty test", "tested positive"),
        ("exercises/items/m03.yaml", "junkie", "junkie", "person who uses drugs"),
        ("book/facilitator/agendas.yaml", "drug abuser", "drug abuser", "person who uses drugs"),
        ("modules/modules.yaml", "alcoholic", "alcoholic", "alcohol use disorder"),
    ],
)
def test_new_term_in_any_content_fails(project_copy: Path, relative, words, term, use):
    """Glossary, dataset labels, items, facilitator data, module metadata: each is checked."""
    path = project_copy / relative
    if path.suffix == ".csv":
        _append_to_first_data_line(path, words)
    else:
        text = path.read_text("utf-8").rstrip("\n")
        path.write_text(f"{text}\n# {words}\n", "utf-8")
    [problem] = check_language(project_copy)
    assert problem.path == str(path) and problem.line
    assert f"'{term}'" in problem.message and use in problem.message


def test_package_source_is_checked(root: Path):
    """Are the labels and comments of the package inside the checked content?"""
    from sudjustice.language import CONTENT

    checked = {p for pattern in CONTENT for p in root.glob(pattern)}
    assert root / "src" / "sudjustice" / "cases" / "render" / "html.py" in checked
    assert root / "src" / "sudjustice" / "sphinxext" / "static" / "quiz.js" in checked
