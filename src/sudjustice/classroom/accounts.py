"""The roster file, and the Unix accounts the instructor and the learners log in with.

Creating and removing accounts needs root, as running JupyterHub with one process per user does.
"""

from __future__ import annotations

import csv
import pwd
import secrets
import subprocess
from pathlib import Path

from sudjustice.classroom.settings import username_error
from sudjustice.problems import ContentError, Problem

ROSTER_COLUMN = "learner_id"


def read_roster(path: Path) -> tuple[str, ...]:
    """The learner ids in a roster CSV (a `learner_id` column; other columns are ignored).

    Every bad row is reported at once, by line and field, and nothing is created from a roster
    with any problem.
    """
    shown = str(path)
    with path.open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        if ROSTER_COLUMN not in (reader.fieldnames or []):
            raise ContentError(
                [Problem(shown, 1, ROSTER_COLUMN, f"the header has no {ROSTER_COLUMN!r} column")]
            )
        learners: list[str] = []
        problems: list[Problem] = []
        first_line: dict[str, int] = {}
        for row in reader:
            line = reader.line_num
            learner = (row.get(ROSTER_COLUMN) or "").strip()
            if (error := username_error(learner)) is not None:
                problems.append(Problem(shown, line, ROSTER_COLUMN, error))
            elif learner in first_line:
                message = f"{learner!r} is already listed on line {first_line[learner]}"
                problems.append(Problem(shown, line, ROSTER_COLUMN, message))
            else:
                first_line[learner] = line
                learners.append(learner)
    if problems:
        raise ContentError(problems)
    if not learners:
        raise ContentError([Problem(shown, None, ROSTER_COLUMN, "the roster lists no learners")])
    return tuple(learners)


def account_exists(name: str) -> bool:
    try:
        pwd.getpwnam(name)
    except KeyError:
        return False
    return True


def home_dir(name: str) -> Path:
    return Path(pwd.getpwnam(name).pw_dir)


def create_account(name: str, home_base: Path | None = None) -> str:
    """Create a Unix account with a home folder and a random password; return the password."""
    base = ["-b", str(home_base)] if home_base is not None else []
    run(["useradd", "--create-home", "--shell", "/bin/bash", *base, name])
    password = secrets.token_urlsafe(9)
    run(["chpasswd"], stdin=f"{name}:{password}\n")
    return password


def remove_account(name: str) -> None:
    """Remove the account and its home folder (its learner data goes with it)."""
    run(["userdel", "--remove", name])


def ensure_accounts(names: tuple[str, ...], home_base: Path | None = None) -> dict[str, str]:
    """Create the accounts that do not exist yet; return {name: password} for those created.

    Existing accounts (and their passwords) are left as they are.
    """
    return {name: create_account(name, home_base) for name in names if not account_exists(name)}


def run(command: list[str], stdin: str | None = None) -> None:
    completed = subprocess.run(command, input=stdin, capture_output=True, text=True, check=False)
    if completed.returncode != 0:
        reason = completed.stderr.strip() or f"exit code {completed.returncode}"
        raise RuntimeError(f"{command[0]} failed: {reason}")
