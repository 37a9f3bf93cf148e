"""The two steps an instructor runs: release an assignment, then grade every submission.

Grading a cohort:

1. every submission is checked and, where nbgrader would give up or silently mis-grade, a
   repaired copy is staged (never touching `submitted/`); unreadable or empty submissions are
   reported and not run;
2. worker processes run nbgrader's own Autograde on the staged submissions, each on a private
   copy of the gradebook, with every kernel in a sandbox;
3. each learner's grades are copied into the course gradebook (so formgrader sees them) and
   read back into one result per learner, with every problem found.
"""

from __future__ import annotations

import ast
import multiprocessing
import os
import shutil
import tempfile
import warnings
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import nbformat
from nbgrader.api import Gradebook, MissingEntry
from sqlalchemy.exc import SAWarning

from sudjustice.grading.execute import TRUNCATION_NOTE
from sudjustice.grading.layout import CourseLayout
from sudjustice.grading.nbgrader_run import (
    DEFAULT_CELL_TIMEOUT,
    NbgraderError,
    failure_summary,
    nbgrader_command,
    run_nbgrader,
)
from sudjustice.grading.notebooks import grade_id_of, notebook_read_error
from sudjustice.grading.repair import repair_notebook
from sudjustice.grading.results import (
    Finding,
    GradingResult,
    Problem,
    not_gradable,
    status_for,
)
from sudjustice.grading.sandbox import require_sandbox
from sudjustice.grading.worker import WorkerOutcome, WorkerSettings, grade_in_worker, init_worker

# nbgrader's default course id; the course never uses the exchange, which is what needs a real one.
NBGRADER_COURSE_ID = ""


def generate_assignment(course_dir: Path | str, assignment: str) -> Path:
    """Build the learners' version of `assignment` (solutions and hidden tests removed).

    Also records the original cells in the gradebook, which autograding restores from.
    Returns the folder to hand out.
    """
    layout = CourseLayout.at(course_dir)
    completed = run_nbgrader(
        nbgrader_command("generate_assignment", assignment, layout, "--force"), layout
    )
    if completed.returncode != 0:
        summary = failure_summary(completed.stderr, completed.returncode)
        raise NbgraderError(f"nbgrader generate_assignment {assignment} failed: {summary}")
    return layout.release_dir(assignment)


@dataclass(frozen=True)
class Reference:
    """What a submission is checked against: the released notebooks and the original locked cells."""

    released: dict[str, nbformat.NotebookNode]  # notebook name -> released notebook
    original_locked: dict[str, dict[str, str]]  # notebook name -> grade_id -> source
    # Exam forms (a manifest in forms/) take plain literal answers only: any other code in an
    # answer cell could fool the hidden scoring cells, so an assessor must look at it.
    literal_answers: bool = False


def load_reference(layout: CourseLayout, assignment: str) -> Reference | None:
    """The assignment as released, or None when the gradebook does not know it."""
    if not (layout.root / "gradebook.db").is_file():
        return None
    try:
        with Gradebook(layout.gradebook_url, NBGRADER_COURSE_ID) as gradebook:
            notebooks = gradebook.find_assignment(assignment).notebooks
            locked = {
                notebook.name: {
                    cell.name: cell.source for cell in notebook.source_cells if cell.locked
                }
                for notebook in notebooks
            }
    except MissingEntry:
        return None
    released = {}
    for name in locked:
        path = layout.release_dir(assignment) / f"{name}.ipynb"
        released[name] = (
            nbformat.read(path, as_version=4) if path.exists() else nbformat.v4.new_notebook()
        )
    return Reference(released, locked, (layout.root / "forms" / f"{assignment}.json").is_file())


@dataclass(frozen=True)
class StagedSubmission:
    findings: tuple[Finding, ...]
    gradable: bool


