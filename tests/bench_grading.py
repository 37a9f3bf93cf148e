"""Grading benchmark (make bench): plain `nbgrader autograde` against `sudjustice grade`.

Builds one certification exam form from the summative bank (a throw-away secret), releases it
as an nbgrader assignment, and submits a synthetic cohort of 44 learners (correct, partial,
blank, broken and adversarial). The same cohort is graded twice, in separate copies of the
course: once by plain `nbgrader autograde` (one process for the whole cohort), once by
`grade_batch` (parallel workers, sandboxed kernels). Prints both wall times, the ratio, and
whether every learner's every cell score is identical. Runs offline; writes only to a temp dir.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from sudjustice.grading.batch import grade_batch, gradebook_cell_scores
from sudjustice.grading.layout import CourseLayout
from sudjustice.grading.nbgrader_run import environment_for_nbgrader
from sudjustice.grading.results import REPAIRS, Problem
from sudjustice.grading.synthetic import exam_course, make_cohort, write_cohort

ROOT = Path(__file__).resolve().parents[1]
BANK = ROOT / "exercises" / "items" / "summative"
NOTEBOOK = "exam.ipynb"
CELL_TIMEOUT = 10
COHORT_SIZE = 44


def plain_nbgrader(layout: CourseLayout, assignment: str) -> float:
    command = [
        sys.executable,
        "-m",
        "nbgrader",
        "autograde",
        assignment,
        f"--CourseDirectory.root={layout.root}",
        f"--CourseDirectory.db_url={layout.gradebook_url}",
        f"--Execute.timeout={CELL_TIMEOUT}",
    ]
    started = time.perf_counter()
    subprocess.run(
        command,
        cwd=layout.root,
        env=environment_for_nbgrader(os.environ),
        capture_output=True,
        check=False,
    )
    return time.perf_counter() - started


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="bench-grading-") as scratch:
        work = Path(scratch)
        course, assignment = exam_course(work, BANK)
        released = CourseLayout.at(course)
        cohort = make_cohort(
            released.source_dir(assignment) / NOTEBOOK,
            released.release_dir(assignment) / NOTEBOOK,
            size=COHORT_SIZE,
        )
        copies = {}
        for name in ("plain", "ours"):
            layout = CourseLayout.at(work / name)
            shutil.copytree(released.root, layout.root)
            write_cohort(cohort, layout.root / "submitted", assignment, NOTEBOOK)
            copies[name] = layout

        plain_seconds = plain_nbgrader(copies["plain"], assignment)
        started = time.perf_counter()
        results = grade_batch(copies["ours"].root, assignment, timeout=CELL_TIMEOUT)
        ours_seconds = time.perf_counter() - started

        plain = gradebook_cell_scores(copies["plain"], assignment)
        ours = gradebook_cell_scores(copies["ours"], assignment)
        by_learner = {result.student_id: result for result in results}
        # Submissions we repair beyond nbgrader, or refuse, are meant to differ: nbgrader marks a
        # deleted test for manual grading (we put it back) and records 0 for a file it cannot
        # read (we record no score and say why). Everyone else, tampered tests included (both
        # restore them), must match plain nbgrader cell by cell.
        beyond_nbgrader = REPAIRS - {Problem.TAMPERED_LOCKED_CELL}
        by_design = {
            learner
            for learner, result in by_learner.items()
            if result.score is None or set(result.problems) & beyond_nbgrader
        }
        compared = sorted(set(plain) - by_design)
        differing = [learner for learner in compared if plain[learner] != ours.get(learner)]
        items = len(next(iter(ours.values())))
        statuses: dict[str, int] = {}
        for result in results:
            statuses[str(result.status)] = statuses.get(str(result.status), 0) + 1

        print(f"cohort: {len(cohort)} submissions of form {assignment} ({items} graded cells)")
        print(f"plain nbgrader autograde: {plain_seconds:6.1f} s")
        print(f"sudjustice grade:         {ours_seconds:6.1f} s  ({os.cpu_count()} cores)")
        print(f"speed-up: {plain_seconds / ours_seconds:.2f}x")
        print(f"learners plain nbgrader recorded: {len(plain)}; ours reported: {len(results)}")
        print(f"statuses: {statuses}")
        print(
            f"scores identical on every cell for {len(compared)} learners: "
            + ("yes" if not differing else f"NO ({', '.join(differing)})")
        )
        for learner in sorted(by_design):
            kinds = sorted({str(problem) for problem in by_learner[learner].problems})
            print(f"  differs by design: {learner} ({', '.join(kinds)})")
        return 1 if differing else 0


if __name__ == "__main__":
    sys.exit(main())
