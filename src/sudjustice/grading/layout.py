"""Where nbgrader keeps each kind of file in a course folder.

The names are nbgrader's defaults (`CourseDirectory.*_directory`); the course config keeps them.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class CourseLayout:
    """An nbgrader course folder; `root` is absolute so paths stay valid in any working dir."""

    root: Path

    @classmethod
    def at(cls, course_dir: Path | str) -> CourseLayout:
        return cls(Path(course_dir).resolve())

    @property
    def gradebook_url(self) -> str:
        """The course's own gradebook, so scores never land in a shared or default location."""
        return f"sqlite:///{self.root / 'gradebook.db'}"

    def source_dir(self, assignment: str) -> Path:
        return self.root / "source" / assignment

    def release_dir(self, assignment: str) -> Path:
        return self.root / "release" / assignment

    def submitted_dir(self, student_id: str, assignment: str) -> Path:
        return self.root / "submitted" / student_id / assignment

    def autograded_dir(self, student_id: str, assignment: str) -> Path:
        return self.root / "autograded" / student_id / assignment

    def learners_who_submitted(self, assignment: str) -> list[str]:
        """Every learner with a folder for `assignment` under `submitted/`, in a stable order."""
        submitted = self.root / "submitted"
        if not submitted.is_dir():
            return []
        return sorted(
            learner.name for learner in submitted.iterdir() if (learner / assignment).is_dir()
        )

    def relative(self, path: Path) -> str:
        """`path` as the instructor sees it in the course folder, for messages."""
        return path.relative_to(self.root).as_posix()