def stage_submission(
    layout: CourseLayout, assignment: str, student_id: str, reference: Reference, staging: Path
) -> StagedSubmission:
    """Check one submission and stage what nbgrader should grade under `staging`."""
    submitted = layout.submitted_dir(student_id, assignment)
    target = staging / student_id / assignment
    target.parent.mkdir(parents=True)
    found = sorted(submitted.glob("*.ipynb"))
    if not found:
        message = f"{layout.relative(submitted)} holds no notebook"
        return StagedSubmission((Finding(Problem.EMPTY_SUBMISSION, message),), False)
    unreadable = [
        Finding(
            Problem.INVALID_NOTEBOOK,
            f"{layout.relative(path)} is not a readable notebook ({error})",
        )
        for path in found
        if (error := notebook_read_error(path)) is not None
    ]
    if unreadable:
        return StagedSubmission(tuple(unreadable), False)

    notebooks = {path.stem: nbformat.read(path, as_version=4) for path in found}
    findings: list[Finding] = []
    renamed = rename_misnamed(notebooks, reference, findings)
    repaired: dict[str, nbformat.NotebookNode] = {}
    for name, notebook in notebooks.items():
        if name not in reference.released:
            continue
        fixed, notes = repair_notebook(
            notebook, reference.released[name], reference.original_locked[name], f"{name}.ipynb"
        )
        findings += notes
        if reference.literal_answers:
            findings += code_in_answers(fixed, f"{name}.ipynb")
        if any(note.problem is not Problem.TAMPERED_LOCKED_CELL for note in notes):
            repaired[name] = fixed
    for name in reference.released:
        if name not in notebooks:
            findings.append(
                Finding(
                    Problem.MISSING_NOTEBOOK,
                    f"{name}.ipynb was not submitted; nbgrader scores its answers 0",
                )
            )

    if not repaired and not renamed:
        target.symlink_to(submitted, target_is_directory=True)
    else:
        shutil.copytree(submitted, target, ignore=shutil.ignore_patterns("*.ipynb"))
        for name, notebook in notebooks.items():
            nbformat.write(repaired.get(name, notebook), target / f"{name}.ipynb")
    return StagedSubmission(tuple(findings), True)


def is_literal_answer(source: str) -> bool:
    """Whether `source` only assigns literals to names (comments and blank lines allowed)."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return False
    for statement in tree.body:
        if not (
            isinstance(statement, ast.Assign)
            and all(isinstance(target, ast.Name) for target in statement.targets)
        ):
            return False
        try:
            ast.literal_eval(statement.value)
        except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
            return False
    return True


def code_in_answers(notebook: nbformat.NotebookNode, filename: str) -> list[Finding]:
    """A finding for each answer cell that holds more than `name = literal`."""
    return [
        Finding(
            Problem.CODE_IN_ANSWER,
            f"{filename}: answer cell '{grade_id_of(cell)}' holds code, not a plain answer; "
            "an assessor must check it",
        )
        for cell in notebook.cells
        if cell.metadata.get("nbgrader", {}).get("solution")
        and cell.cell_type == "code"
        and not is_literal_answer(cell.source)
    ]


def rename_misnamed(
    notebooks: dict[str, nbformat.NotebookNode], reference: Reference, findings: list[Finding]
) -> bool:
    """Give a wrongly named notebook its expected name when exactly one fits; say so."""
    unknown = [name for name in notebooks if name not in reference.released]
    missing = [name for name in reference.released if name not in notebooks]
    renamed = False
    for name in unknown:
        ids = {grade_id_of(cell) for cell in notebooks[name].cells} - {None}
        fits = [
            expected
            for expected in missing
            if ids & {grade_id_of(cell) for cell in reference.released[expected].cells}
        ]
        if len(fits) == 1:
            notebooks[fits[0]] = notebooks.pop(name)
            missing.remove(fits[0])
            renamed = True
            message = f"'{name}.ipynb' should be named '{fits[0]}.ipynb'; graded under that name"
            findings.append(Finding(Problem.WRONG_FILE_NAME, message))
        else:
            notebooks.pop(name)
            findings.append(
                Finding(Problem.MISSING_NOTEBOOK, f"'{name}.ipynb' is not part of the assignment")
            )
    return renamed


def grade_batch(
    course_dir: Path | str,
    assignment: str,
    *,
    timeout: int = DEFAULT_CELL_TIMEOUT,
    workers: int | None = None,
    sandboxed: bool = True,
) -> list[GradingResult]:
    """Autograde every learner with a folder under `submitted/`, in parallel worker processes.

    Each learner gets a result, whatever happens to the others: one broken notebook or crashed
    kernel must not cost anyone else their grade. `timeout` bounds every cell in seconds.
    """
    if timeout <= 0:
        # nbclient reads 0 or less as "no limit", which untrusted code must never get.
        raise ValueError(f"cell timeout must be a positive number of seconds, got {timeout}")
    if sandboxed:
        require_sandbox()
    layout = CourseLayout.at(course_dir)
    learners = layout.learners_who_submitted(assignment)
    if not learners:
        return []
    reference = load_reference(layout, assignment)
    if reference is None:
        message = (
            f"No assignment with ID '{assignment}' exists in the database; "
            "release it first (generate_assignment)"
        )
        return [
            not_gradable(student, Finding(Problem.GRADER_ERROR, message)) for student in learners
        ]

    with tempfile.TemporaryDirectory(prefix="sudjustice-grade-") as scratch:
        staging = Path(scratch) / "submitted"
        staged = {
            student: stage_submission(layout, assignment, student, reference, staging)
            for student in learners
        }
        settings = WorkerSettings(
            course_root=layout.root,
            workers_root=Path(scratch) / "workers",
            cell_timeout=timeout,
            sandboxed=sandboxed,
            submitted_root=staging,
        )
        gradable = [student for student in learners if staged[student].gradable]
        outcomes = run_workers(settings, assignment, gradable, workers or default_workers())
        merge_grades(layout, assignment, outcomes)
    return [
        collect_result(layout, assignment, student, staged[student], outcomes.get(student))
        for student in learners
    ]


def default_workers() -> int:
    """Two per core: a worker spends most of its time waiting for its kernel's replies."""
    return 2 * (os.cpu_count() or 1)


