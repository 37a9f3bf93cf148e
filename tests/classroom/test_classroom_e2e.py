"""A whole class on the classroom server, on loopback only: eleven accounts, one hub, one exchange.

The hub, its proxy and every learner's server bind to 127.0.0.1 on free ports. Learners work
only through the hub's proxy with their own token, as the Assignments tab does: list, fetch, edit
the notebook through the contents API, submit. The instructor collects and autogrades as their
own Unix account; the scores must be the ones each answer deserves; the hub must stop cleanly.
"""

from __future__ import annotations

import csv
import os
import pwd
import secrets
import shutil
import socket
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import requests

from sudjustice.classroom import accounts
from sudjustice.classroom.course import nbgrader_as
from sudjustice.classroom.export import gradebook_grades, lms_csv
from sudjustice.classroom.hub import HubClient, start_hub, stop_hub, wait_until_up
from sudjustice.classroom.launch import prepare_classroom
from sudjustice.classroom.settings import ClassroomSettings, missing_programs

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
ASSIGNMENT = "ps01-treaty-flexibilities"
NOTEBOOK = f"{ASSIGNMENT}/{ASSIGNMENT}.ipynb"
SOLUTION_CELL = "applicable_provision"
SIGNATURE = "def applicable_provision(offence_scope: str, minor: bool, uses_drugs: bool) -> str:\n"

# Each answer with the score it deserves out of 3 (1 point personal consumption, 2 trafficking).
ANSWERS = {
    "correct": (
        SIGNATURE + '    if offence_scope == "personal_consumption":\n'
        '        return "3(4)(d)"\n'
        '    return "3(4)(c)" if minor else "3(4)(b)"\n',
        3,
    ),
    # Passes the visible tests; the hidden ones catch that drug use changes the subparagraph.
    "drug_use_decides": (
        SIGNATURE + '    if offence_scope == "personal_consumption":\n'
        '        return "3(4)(d)"\n'
        '    if not uses_drugs:\n        return "3(4)(b)"\n'
        '    return "3(4)(c)" if minor else "3(4)(b)"\n',
        1,
    ),
    "always_d": (SIGNATURE + '    return "3(4)(d)"\n', 1),
    "syntax_error": (SIGNATURE + '    return "3(4)(d)" if\n', 0),
    "unanswered": (None, 0),  # handed back as released
}
# Ten learners who submit (mixed answers) and one enrolled learner who never does.
PLAN = ["correct"] * 4 + ["drug_use_decides"] * 2 + ["always_d", "syntax_error"]
PLAN += ["unanswered"] * 2
# The whole class, from setup to stopped hub, must fit in this many seconds.
TIME_LIMIT = 180


@dataclass
class ClassRun:
    settings: ClassroomSettings
    answers: dict[str, str]
    absent: str
    elapsed: dict[str, float] = field(default_factory=dict)
    fetched: dict[str, list[str]] = field(default_factory=dict)
    server_owners: dict[str, str] = field(default_factory=dict)
    listening: set[tuple[str, int]] = field(default_factory=set)
    grades: list = field(default_factory=list)
    csv: str = ""
    hub_returncode: int | None = None
    proxy_pid: int | None = None
    left_running: list[str] = field(default_factory=list)
    # HTTP status of a password login through the hub's login form: right and wrong password.
    logins: dict[str, int] = field(default_factory=dict)


def free_ports(count: int) -> list[int]:
    sockets = [socket.socket() for _ in range(count)]
    try:
        for sock in sockets:
            sock.bind(("127.0.0.1", 0))
        return [sock.getsockname()[1] for sock in sockets]
    finally:
        for sock in sockets:
            sock.close()


def uids(names: list[str]) -> set[int]:
    return {pwd.getpwnam(name).pw_uid for name in names if accounts.account_exists(name)}


def processes() -> dict[int, tuple[int, str]]:
    """{pid: (uid, command line)} of every live process."""
    found = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            status = (entry / "status").read_text()
            command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode().strip()
        except OSError:
            continue
        fields_ = dict(line.split(":\t", 1) for line in status.splitlines() if ":\t" in line)
        if fields_.get("State", "").startswith("Z"):
            continue
        found[int(entry.name)] = (int(fields_["Uid"].split()[0]), command)
    return found


def socket_inodes(pids: set[int]) -> set[str]:
    inodes = set()
    for pid in pids:
        try:
            links = [os.readlink(fd) for fd in Path(f"/proc/{pid}/fd").iterdir()]
        except OSError:
            continue
        inodes |= {link[8:-1] for link in links if link.startswith("socket:[")}
    return inodes


