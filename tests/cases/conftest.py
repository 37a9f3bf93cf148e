"""Fixtures for case tests: the bank, the references, and an all-kinds fixture case."""

from __future__ import annotations

from pathlib import Path

import pytest

from sudjustice.cases import load_card, load_case, load_cases
from sudjustice.paths import bibliography_path
from sudjustice.references import load_references

ROOT = Path(__file__).resolve().parents[2]
FIXTURE = Path(__file__).parent / "fixtures" / "c98-fixture-all-kinds.yaml"


@pytest.fixture(scope="session")
def references():
    return load_references(bibliography_path(ROOT))


@pytest.fixture(scope="session")
def fixture_case():
    return load_case(FIXTURE)


@pytest.fixture(scope="session")
def card_b():
    return load_card("B", ROOT)


def all_cases():
    """The bank plus the fixture, for tests that must hold for every case."""
    return [*load_cases(ROOT).values(), load_case(FIXTURE)]
