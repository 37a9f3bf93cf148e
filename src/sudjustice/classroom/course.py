"""The shared exchange, the instructor's copy of the course, and the release of its assignments.

nbgrader moves files between accounts through one exchange folder: the instructor releases into
it and collects from it; learners fetch from it and submit into it. Every nbgrader step here runs
as the account it belongs to, so file ownership is what it would be on a real course server.
"""

from __future__ import annotations

import json
import os
import pwd
import shutil
import subprocess
from pathlib import Path

from sudjustice.classroom.accounts import home_dir
from sudjustice.classroom.settings import ClassroomSettings

# nbgrader's working folders and files; the instructor's copy starts without any of them.
NBGRADER_OUTPUTS = (
    "release",
    "submitted",
    "autograded",
    "feedback",
    "gradebook.db",
    ".nbgrader.log",
)
NBGRADER = "nbgrader.server_extensions"
# Learners need the assignment list (fetch, submit); only the instructor grades.
INSTRUCTOR_EXTENSIONS = (f"{NBGRADER}.formgrader", f"{NBGRADER}.course_list")
STICKY_SHARED = 0o1777
READABLE_DIR = 0o755


class ClassroomError(RuntimeError):
    """A classroom step failed; the message says which step, for whom, and why."""


def shared_nbgrader_config(settings: ClassroomSettings) -> str:
    """The nbgrader config every account reads: which course, and where the exchange is."""
    return (
        "# Written by `sudjustice classroom start`: the one course on this hub and its exchange.\n"
        "c = get_config()  # noqa: F821\n"
        f"c.CourseDirectory.course_id = {settings.course_id!r}\n"
        f"c.Exchange.root = {str(settings.exchange_dir)!r}\n"
    )


def server_extensions(enabled: bool) -> str:
    """A Jupyter server config that turns the instructor-only nbgrader extensions on or off."""
    switches = dict.fromkeys(INSTRUCTOR_EXTENSIONS, enabled)
    return json.dumps({"ServerApp": {"jpserver_extensions": switches}}, indent=2) + "\n"


def prepare_shared_folders(settings: ClassroomSettings) -> None:
    """The state folder, the exchange (everyone writes, sticky) and the shared Jupyter config."""
    settings.state_dir.mkdir(parents=True, exist_ok=True)
    settings.state_dir.chmod(READABLE_DIR)
    settings.exchange_dir.mkdir(exist_ok=True)
    settings.exchange_dir.chmod(STICKY_SHARED)
    config_dir = settings.jupyter_config_dir
    config_dir.mkdir(exist_ok=True)
    config_dir.chmod(READABLE_DIR)
    write_readable(config_dir / "nbgrader_config.py", shared_nbgrader_config(settings))
    write_readable(config_dir / "jupyter_server_config.json", server_extensions(enabled=False))


def instructor_course_dir(settings: ClassroomSettings) -> Path:
    return home_dir(settings.instructor) / settings.course_id


def prepare_instructor_course(settings: ClassroomSettings) -> Path:
    """Copy the course into the instructor's home (once) and point the instructor's tools at it.

    An existing copy is kept: it holds the gradebook and the collected work.
    """
    course_dir = instructor_course_dir(settings)
    jupyter_dir = course_dir.parent / ".jupyter"
    if not course_dir.exists():
        shutil.copytree(
            settings.course_source, course_dir, ignore=shutil.ignore_patterns(*NBGRADER_OUTPUTS)
        )
    jupyter_dir.mkdir(exist_ok=True)
    write_readable(
        jupyter_dir / "nbgrader_config.py",
        "c = get_config()  # noqa: F821\n"
        f"c.CourseDirectory.root = {str(course_dir)!r}\n"
        f"c.CourseDirectory.db_url = {'sqlite:///' + str(course_dir / 'gradebook.db')!r}\n",
    )
    write_readable(jupyter_dir / "jupyter_server_config.json", server_extensions(enabled=True))
    give_to(settings.instructor, course_dir, jupyter_dir)
    return course_dir


def assignments(course_dir: Path) -> list[str]:
    """Every assignment in the course's `source/` folder, in a stable order."""
    source = course_dir / "source"
    return sorted(path.name for path in source.iterdir() if path.is_dir())


def release_assignments(settings: ClassroomSettings, course_dir: Path) -> list[str]:
    """Generate and release every assignment, and enrol the learners in the gradebook.

    Enrolled learners appear in the grade export even before they submit anything.
    """
    released = assignments(course_dir)
    for assignment in released:
        nbgrader_as(settings, settings.instructor, course_dir, "generate_assignment", assignment)
        nbgrader_as(
            settings, settings.instructor, course_dir, "release_assignment", assignment, "--force"
        )
    enrol(course_dir, settings.learners)
    return released


def enrol(course_dir: Path, learners: tuple[str, ...]) -> None:
    """Add the learners to the course gradebook (the instructor's file keeps its owner)."""
    from nbgrader.api import Gradebook  # seconds to import: only when a classroom starts

    with Gradebook(f"sqlite:///{course_dir / 'gradebook.db'}") as gradebook:
        for learner in learners:
            gradebook.update_or_create_student(learner)


def environment_for(settings: ClassroomSettings, user: str) -> dict[str, str]:
    """The environment a hub-spawned server gives `user`, so nbgrader reads the same config."""
    scripts = str(settings.user_env / "bin")
    return {
        "HOME": str(home_dir(user)),
        "USER": user,
        "LOGNAME": user,
        "PATH": os.pathsep.join((scripts, "/usr/local/bin", "/usr/bin", "/bin")),
        "LANG": "C.UTF-8",
        "JUPYTER_CONFIG_PATH": str(settings.jupyter_config_dir),
    }


def nbgrader_as(
    settings: ClassroomSettings, user: str, cwd: Path, *arguments: str
) -> subprocess.CompletedProcess[str]:
    """Run one nbgrader command as `user` (needs root); raise with nbgrader's reason on failure."""
    account = pwd.getpwnam(user)
    completed = subprocess.run(
        [settings.user_python, "-m", "nbgrader", *arguments],
        cwd=cwd,
        env=environment_for(settings, user),
        user=account.pw_uid,
        group=account.pw_gid,
        extra_groups=[],
        umask=0o022,
        capture_output=True,
        text=True,
        check=False,
    )
    if completed.returncode != 0:
        tail = "\n".join(completed.stderr.strip().splitlines()[-5:])
        raise ClassroomError(f"nbgrader {' '.join(arguments)} as {user} failed:\n{tail}")
    return completed


def write_readable(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8")
    path.chmod(0o644)


def give_to(user: str, *paths: Path) -> None:
    """Make `user` the owner of `paths` and everything under them."""
    account = pwd.getpwnam(user)
    for top in paths:
        for path in (top, *(top.rglob("*") if top.is_dir() else ())):
            os.chown(path, account.pw_uid, account.pw_gid, follow_symlinks=False)
