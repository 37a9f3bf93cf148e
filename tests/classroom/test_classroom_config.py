"""The classroom's pieces that need no hub: settings, roster, generated configs and the LMS CSV."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner
from traitlets.config.loader import PyFileConfigLoader

from sudjustice.classroom.accounts import read_roster
from sudjustice.classroom.course import server_extensions, shared_nbgrader_config
from sudjustice.classroom.export import Grade, GradeStatus, lms_csv
from sudjustice.classroom.hub import HUB_CONFIG, write_state
from sudjustice.classroom.settings import SETTINGS_ENV, ClassroomSettings
from sudjustice.cli import main
from sudjustice.problems import ContentError


def settings_in(state_dir: Path, **changes) -> ClassroomSettings:
    return ClassroomSettings(
        course_source=Path("/course"),
        state_dir=state_dir,
        instructor="trainer",
        learners=("learner01", "learner02"),
        **changes,
    )


def load_python_config(path: Path):
    return PyFileConfigLoader(path.name, str(path.parent)).load_config()


def test_settings_survive_the_round_trip_through_json(tmp_path: Path) -> None:
    """Does the hub read back exactly the settings the launcher wrote?"""
    settings = settings_in(tmp_path, home_base=tmp_path / "home", port=9000)
    assert ClassroomSettings.from_json(settings.to_json()) == settings


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"instructor": "Trainer"}, "'Trainer' is not a valid account name"),
        ({"learners": ("learner01", "trainer")}, "the instructor 'trainer' is also listed"),
        ({"learners": ("learner01", "learner01")}, "learners listed twice: learner01"),
        ({"hub_port": 8000}, "port, hub port and proxy API port must differ"),
        ({"course_id": "my course"}, "'my course' is not a valid course id"),
    ],
)
def test_bad_settings_are_refused_with_the_reason(changes: dict, message: str) -> None:
    """Is every impossible classroom refused before any account or folder is made?"""
    base = {"course_source": Path("/c"), "state_dir": Path("/s"), "instructor": "trainer"}
    with pytest.raises(ValueError, match=message):
        ClassroomSettings(**{**base, **changes})


def test_roster_gives_learner_ids_in_order(tmp_path: Path) -> None:
    roster = tmp_path / "roster.csv"
    roster.write_text("learner_id,name\nlearner02,B\nlearner01,A\n", encoding="utf-8")
    assert read_roster(roster) == ("learner02", "learner01")


def test_roster_problems_are_all_reported_by_line_and_field(tmp_path: Path) -> None:
    """Does a bad roster name every bad row (file, line, field) and create nothing?"""
    roster = tmp_path / "roster.csv"
    roster.write_text("learner_id\nlearner01\nLearner 2\n\nlearner01\n-dash\n", encoding="utf-8")
    with pytest.raises(ContentError) as raised:
        read_roster(roster)
    rule = "use 1 to 32 lower-case letters, digits, '-' or '_', starting with a letter"
    assert [str(problem) for problem in raised.value.problems] == [
        f"{roster}:3 [learner_id]: 'Learner 2' is not a valid account name: {rule}",
        f"{roster}:5 [learner_id]: 'learner01' is already listed on line 2",
        f"{roster}:6 [learner_id]: '-dash' is not a valid account name: {rule}",
    ]


def test_roster_without_the_column_is_refused(tmp_path: Path) -> None:
    roster = tmp_path / "roster.csv"
    roster.write_text("id\nlearner01\n", encoding="utf-8")
    with pytest.raises(ContentError, match=r":1 \[learner_id\]: the header has no 'learner_id'"):
        read_roster(roster)


def test_hub_config_maps_the_settings_onto_jupyterhub(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Does the hub config put everything on loopback, local accounts and the shared exchange?"""
    settings = settings_in(tmp_path, port=9000, hub_port=9001, proxy_api_port=9002)
    write_state(settings)
    monkeypatch.setenv(SETTINGS_ENV, str(settings.settings_file))
    config = load_python_config(HUB_CONFIG)

    assert (config.JupyterHub.ip, config.JupyterHub.port) == ("127.0.0.1", 9000)
    assert (config.JupyterHub.hub_ip, config.JupyterHub.hub_port) == ("127.0.0.1", 9001)
    assert config.ConfigurableHTTPProxy.api_url == "http://127.0.0.1:9002"
    assert config.ConfigurableHTTPProxy.command == [settings.proxy_command]
    assert config.Spawner.ip == "127.0.0.1"
    assert config.Spawner.cmd == [str(settings.user_env / "bin" / "jupyterhub-singleuser")]
    assert config.Spawner.environment == {"JUPYTER_CONFIG_PATH": str(tmp_path / "jupyter")}
    assert config.JupyterHub.authenticator_class == "pam"
    assert config.Authenticator.allowed_users == {"trainer", "learner01", "learner02"}
    assert config.Authenticator.admin_users == {"trainer"}
    assert config.JupyterHub.db_url == f"sqlite:///{tmp_path / 'jupyterhub.sqlite'}"
    [service] = config.JupyterHub.services
    assert service["api_token"] == settings.token_file.read_text().strip()
    assert len(service["api_token"]) == 64
    assert os.stat(settings.token_file).st_mode & 0o777 == 0o600