def run_workers(
    settings: WorkerSettings, assignment: str, learners: Sequence[str], workers: int
) -> dict[str, WorkerOutcome]:
    """Grade `learners` in `workers` processes; every learner gets an outcome."""
    if not learners:
        return {}
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(
        max_workers=min(workers, len(learners)),
        mp_context=context,
        initializer=init_worker,
        initargs=(settings,),
    ) as pool:
        futures = {
            student: pool.submit(grade_in_worker, assignment, student) for student in learners
        }
        outcomes = {}
        for student, future in futures.items():
            try:
                outcomes[student] = future.result()
            except Exception as error:  # noqa: BLE001 - a dead worker costs one learner, not all
                outcomes[student] = WorkerOutcome(
                    student, Path(), error=f"grading worker failed: {type(error).__name__}: {error}"
                )
    return outcomes


def merge_grades(layout: CourseLayout, assignment: str, outcomes: dict[str, WorkerOutcome]) -> None:
    """Copy each learner's submission, grades and comments into the course gradebook."""
    with warnings.catch_warnings(), Gradebook(layout.gradebook_url, NBGRADER_COURSE_ID) as target:
        for outcome in outcomes.values():
            if not outcome.gradebook.is_file():
                continue
            warnings.simplefilter("ignore", SAWarning)
            with Gradebook(f"sqlite:///{outcome.gradebook}", NBGRADER_COURSE_ID) as source:
                copy_submission(source, target, assignment, outcome.student_id)


def copy_submission(source: Gradebook, target: Gradebook, assignment: str, student_id: str) -> None:
    try:
        submitted = source.find_submission(assignment, student_id)
    except MissingEntry:
        return
    target.update_or_create_student(student_id)
    copy = target.update_or_create_submission(assignment, student_id)
    copy.timestamp = submitted.timestamp
    copy.extension = submitted.extension
    copies = {notebook.name: notebook for notebook in copy.notebooks}
    for notebook in submitted.notebooks:
        notebook_copy = copies[notebook.name]
        notebook_copy.flagged = notebook.flagged
        notebook_copy.late_submission_penalty = notebook.late_submission_penalty
        grades = {grade.name: grade for grade in notebook_copy.grades}
        for grade in notebook.grades:
            for field in ("auto_score", "manual_score", "extra_credit", "needs_manual_grade"):
                setattr(grades[grade.name], field, getattr(grade, field))
        comments = {comment.name: comment for comment in notebook_copy.comments}
        for comment in notebook.comments:
            comments[comment.name].auto_comment = comment.auto_comment
            comments[comment.name].manual_comment = comment.manual_comment
    target.db.commit()


