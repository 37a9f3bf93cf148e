"""Is stigmatising language kept out of the content, with quotations allowed only explicitly?"""

from __future__ import annotations

from pathlib import Path

import yaml

from sudjustice.language import check_language, find_terms, load_policy


def test_the_content_passes(root: Path):
    """Does every page, case, item and dataset description pass the language policy?"""
    assert [str(p) for p in check_language(root)] == []


def test_terms_are_whole_words_and_case_blind(root: Path):
    """Are "Addict" and "dirty test" caught, but not "addiction" or "clean-up"?"""
    rules, _ = load_policy(root)
    hits = find_terms("An Addict gave a dirty test.\nAddiction services; a clean-up day.", rules)
    assert [(line, term) for line, term, _, _ in hits] == [(1, "Addict"), (1, "dirty test")]


def test_new_term_fails_and_names_the_alternative(project_copy: Path):
    """Does a stigmatising word added to a case fail the check and say what to write instead?"""
    case = project_copy / "exercises" / "cases" / "c10-first-time-courier-nonuser.yaml"
    case.write_text(
        case.read_text("utf-8").replace(
            "title: Paid to carry a package", "title: Paid to carry a package for a junkie", 1
        ),
        "utf-8",
    )
    [problem] = check_language(project_copy)
    assert problem.path == str(case) and problem.line
    assert "'junkie'" in problem.message and "person who uses drugs" in problem.message


def test_allowance_is_line_by_line_with_a_reason(project_copy: Path):
    """Does an allowance cover only its own line, and is a stale allowance reported?"""
    policy_path = project_copy / "book" / "language.yaml"
    policy = yaml.safe_load(policy_path.read_text("utf-8"))
    assert all(entry["reason"].strip() for entry in policy["allowed"])
    policy["allowed"].append(
        {"path": "book/intro.md", "contains": "no such line", "term": "addict", "reason": "test"}
    )
    policy_path.write_text(yaml.safe_dump(policy, sort_keys=False), "utf-8")
    [problem] = check_language(project_copy)
    assert problem.field == "allowed" and "matches no line" in problem.message
