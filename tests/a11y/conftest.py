"""Fixtures for the accessibility tests (helpers live in axe_run.py)."""

from __future__ import annotations

from pathlib import Path

import pytest
from axe_run import AXE


@pytest.fixture(scope="session")
def axe_script() -> Path:
    if not AXE.exists():
        pytest.fail("axe-core is not installed: run `make a11y-deps` (npm ci in tests/a11y)")
    return AXE
