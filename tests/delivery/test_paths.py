"""Are the course paths built from the metadata, complete, and as long as the course plan says?"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from sudjustice.check import toc_pages
from sudjustice.delivery.course import Course, load_course, split_minutes
from sudjustice.problems import ContentError

ROOT = Path(__file__).resolve().parents[2]
COURSE = load_course(ROOT)
# CURRICULUM §1.3: Essentials ~240 min, Executive ~480 min, full certification 40 h.
PLANNED = {"essentials": 240, "executive": 480}


@pytest.mark.parametrize("key", list(PLANNED))
def test_short_formats_take_the_planned_time(key):
    assert COURSE.path(key).minutes == PLANNED[key]


@pytest.mark.parametrize("track", list(COURSE.tracks))
def test_each_track_path_is_the_whole_course(track):
    """40 hours: every module's hours plus capstone and exam; every required case is reachable."""
    path = COURSE.path(track)
    module_hours = sum(m.hours for m in COURSE.modules.values())
    full = COURSE.spec.formats.full
    assert path.minutes == module_hours * 60 + full.capstone.minutes + full.exam_minutes == 2400
    offered = {c for step in path.steps for c in step.cases}
    assert set(COURSE.tracks[track].cases) <= offered
    flagged = {c for s in path.steps if s.note for c in s.note.split(": ")[1].split(", ")}
    assert flagged == set(COURSE.tracks[track].cases)


def test_full_path_follows_the_table_of_contents():
    order = [p.relative_to(ROOT).with_suffix("").as_posix() for p in toc_pages(ROOT)]
    docs = [s.doc for s in COURSE.path("P").steps if s.doc]
    module_docs = [d for d in docs if d.startswith("modules/")]
    assert module_docs[:-1] == [d for d in order if d.startswith("modules/")]  # + capstone again
    assert len(COURSE.path("P").sections) == len(COURSE.modules) + 1


def test_every_module_contributes_its_essentials_box():
    steps = COURSE.path("essentials").steps
    assert [s.minutes for s in steps[:-1]] == [
        m.essentials_minutes for m in COURSE.modules.values()
    ]
    for step in steps[:-1]:
        assert ":class: essentials" in (ROOT / f"{step.doc}.md").read_text("utf-8")
    assert steps[-1].quiz == "essentials" and steps[-1].quiz_items == 15


def test_executive_cases_link_to_pages_that_embed_them():
    for step in COURSE.path("executive").steps:
        for case in step.cases:
            assert f":::{{case}} {case}-" in (ROOT / f"{step.doc}.md").read_text("utf-8")
            assert step.anchor == f"case-{case}"


def test_a_renamed_module_renames_every_path(project_copy):
    """One source: change a title in modules.yaml and the paths follow."""
    meta = project_copy / "modules" / "modules.yaml"
    data = yaml.safe_load(meta.read_text("utf-8"))
    data["modules"][1]["title"] = "A retitled module"
    meta.write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")
    course = Course(project_copy)
    assert course.path("J").sections[1].title == "Module 1 — A retitled module"
    assert "A retitled module" in course.path("essentials").steps[1].title


def test_a_path_page_outside_the_toc_is_named(project_copy):
    spec = project_copy / "book" / "start" / "paths.yaml"
    spec.write_text(
        spec.read_text("utf-8").replace("book/start/essentials-check", "book/start/nowhere"),
        "utf-8",
    )
    with pytest.raises(KeyError, match="book/start/nowhere.*not in _toc.yml"):
        Course(project_copy).path("essentials")


def test_bad_track_data_names_file_line_and_field(project_copy):
    spec = project_copy / "book" / "start" / "paths.yaml"
    spec.write_text(
        spec.read_text("utf-8").replace("    cases: [c07,", "    casez: [c07,"), "utf-8"
    )
    with pytest.raises(ContentError) as error:
        Course(project_copy)
    problems = error.value.problems
    assert {p.field for p in problems} == {"tracks.3.cases", "tracks.3.casez"}
    assert all(p.path.endswith("paths.yaml") and p.line for p in problems)


def test_unknown_track_is_a_clear_error():
    with pytest.raises(KeyError, match="no track 'Z'"):
        COURSE.path("Z")


@given(
    st.integers(min_value=1, max_value=120).map(lambda n: n * 5),
    st.lists(st.floats(min_value=0, max_value=500), min_size=1, max_size=6),
)
def test_page_times_add_up_to_the_module_time(total, weights):
    shares = split_minutes(total, weights)
    if total // 5 >= len(weights):
        assert sum(shares) == total and min(shares) >= 5
    assert all(s % 5 == 0 for s in shares)
