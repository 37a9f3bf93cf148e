from __future__ import annotations

from pathlib import Path

import pytest

from sudjustice.items.blueprint import load_blueprint

from .synthetic_bank import synthetic_banks

ROOT = Path(__file__).resolve().parents[2]
SECRET = b"test-only secret, never a real key"


@pytest.fixture(scope="session")
def blueprint():
    return load_blueprint(ROOT / "exercises" / "items" / "blueprint.yaml")


@pytest.fixture(scope="session")
def banks(blueprint):
    return synthetic_banks(blueprint)
