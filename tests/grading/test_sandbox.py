"""Learners' code cannot escape the grading sandbox, and is still graded.

Each submission is the full solution plus one escape attempt in the answer cell. If the attempt
works, the cell throws the solution away (`applicable_provision = None`), so the learner's
score is the proof: 3/3 means the attempt failed. The same attempts graded without the sandbox
show that the test can fail.
"""

from __future__ import annotations

import shutil
import socket
import threading
from pathlib import Path

import pytest

from sudjustice.grading.batch import grade_batch
from sudjustice.grading.layout import CourseLayout
from sudjustice.grading.results import GradingStatus, Problem
from sudjustice.grading.sandbox import Sandbox, sandbox_problem

from .test_roundtrip import (
    ASSIGNMENT,
    NOTEBOOK,
    SOLUTION_CELL,
    read_notebook,
    sources_by_grade_id,
    submit,
    with_cell_sources,
)

SECRET = "exam-secret-that-must-not-leak"


def attempts(layout: CourseLayout, port: int) -> dict[str, str]:
    """Escape attempts by name: code that sets `escaped = True` if it gets through."""
    key = layout.source_dir(ASSIGNMENT) / NOTEBOOK
    other = layout.submitted_dir("control_solution", ASSIGNMENT) / NOTEBOOK
    return {
        "read_answer_key": f"open({str(key)!r}).read()\nescaped = True",
        "read_gradebook": f"open({str(layout.root / 'gradebook.db')!r}, 'rb').read(16)\n"
        "escaped = True",
        "list_other_learners": f"escaped = bool(os.listdir({str(layout.root / 'submitted')!r}))",
        "read_other_learner": f"open({str(other)!r}).read()\nescaped = True",
        "find_graded_notebook": "import glob\nescaped = bool([path for pattern in "
        f"('**/*.ipynb', '/tmp/**/*.ipynb', '/home/**/*.ipynb', '{layout.root}/**/*.ipynb')"
        " for path in glob.glob(pattern, recursive=True)])",
        "write_into_course": f"open({str(layout.root / 'planted.txt')!r}, 'w').write('x')\n"
        "escaped = True",
        "internet": "import socket\nsocket.create_connection(('1.1.1.1', 53), timeout=3)\n"
        "escaped = True",
        "grader_loopback": f"import socket\nsocket.create_connection(('127.0.0.1', {port}),"
        " timeout=3)\nescaped = True",
        "environment_secret": "escaped = any('secret' in value for value in os.environ.values())",
        "grader_processes": "escaped = any(b'pytest' in open(f'/proc/{pid}/cmdline', 'rb').read()"
        " for pid in os.listdir('/proc') if pid.isdigit())",
    }


def escape_cell(solution: str, attempt: str) -> str:
    body = "\n".join("    " + line for line in attempt.splitlines())
    return (
        f"{solution}\n\nimport os\nescaped = False\ntry:\n{body}\nexcept Exception as error:\n"
        "    print('blocked:', type(error).__name__)\nif escaped:\n"
        "    applicable_provision = None\n"
    )


@pytest.fixture
def listener():
    """A TCP port on the grader's loopback; records whether anything connected."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen()
    server.settimeout(0.5)
    connections: list[object] = []
    stop = threading.Event()

    def accept() -> None:
        while not stop.is_set():
            try:
                connections.append(server.accept())
            except OSError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield server.getsockname()[1], connections
    stop.set()
    thread.join()
    server.close()


def cohort(released_course: CourseLayout, root: Path, port: int, names: list[str] | None = None):
    layout = CourseLayout.at(root)
    shutil.copytree(released_course.root, layout.root)
    source = read_notebook(layout.source_dir(ASSIGNMENT) / NOTEBOOK)
    solution = sources_by_grade_id(source)[SOLUTION_CELL]
    submit(layout, "control_solution", source)
    chosen = attempts(layout, port)
    for name in names or chosen:
        cell = escape_cell(solution, chosen[name])
        submit(layout, name, with_cell_sources(source, {SOLUTION_CELL: cell}))
    return layout


def test_sandbox_is_available_here() -> None:
    """bubblewrap must work on this machine and in CI, or grading refuses to run."""
    assert sandbox_problem() is None


def test_escape_attempts_fail_and_are_graded(
    released_course, tmp_path: Path, listener, monkeypatch: pytest.MonkeyPatch
) -> None:
    port, connections = listener
    monkeypatch.setenv("SUDJUSTICE_EXAM_SECRET", SECRET)
    layout = cohort(released_course, tmp_path / "course", port)

    results = {r.student_id: r for r in grade_batch(layout.root, ASSIGNMENT, timeout=10)}

    assert len(results) == len(attempts(layout, port)) + 1
    for name, result in results.items():
        assert (result.status, result.score, result.findings) == (GradingStatus.GRADED, 3, ()), name
    assert connections == []
    assert not (layout.root / "planted.txt").exists()
    graded = read_notebook(layout.autograded_dir("read_answer_key", ASSIGNMENT) / NOTEBOOK)
    [answer] = [c for c in graded.cells if c.metadata["nbgrader"]["grade_id"] == SOLUTION_CELL]
    assert answer.outputs[0]["text"] == "blocked: FileNotFoundError\n"


def test_without_the_sandbox_the_same_attempts_succeed(
    released_course, tmp_path: Path, listener
) -> None:
    """The control: unsandboxed, reading the key and other learners' files works (score 0)."""
    port, _ = listener
    names = ["read_answer_key", "read_other_learner", "read_gradebook", "find_graded_notebook"]
    layout = cohort(released_course, tmp_path / "course", port, names)

    results = grade_batch(layout.root, ASSIGNMENT, timeout=10, sandboxed=False)

    assert {r.student_id: r.score for r in results} == {
        "control_solution": 3,
        "read_answer_key": 0,
        "read_other_learner": 0,
        "read_gradebook": 0,
        "find_graded_notebook": 0,
    }