def test_every_account_reads_the_same_exchange(tmp_path: Path) -> None:
    """Does the shared nbgrader config name the course and the classroom's exchange?"""
    settings = settings_in(tmp_path)
    path = tmp_path / "nbgrader_config.py"
    path.write_text(shared_nbgrader_config(settings), encoding="utf-8")
    config = load_python_config(path)
    assert config.CourseDirectory.course_id == "sudjustice"
    assert config.Exchange.root == str(tmp_path / "exchange")


def test_only_the_instructor_gets_the_grading_extensions() -> None:
    learners = server_extensions(enabled=False)
    assert '"nbgrader.server_extensions.formgrader": false' in learners
    assert '"nbgrader.server_extensions.course_list": false' in learners
    assert "assignment_list" not in learners  # learners fetch and submit through it


def test_lms_csv_rows() -> None:
    """One row per learner and assignment, sorted; passed only at or above the pass mark."""
    grades = [
        Grade("learner02", "ps01", 2.4, 3, GradeStatus.GRADED),
        Grade("learner01", "ps01", 3.0, 3, GradeStatus.GRADED),
        Grade("learner03", "ps01", 0.0, 3, GradeStatus.NOT_SUBMITTED),
        Grade("learner04", "ps01", 3.0, 3, GradeStatus.NEEDS_MANUAL_GRADING),
        Grade("learner05", "ps01", 2.3, 3, GradeStatus.GRADED),
    ]
    assert lms_csv(grades, pass_mark=0.8).splitlines() == [
        "learner_id,assignment,score,max_score,passed,status",
        "learner01,ps01,3,3,true,graded",
        "learner02,ps01,2.4,3,true,graded",
        "learner03,ps01,0,3,false,not_submitted",
        "learner04,ps01,3,3,,needs_manual_grading",
        "learner05,ps01,2.3,3,false,graded",
    ]


@pytest.mark.parametrize("mark", [0, -0.5, 1.5])
def test_pass_mark_outside_zero_to_one_is_refused(mark: float) -> None:
    with pytest.raises(ValueError, match="the pass mark is a fraction"):
        lms_csv([], pass_mark=mark)


def test_export_without_a_gradebook_names_the_missing_file(tmp_path: Path) -> None:
    """Does `classroom export` on a course that was never released say what is missing?"""
    result = CliRunner().invoke(
        main, ["classroom", "export", "--course", str(tmp_path), "--out", str(tmp_path / "g.csv")]
    )
    assert result.exit_code == 1
    assert f"{tmp_path / 'gradebook.db'}: no gradebook" in result.output
    assert not (tmp_path / "g.csv").exists()


def test_start_with_a_bad_roster_creates_nothing(tmp_path: Path) -> None:
    """Does `classroom start` refuse a bad roster, naming the row, before any account or folder?"""
    roster = tmp_path / "roster.csv"
    roster.write_text("learner_id\nlearner01\nLearner 2\n", encoding="utf-8")
    state = tmp_path / "state"
    result = CliRunner().invoke(
        main, ["classroom", "start", "--roster", str(roster), "--state-dir", str(state)]
    )
    assert result.exit_code == 1
    assert f"{roster}:3 [learner_id]: 'Learner 2' is not a valid account name" in result.output
    assert not state.exists()


def test_stop_without_a_classroom_says_so(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["classroom", "stop", "--state-dir", str(tmp_path)])
    assert result.exit_code == 1
    assert f"{tmp_path / 'classroom.json'}: no classroom settings" in result.output
