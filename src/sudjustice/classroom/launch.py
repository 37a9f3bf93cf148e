"""Everything `classroom start` does before the hub starts, in order, as one call."""

from __future__ import annotations

import csv
import io
import os
from dataclasses import dataclass
from pathlib import Path

from sudjustice.classroom.accounts import ensure_accounts
from sudjustice.classroom.course import (
    prepare_instructor_course,
    prepare_shared_folders,
    release_assignments,
)
from sudjustice.classroom.hub import write_state
from sudjustice.classroom.settings import ClassroomSettings, missing_programs

NEW_ACCOUNTS_FILE = "new-accounts.csv"


@dataclass(frozen=True)
class PreparedClassroom:
    course_dir: Path
    released: tuple[str, ...]
    # Accounts created by this run and their first passwords (file readable by root only).
    new_accounts: tuple[str, ...]
    passwords_file: Path | None


def prepare_classroom(settings: ClassroomSettings) -> PreparedClassroom:
    """Accounts, exchange, the instructor's course copy, released assignments, the hub's state."""
    if os.geteuid() != 0:
        raise PermissionError(
            "the classroom runs one server per Unix account, so it must be started as root"
        )
    missing = missing_programs(settings)
    if missing:
        raise FileNotFoundError("missing: " + "; ".join(missing))
    passwords = ensure_accounts(settings.users, settings.home_base)
    prepare_shared_folders(settings)
    course_dir = prepare_instructor_course(settings)
    released = release_assignments(settings, course_dir)
    write_state(settings)
    passwords_file = write_passwords(settings, passwords) if passwords else None
    return PreparedClassroom(course_dir, tuple(released), tuple(passwords), passwords_file)


def write_passwords(settings: ClassroomSettings, passwords: dict[str, str]) -> Path:
    """Add the first passwords of new accounts to a file for the instructor (mode 600).

    Earlier runs' lines are kept: they may not have been handed out yet.
    """
    path = settings.state_dir / NEW_ACCOUNTS_FILE
    path.touch(mode=0o600)
    path.chmod(0o600)
    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\n")
    if path.stat().st_size == 0:
        writer.writerow(["account", "first_password"])
    writer.writerows(sorted(passwords.items()))
    with path.open("a", encoding="utf-8") as handle:
        handle.write(text.getvalue())
    return path
