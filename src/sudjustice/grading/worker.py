"""A grading worker: nbgrader's own Autograde converter, run in-process on a private course copy.

Each worker process owns a copy of the gradebook (SQLite does not take concurrent writers) and
links to the course's `source`, `release`, `submitted` and `autograded` folders. It runs
nbgrader's pipeline unchanged except for the Execute step (sandboxed kernel, bounded output),
so each learner's grades are the ones plain `nbgrader autograde` records. The batch then copies
every learner's grades from the worker's gradebook into the course gradebook.
"""

from __future__ import annotations

import logging
import os
import shutil
import traceback
import warnings
from dataclasses import dataclass
from pathlib import Path

import jsonschema
import nbgrader.nbgraderformat.common as nbgrader_metadata_format
import sqlalchemy
from nbgrader.converters import Autograde
from nbgrader.converters.base import NbGraderException
from nbgrader.coursedir import CourseDirectory
from nbgrader.preprocessors import Execute
from sqlalchemy.exc import SAWarning
from traitlets.config import Config, PyFileConfigLoader

from sudjustice.grading.execute import SandboxedExecute
from sudjustice.grading.layout import CourseLayout

LINKED_FOLDERS = ("source", "release", "submitted", "autograded")


@dataclass(frozen=True)
class WorkerSettings:
    course_root: Path
    workers_root: Path
    cell_timeout: int
    sandboxed: bool = True
    # Where the staged submissions are (checked, repaired copies); the course's own by default.
    submitted_root: Path | None = None


@dataclass(frozen=True)
class WorkerOutcome:
    """What one nbgrader run did for one learner; the grades are in `gradebook`."""

    student_id: str
    gradebook: Path
    error: str | None = None
    error_detail: str = ""
    warnings: tuple[str, ...] = ()


def prepare_worker_course(
    course: CourseLayout, root: Path, submitted: Path | None = None
) -> CourseLayout:
    """A private course folder at `root` sharing the course's files but not its gradebook."""
    root.mkdir(parents=True)
    (course.root / "autograded").mkdir(exist_ok=True)
    shutil.copy2(course.root / "gradebook.db", root / "gradebook.db")
    links = {name: course.root / name for name in LINKED_FOLDERS}
    if submitted is not None:
        links["submitted"] = submitted
    for name, target in links.items():
        if target.exists():
            (root / name).symlink_to(target, target_is_directory=True)
    return CourseLayout.at(root)


def nbgrader_config(settings: WorkerSettings, worker: CourseLayout) -> Config:
    """The course's nbgrader_config.py, pointed at the worker's copy, with the batch's timeout."""
    config = Config()
    course_config = settings.course_root / "nbgrader_config.py"
    if course_config.exists():
        config.merge(
            PyFileConfigLoader(course_config.name, str(course_config.parent)).load_config()
        )
    config.CourseDirectory.root = str(worker.root)
    config.CourseDirectory.db_url = worker.gradebook_url
    config.Execute.timeout = settings.cell_timeout
    config.SandboxedExecute.sandboxed = settings.sandboxed
    return config


class _Records(logging.Handler):
    """Collects the warnings and errors nbgrader logs while grading one learner."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.records: list[tuple[int, str]] = []

    def emit(self, record: logging.LogRecord) -> None:
        # Formatted now: the arguments can be database rows that cannot be read later.
        self.records.append((record.levelno, record.getMessage()))


def grade_with_nbgrader(
    settings: WorkerSettings, worker: CourseLayout, assignment: str, student_id: str
) -> WorkerOutcome:
    """Run nbgrader's Autograde for one learner in this process, on the worker's course copy."""
    config = nbgrader_config(settings, worker)
    coursedir = CourseDirectory(config=config)
    coursedir.assignment_id = assignment
    coursedir.student_id = student_id
    converter = Autograde(coursedir=coursedir, config=config)
    converter.force = True
    converter.autograde_preprocessors = [
        SandboxedExecute if step is Execute else step for step in converter.autograde_preprocessors
    ]
    records = _Records()
    logger = converter.log
    logger.addHandler(records)
    error, detail = None, ""
    try:
        with warnings.catch_warnings():
            # nbgrader's own gradebook code triggers SQLAlchemy session warnings; they are noise.
            warnings.simplefilter("ignore", SAWarning)
            converter.start()
    except NbGraderException as exception:
        error = str(exception)
    except Exception as exception:  # noqa: BLE001 - one learner's failure must not stop a batch
        error, detail = f"{type(exception).__name__}: {exception}", traceback.format_exc()
    finally:
        logger.removeHandler(records)
    messages = [message for _, message in records.records]
    if error is not None:
        detail = "\n".join([detail, *messages]).strip()
        error = root_cause(detail) or error
    logged = tuple(message for level, message in records.records if level == logging.WARNING)
    return WorkerOutcome(student_id, worker.root / "gradebook.db", error, detail, logged)


def root_cause(log_text: str) -> str | None:
    """The last exception line of a traceback in `log_text`, e.g. 'DeadKernelError: ...'."""
    from sudjustice.grading.nbgrader_run import failure_summary

    summary = failure_summary(log_text, 1)
    return summary if summary else None


class _CachedSchemaValidation:
    """Stands in for the `jsonschema` module inside nbgrader's cell-metadata check.

    nbgrader validates every cell's metadata with `jsonschema.validate`, which rebuilds a
    validator for each call: for a 60-item exam that is most of the grader's own CPU time. The
    same schema check with the validator built once per schema gives the same verdicts.
    """

    def __init__(self) -> None:
        self._validators: dict[int, object] = {}

    def validate(self, instance: object, schema: dict) -> None:
        validator = self._validators.get(id(schema))
        if validator is None:
            validator_class = jsonschema.validators.validator_for(schema)
            validator_class.check_schema(schema)
            validator = self._validators[id(schema)] = validator_class(schema)
        error = jsonschema.exceptions.best_match(validator.iter_errors(instance))
        if error is not None:
            raise error

    def __getattr__(self, name: str) -> object:
        return getattr(jsonschema, name)


def _fast_sqlite(connection, _record) -> None:
    cursor = connection.cursor()
    cursor.execute("PRAGMA synchronous = OFF")
    cursor.execute("PRAGMA journal_mode = MEMORY")
    cursor.close()


# --- process-pool plumbing: one course copy per worker process ---------------------------------

_worker: tuple[WorkerSettings, CourseLayout] | None = None


def init_worker(settings: WorkerSettings) -> None:
    """Process-pool initializer: make this process's private course copy."""
    global _worker
    nbgrader_metadata_format.jsonschema = _CachedSchemaValidation()
    # The worker's gradebook is a throw-away copy (grades are merged into the course's own),
    # so it need not survive a power cut: no fsync on each of nbgrader's per-cell commits.
    sqlalchemy.event.listen(sqlalchemy.engine.Engine, "connect", _fast_sqlite)
    root = settings.workers_root / f"worker-{os.getpid()}"
    course = CourseLayout.at(settings.course_root)
    _worker = (settings, prepare_worker_course(course, root, settings.submitted_root))


def grade_in_worker(assignment: str, student_id: str) -> WorkerOutcome:
    """Process-pool task: grade one learner in this worker's course copy."""
    assert _worker is not None, "init_worker must run first"
    settings, worker = _worker
    return grade_with_nbgrader(settings, worker, assignment, student_id)
