"""Start nbgrader as a separate process in this interpreter's environment.

A process per step (and per learner) keeps a crash, a dead kernel or a stuck notebook inside
that one run; it is also the seam where a sandbox or parallel workers can be added later.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import sysconfig
from collections.abc import Mapping, Sequence

from sudjustice.grading.layout import CourseLayout

# Seconds one notebook cell may run; nbgrader's own default, and ample for a short exercise.
DEFAULT_CELL_TIMEOUT = 30
# nbgrader's log lines look like "[AutogradeApp | ERROR] message".
_ERROR_LOG_LINE = re.compile(r"^\[\w+ \| ERROR\] (?P<message>.+)$")
# The last line of a Python traceback, e.g. "nbformat.reader.NotJSONError: Notebook does not...".
_EXCEPTION_LINE = re.compile(r"^(?:[A-Za-z_]\w*\.)*[A-Za-z_]\w*(?:Error|Exception): .+$")


class NbgraderError(RuntimeError):
    """nbgrader failed for the whole course step (not for a single learner)."""


def nbgrader_command(step: str, assignment: str, layout: CourseLayout, *options: str) -> list[str]:
    """The command line for one nbgrader step on one assignment of this course.

    Root and gradebook are passed explicitly so results are always read from the gradebook
    nbgrader wrote, whatever a personal Jupyter config says.
    """
    return [
        sys.executable,
        "-m",
        "nbgrader",
        step,
        assignment,
        f"--CourseDirectory.root={layout.root}",
        f"--CourseDirectory.db_url={layout.gradebook_url}",
        *options,
    ]


def environment_for_nbgrader(environment: Mapping[str, str]) -> dict[str, str]:
    """`environment` with this interpreter's scripts first on PATH.

    nbgrader starts `alembic` by name when it creates a gradebook; without this, a venv that is
    not activated fails, or worse, finds another installation's alembic.
    """
    scripts = sysconfig.get_path("scripts")
    inherited = environment.get("PATH", "")
    return {**environment, "PATH": os.pathsep.join(filter(None, (scripts, inherited)))}


def run_nbgrader(command: Sequence[str], layout: CourseLayout) -> subprocess.CompletedProcess[str]:
    """Run `command` from the course folder, where nbgrader looks for `nbgrader_config.py`."""
    return subprocess.run(
        command,
        cwd=layout.root,
        env=environment_for_nbgrader(os.environ),
        capture_output=True,
        text=True,
        check=False,
    )


def failure_summary(stderr: str, returncode: int) -> str:
    """What went wrong, in one line, from nbgrader's output.

    nbgrader logs a full traceback; the exception at its end names the cause, so that is preferred
    over nbgrader's generic "There was an error processing..." lines. Without a traceback, its
    error lines together say what failed and often how to fix it.
    """
    lines = [line.strip() for line in stderr.splitlines() if line.strip()]
    exceptions = [line for line in lines if _EXCEPTION_LINE.match(line)]
    if exceptions:
        return exceptions[-1]
    errors = [match["message"] for line in lines if (match := _ERROR_LOG_LINE.match(line))]
    if errors:
        return " ".join(errors)
    if lines:
        return lines[-1]
    return f"nbgrader exited with code {returncode} and printed nothing"