def test_sandbox_command_hides_the_course(tmp_path: Path) -> None:
    """The kernel's command line binds only the scratch folders and the Python installation."""
    sandbox = Sandbox(workdir=tmp_path / "home", runtime_dir=tmp_path / "run")
    command = sandbox.command(["python", "-m", "ipykernel_launcher"])
    assert command[0].endswith("bwrap")
    assert {"--unshare-all", "--clearenv", "--die-with-parent"} <= set(command)
    bound = [command[i + 1] for i, option in enumerate(command) if option.endswith("bind")]
    course = Path(__file__).resolve().parents[2] / "exercises"
    assert all(not course.is_relative_to(Path(path)) for path in bound if path != "/usr")
    assert command[-3:] == ["python", "-m", "ipykernel_launcher"]


RESOURCE_ATTACKS = {
    "ignores_interrupt": "import signal\nsignal.signal(signal.SIGINT, signal.SIG_IGN)\n"
    "while True:\n    pass\n",
    "memory_bomb": "try:\n    x = bytearray(10**10)\nexcept MemoryError:\n    print('refused')\n",
    "fork_bomb": "import os, time\nfor _ in range(400):\n    try:\n        if os.fork() == 0:\n"
    "            time.sleep(30)\n            os._exit(0)\n    except OSError:\n"
    "        print('refused')\n        break\n",
    "huge_file": "try:\n    open('big.bin', 'wb').write(b'0' * 200_000_000)\nexcept OSError:\n"
    "    print('refused')\n",
}


def test_resource_attacks_are_contained(released_course, tmp_path: Path) -> None:
    """Memory, process and file-size limits hold; a kernel that ignores interrupts is reported."""
    layout = CourseLayout.at(tmp_path / "course")
    shutil.copytree(released_course.root, layout.root)
    source = read_notebook(layout.source_dir(ASSIGNMENT) / NOTEBOOK)
    solution = sources_by_grade_id(source)[SOLUTION_CELL]
    for name, attack in RESOURCE_ATTACKS.items():
        submit(layout, name, with_cell_sources(source, {SOLUTION_CELL: f"{solution}\n{attack}"}))

    results = {r.student_id: r for r in grade_batch(layout.root, ASSIGNMENT, timeout=10)}

    for name in ("memory_bomb", "fork_bomb", "huge_file"):
        assert (results[name].status, results[name].score) == (GradingStatus.GRADED, 3), name
    # The process limit does not bind a sandbox started by root (Linux exempts root from
    # RLIMIT_NPROC); its processes die with the sandbox's pid namespace when grading ends.
    for name in ("memory_bomb", "huge_file"):
        graded = read_notebook(layout.autograded_dir(name, ASSIGNMENT) / NOTEBOOK)
        [answer] = [c for c in graded.cells if c.metadata["nbgrader"]["grade_id"] == SOLUTION_CELL]
        assert "refused" in "".join(o.get("text", "") for o in answer.outputs), name
    stuck = results["ignores_interrupt"]
    assert stuck.status is GradingStatus.NEEDS_MANUAL_GRADING
    assert stuck.problems == (Problem.KERNEL_UNRESPONSIVE,)