def listening_addresses(pids: set[int]) -> set[tuple[str, int]]:
    """(address, port) of every TCP socket the processes listen on (IPv4 and IPv6)."""
    inodes = socket_inodes(pids)
    found = set()
    for table, width in (("/proc/net/tcp", 8), ("/proc/net/tcp6", 32)):
        for line in Path(table).read_text().splitlines()[1:]:
            columns = line.split()
            local, state, inode = columns[1], columns[3], columns[9]
            if state != "0A" or inode not in inodes:  # 0A: LISTEN
                continue
            address, port = local.split(":")
            found.add((loopback_name(address, width), int(port, 16)))
    return found


def loopback_name(hex_address: str, width: int) -> str:
    if width == 8:
        return socket.inet_ntop(socket.AF_INET, bytes.fromhex(hex_address)[::-1])
    words = [bytes.fromhex(hex_address[i : i + 8])[::-1] for i in range(0, 32, 8)]
    return socket.inet_ntop(socket.AF_INET6, b"".join(words))


def fill(notebook: dict, answer: str | None) -> dict:
    """The learner's edit: replace the solution cell's source (None leaves the notebook as is)."""
    if answer is not None:
        for cell in notebook["cells"]:
            if cell["metadata"].get("nbgrader", {}).get("grade_id") == SOLUTION_CELL:
                cell["source"] = answer
    return notebook


def work_as_learner(settings: ClassroomSettings, token: str, name: str, answer: str | None):
    """List, fetch, fill and submit through the learner's own server; return the listing."""
    learner = requests.Session()
    learner.headers["Authorization"] = f"token {token}"
    server = f"{settings.url}/user/{name}"
    course = {"course_id": settings.course_id}

    listing = learner.get(f"{server}/assignments", params=course, timeout=60).json()
    assert listing["success"], listing
    released = [item["assignment_id"] for item in listing["value"]]
    fetch = learner.post(
        f"{server}/assignments/fetch", data={**course, "assignment_id": ASSIGNMENT}, timeout=60
    ).json()
    assert fetch["success"], fetch

    contents = f"{server}/api/contents/{NOTEBOOK}"
    model = learner.get(contents, params={"content": 1}, timeout=60)
    model.raise_for_status()
    notebook = fill(model.json()["content"], answer)
    saved = learner.put(
        contents, json={"type": "notebook", "format": "json", "content": notebook}, timeout=60
    )
    saved.raise_for_status()

    submit = learner.post(
        f"{server}/assignments/submit", data={**course, "assignment_id": ASSIGNMENT}, timeout=60
    ).json()
    assert submit["success"], submit
    return released


def log_in(settings: ClassroomSettings, name: str, password: str) -> int:
    """Submit the hub's login form as a person would; 302 is success, 403 a refused login."""
    browser = requests.Session()
    browser.get(f"{settings.url}/hub/login", timeout=30).raise_for_status()
    form = {"username": name, "password": password, "_xsrf": browser.cookies.get("_xsrf")}
    response = browser.post(
        f"{settings.url}/hub/login", data=form, allow_redirects=False, timeout=60
    )
    return response.status_code


def first_passwords(path: Path) -> dict[str, str]:
    with path.open(newline="", encoding="utf-8") as handle:
        return {row["account"]: row["first_password"] for row in csv.DictReader(handle)}


