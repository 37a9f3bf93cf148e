"""Respectful-language check: stigmatising terms in content, with person-first alternatives.

The policy (`book/language.yaml`) lists the terms and what to say instead, and allows a
quotation or official title explicitly, line by line, with a reason.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from sudjustice.problems import Problem

POLICY = Path("book") / "language.yaml"
CONTENT = [
    "modules/**/*.md",
    "modules/**/*.yaml",
    "book/**/*.md",
    "exercises/cases/*.yaml",
    "exercises/cards/*.yaml",
    "exercises/items/**/*.yaml",
    "datasets/*.csv",
    "datasets/*.md",
    "datasets/*.yaml",
    "datasets/datapackage.json",
    # Facilitator and start-here data, the capstone material, and the words the package itself
    # puts on pages (renderer labels, chart titles) and in its comments.
    "book/**/*.yaml",
    "exercises/**/*.md",
    "src/sudjustice/**/*.py",
    "src/sudjustice/**/*.js",
    "src/sudjustice/**/*.css",
    "src/sudjustice/**/*.html",
]


@dataclass(frozen=True)
class Rule:
    pattern: re.Pattern[str]
    use: str


@dataclass(frozen=True)
class Allowance:
    path: str
    contains: str
    term: str
    reason: str


def load_policy(root: Path) -> tuple[list[Rule], list[Allowance]]:
    policy = yaml.safe_load((root / POLICY).read_text(encoding="utf-8"))
    rules = [
        Rule(
            re.compile(r"\b(" + "|".join(map(re.escape, t["avoid"])) + r")\b", re.IGNORECASE),
            t["use"],
        )
        for t in policy["terms"]
    ]
    allowed = [Allowance(**entry) for entry in policy.get("allowed") or []]
    return rules, allowed


def find_terms(text: str, rules: list[Rule]) -> list[tuple[int, str, str, str]]:
    """(line number, term as written, suggested wording, the line) for every match."""
    return [
        (number, match.group(0), rule.use, line)
        for number, line in enumerate(text.splitlines(), 1)
        for rule in rules
        for match in rule.pattern.finditer(line)
    ]


def _is_allowed(path: str, term: str, line: str, allowed: list[Allowance]) -> bool:
    return any(
        a.path == path and a.term.lower() == term.lower() and a.contains in line for a in allowed
    )


def check_language(root: Path) -> list[Problem]:
    """Every stigmatising term not explicitly allowed, with the wording to use instead."""
    rules, allowed = load_policy(root)
    problems = []
    files = sorted({p for pattern in CONTENT for p in root.glob(pattern) if p.is_file()})
    for path in files:
        relative = path.relative_to(root).as_posix()
        if relative == POLICY.as_posix():
            continue
        for line, term, use, text in find_terms(path.read_text(encoding="utf-8"), rules):
            if not _is_allowed(relative, term, text, allowed):
                problems.append(Problem(str(path), line, None, f"'{term}': use {use} instead"))
    problems += [
        Problem(
            str(root / POLICY),
            None,
            "allowed",
            f"{a.path}: allowance for '{a.term}' matches no line",
        )
        for a in allowed
        if not any(
            _is_allowed(a.path, t, line, [a])
            for _, t, _, line in find_terms(_read(root / a.path), rules)
        )
    ]
    return problems


def _read(path: Path) -> str:
    return path.read_text(encoding="utf-8") if path.exists() else ""