def collect_result(
    layout: CourseLayout,
    assignment: str,
    student_id: str,
    staged: StagedSubmission,
    outcome: WorkerOutcome | None,
) -> GradingResult:
    """One learner's result, read back from the course gradebook."""
    findings = list(staged.findings)
    if outcome is None:
        return not_gradable(student_id, *findings)
    if outcome.error is not None:
        findings.append(error_finding(outcome.error, outcome.error_detail))
    findings += execution_findings(layout.autograded_dir(student_id, assignment))
    with Gradebook(layout.gradebook_url, NBGRADER_COURSE_ID) as gradebook:
        try:
            submission = gradebook.find_submission(assignment, student_id)
        except MissingEntry:
            return not_gradable(student_id, *findings)
        cell_scores = submission_cell_scores(submission)
        needs_manual = submission.needs_manual_grade
        if needs_manual and outcome.error is None:
            waiting = sorted(name for name, score in cell_scores.items() if score is None)
            findings.append(
                Finding(
                    Problem.MANUAL_ANSWERS,
                    f"cells {', '.join(waiting)} await a manual grade in formgrader",
                )
            )
        seconds_late = submission.total_seconds_late
        if seconds_late > 0:
            findings.append(
                Finding(Problem.LATE, f"submitted {seconds_late:g} seconds after the due date")
            )
        return GradingResult(
            student_id=student_id,
            status=status_for(findings, needs_manual_grade=needs_manual),
            score=submission.score,
            max_score=submission.max_score,
            findings=tuple(findings),
            cell_scores=cell_scores,
            seconds_late=seconds_late,
        )


def submission_cell_scores(submission) -> dict[str, float | None]:
    """grade_id -> points nbgrader gave, None while a cell awaits a manual grade."""
    return {
        grade.name: None if grade.needs_manual_grade else grade.score
        for notebook in submission.notebooks
        for grade in notebook.grades
    }


def gradebook_cell_scores(
    layout: CourseLayout, assignment: str
) -> dict[str, dict[str, float | None]]:
    """Every learner's cell scores for `assignment` in the course gradebook."""
    with Gradebook(layout.gradebook_url, NBGRADER_COURSE_ID) as gradebook:
        return {
            submission.student.id: submission_cell_scores(submission)
            for submission in gradebook.assignment_submissions(assignment)
        }


def error_finding(error: str, detail: str) -> Finding:
    if "DeadKernelError" in detail or "Kernel died" in detail or "DeadKernelError" in error:
        return Finding(
            Problem.KERNEL_CRASH,
            "the kernel stopped while running the notebook; answers after that point are ungraded",
        )
    if "CellTimeoutError" in error or "UnresponsiveKernelError" in detail:
        return Finding(
            Problem.KERNEL_UNRESPONSIVE,
            "a cell ran out of time and the kernel did not stop when interrupted "
            "(e.g. it ignores interrupts); the notebook is ungraded",
        )
    return Finding(Problem.GRADER_ERROR, f"nbgrader autograde failed: {error}")


def execution_findings(autograded: Path) -> list[Finding]:
    """Timeouts and cut outputs in the executed notebooks, naming file and cell."""
    findings = []
    truncation = TRUNCATION_NOTE.split("{")[0]
    for path in sorted(autograded.glob("*.ipynb")):
        notebook = nbformat.read(path, as_version=4)
        for index, cell in enumerate(notebook.cells, start=1):
            where = f"{path.name}: cell {grade_id_of(cell) or f'#{index}'}"
            outputs = cell.get("outputs", [])
            if any(output.get("ename") == "CellTimeoutError" for output in outputs):
                findings.append(Finding(Problem.CELL_TIMEOUT, f"{where} ran out of time"))
            if any(truncation in str(output.get("text", "")) for output in outputs):
                findings.append(Finding(Problem.OUTPUT_CUT, f"{where} printed too much; cut"))
    return findings