@pytest.fixture(scope="module")
def class_run(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ClassRun]:
    if os.geteuid() != 0:
        pytest.skip("the classroom creates Unix accounts and runs the hub as root")
    tag = secrets.token_hex(3)
    names = [f"sj{tag}l{number:02d}" for number in range(1, len(PLAN) + 2)]
    base = Path(tempfile.mkdtemp(prefix=f"sjclass-{tag}-", dir="/tmp"))
    base.chmod(0o755)  # learners must reach the exchange and their homes under it
    (base / "home").mkdir(mode=0o755)
    port, hub_port, api_port = free_ports(3)
    settings = ClassroomSettings(
        course_source=ROOT / "exercises" / "course",
        state_dir=base / "state",
        instructor=f"sj{tag}i",
        learners=tuple(names),
        home_base=base / "home",
        port=port,
        hub_port=hub_port,
        proxy_api_port=api_port,
    )
    missing = missing_programs(settings)
    if missing:
        pytest.fail("the classroom is not installed (make classroom-deps): " + "; ".join(missing))
    answers = dict(zip(names[:-1], PLAN, strict=True))
    run = ClassRun(settings=settings, answers=answers, absent=names[-1])
    process = None
    started = time.monotonic()
    try:
        prepared = prepare_classroom(settings)
        run.elapsed["setup"] = time.monotonic() - started
        process = start_hub(settings)
        wait_until_up(settings, process)
        run.proxy_pid = int((settings.state_dir / "proxy.pid").read_text())
        run.elapsed["hub up"] = time.monotonic() - started

        hub = HubClient(settings)
        hub.add_users(settings.users)
        hub.start_servers(answers)
        hub.wait_until_ready(answers, timeout=120)
        run.elapsed["servers ready"] = time.monotonic() - started
        class_pids = {
            pid for pid, (uid, _) in processes().items() if uid in uids(list(answers))
        } | {process.pid, run.proxy_pid}
        run.listening = listening_addresses(class_pids)
        for uid, command in processes().values():
            if "jupyterhub-singleuser" in command and uid in uids(list(answers)):
                run.server_owners[pwd.getpwuid(uid).pw_name] = command

        passwords = first_passwords(prepared.passwords_file)
        first = names[0]
        run.logins = {
            "right password": log_in(settings, first, passwords[first]),
            "wrong password": log_in(settings, first, passwords[first] + "x"),
        }
        for name, kind in answers.items():
            token = hub.new_token(name, "end-to-end test")
            run.fetched[name] = work_as_learner(settings, token, name, ANSWERS[kind][0])
        run.elapsed["learners submitted"] = time.monotonic() - started

        course_dir = prepared.course_dir
        nbgrader_as(settings, settings.instructor, course_dir, "collect", ASSIGNMENT)
        nbgrader_as(settings, settings.instructor, course_dir, "autograde", ASSIGNMENT)
        run.elapsed["autograded"] = time.monotonic() - started
        run.grades = gradebook_grades(course_dir)
        run.csv = lms_csv(run.grades, pass_mark=0.8)

        stop_hub(settings)
        run.hub_returncode = process.wait(timeout=30)
        run.elapsed["hub stopped"] = time.monotonic() - started
        run.left_running = [
            f"{pid}: {command}"
            for pid, (uid, command) in processes().items()
            if uid in uids(list(settings.users)) or pid in (process.pid, run.proxy_pid)
        ]
        print("elapsed (s):", {step: round(value, 1) for step, value in run.elapsed.items()})
        yield run
    finally:
        if process is not None and process.poll() is None:
            stop_hub(settings)
            process.wait(timeout=30)
        if settings.log_file.exists():  # kept for a failing run; the rest is removed
            shutil.copy(settings.log_file, tmp_path_factory.mktemp("classroom") / "jupyterhub.log")
        for name in settings.users:
            if accounts.account_exists(name):
                accounts.remove_account(name)
        shutil.rmtree(base, ignore_errors=True)


def test_every_learner_gets_a_server_of_their_own(class_run: ClassRun) -> None:
    """Did the hub start one server per learner, each running as that learner's Unix account?"""
    assert sorted(class_run.server_owners) == sorted(class_run.answers)


def test_everything_listens_on_loopback_only(class_run: ClassRun) -> None:
    """Do the hub, the proxy and every learner's server listen on 127.0.0.1 and nowhere else?"""
    settings = class_run.settings
    ports = {port for _, port in class_run.listening}
    assert {settings.port, settings.hub_port, settings.proxy_api_port} <= ports
    assert len(ports) >= 3 + len(class_run.answers)  # one more port per learner's server
    assert {address for address, _ in class_run.listening} == {"127.0.0.1"}


def test_learners_log_in_with_their_account_password(class_run: ClassRun) -> None:
    """Does the hub let a learner in with their Unix password, and only with it?"""
    assert class_run.logins == {"right password": 302, "wrong password": 403}


def test_every_learner_sees_and_fetches_the_released_assignment(class_run: ClassRun) -> None:
    """Does each learner's Assignments list show the release, straight from the hub's exchange?"""
    assert class_run.fetched == {name: [ASSIGNMENT] for name in class_run.answers}


def test_grades_match_the_answers(class_run: ClassRun) -> None:
    """Does every submitted answer get exactly its due score, and the absent learner zero?"""
    scores = {
        grade.learner_id: (grade.score, grade.max_score, grade.status.value)
        for grade in class_run.grades
    }
    expected = {name: (ANSWERS[kind][1], 3, "graded") for name, kind in class_run.answers.items()}
    expected[class_run.absent] = (0, 3, "not_submitted")
    assert scores == expected


def test_lms_export_lists_the_whole_class(class_run: ClassRun) -> None:
    """Does the LMS CSV have one row per enrolled learner, passing only full marks at 80%?"""
    lines = class_run.csv.splitlines()
    assert lines[0] == "learner_id,assignment,score,max_score,passed,status"
    expected = sorted(
        f"{name},{ASSIGNMENT},{ANSWERS[kind][1]},3,{str(ANSWERS[kind][1] == 3).lower()},graded"
        for name, kind in class_run.answers.items()
    )
    expected.append(f"{class_run.absent},{ASSIGNMENT},0,3,false,not_submitted")
    assert lines[1:] == sorted(expected)


def test_hub_stops_cleanly_in_time(class_run: ClassRun) -> None:
    """Does stopping the hub end every server and the proxy, within the class's time limit?"""
    assert class_run.hub_returncode == 0
    assert class_run.left_running == []
    assert class_run.elapsed["hub stopped"] < TIME_LIMIT, class_run.elapsed
