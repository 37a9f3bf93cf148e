"""Fixtures shared by the grading tests."""

from __future__ import annotations

import pytest

from sudjustice.grading.layout import CourseLayout

from .test_roundtrip import released_course_at


@pytest.fixture(scope="session")
def released_course(tmp_path_factory: pytest.TempPathFactory) -> CourseLayout:
    """ps01 released, with a due date, in a throw-away copy of the course."""
    return released_course_at(tmp_path_factory.mktemp("released") / "course")
