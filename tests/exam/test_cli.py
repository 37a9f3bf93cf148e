"""Does `sudjustice exam` work from the command line with a bank given by path?"""

from __future__ import annotations

import pytest
import yaml
from click.testing import CliRunner

from sudjustice.cli import main
from sudjustice.items.exam import load_form

from .conftest import SECRET


@pytest.fixture
def bank_dir(tmp_path, banks):
    folder = tmp_path / "private-bank"
    folder.mkdir()
    for module, bank in banks.items():
        data = bank.model_dump(mode="json", exclude_defaults=True)
        (folder / f"{module}.yaml").write_text(yaml.safe_dump(data | {"schema_version": 1}))
    return folder


def _run(*args, env=None):
    env = {"SUDJUSTICE_EXAM_SECRET": SECRET.decode()} if env is None else env
    return CliRunner().invoke(main, list(args), env=env, catch_exceptions=False)


def test_build_twice_gives_the_same_form(bank_dir, tmp_path):
    args = ["exam", "build", "--bank", str(bank_dir), "--family", "cert-2026", "--learner", "L7"]
    first = _run(*args, "--track", "J", "--out", str(tmp_path / "a"))
    _run(*args, "--track", "J", "--out", str(tmp_path / "b"))
    assert first.exit_code == 0, first.output
    a, b = (next((tmp_path / d).glob("*.json")) for d in "ab")
    assert a.read_bytes() == b.read_bytes()
    assert len(load_form(a).items) == 60


def test_missing_secret_is_a_clear_error(bank_dir, tmp_path):
    result = _run(
        "exam", "build", "--bank", str(bank_dir), "--family", "f", "--learner", "L",
        "--track", "P", "--out", str(tmp_path), env={},
    )  # fmt: skip
    assert result.exit_code != 0 and "SUDJUSTICE_EXAM_SECRET" in result.output


def test_batch_reports_a_bad_row_and_builds_the_rest(bank_dir, tmp_path):
    learners = tmp_path / "cohort.csv"
    rows = ["learner,track"] + [f"L{n},{'PJDCHR'[n % 6]}" for n in range(6)]
    learners.write_text("\n".join(rows).replace(",R", ",PR") + "\nL99,XX\n")
    out, log = tmp_path / "forms", tmp_path / "exposure.jsonl"
    result = _run(
        "exam", "batch", "--bank", str(bank_dir), "--family", "f", "--learners", str(learners),
        "--out", str(out), "--log", str(log),
    )  # fmt: skip
    assert result.exit_code == 1
    assert "6 forms written" in result.output and "cohort.csv:8" in result.output
    assert len(list(out.glob("*.json"))) == 6 and len(log.read_text().splitlines()) == 6


def test_a_formative_bank_is_refused_as_an_exam_bank(root, tmp_path):
    result = _run(
        "exam", "build", "--bank", str(root / "exercises" / "items"), "--family", "f",
        "--learner", "L", "--track", "P", "--out", str(tmp_path),
    )  # fmt: skip
    assert result.exit_code != 0 and "expected a summative bank" in result.output
