"""Run a learner's kernel in a bubblewrap sandbox.

The kernel sees a read-only Python installation, an empty `/tmp`, and one writable folder,
`/home/learner`, holding a copy of the assignment's data files and nothing else: not the
notebook being graded (it holds the hidden tests), not the gradebook, not the course sources,
not other learners' files. It has no network (a private network namespace with only its own
loopback), no view of other processes, no inherited environment variables (which may carry
secrets), and bounded memory, file size and process count.

The kernel talks to the grader over Unix sockets in a private runtime folder (ZeroMQ `ipc`
transport), since TCP on the grader's loopback is out of reach from the kernel's network.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from jupyter_client.manager import AsyncKernelManager
from traitlets import Any as AnyTrait

# Where the learner's working folder appears inside the sandbox (the kernel's working dir).
LEARNER_HOME = "/home/learner"
# Generous for pandas and altair; stops a memory bomb long before the machine is in danger.
DEFAULT_MEMORY_BYTES = 2 * 1024**3
# Largest file the kernel may write, and most processes/threads it may run.
DEFAULT_FILE_BYTES = 64 * 1024**2
DEFAULT_PROCESSES = 256
# System folders a Python kernel needs; Debian keeps /bin, /lib and /lib64 as links into /usr.
SYSTEM_DIRS = ("/usr", "/bin", "/sbin", "/lib", "/lib64", "/lib32", "/libx32")


class SandboxUnavailable(RuntimeError):
    """bubblewrap is missing or cannot create namespaces on this machine."""


@dataclass(frozen=True)
class Sandbox:
    """One kernel's view of the machine.

    `workdir` is mounted read-write at LEARNER_HOME; `runtime_dir` (connection file and
    sockets) at its own path; every path in `readonly` at its own path, read-only.
    """

    workdir: Path
    runtime_dir: Path
    readonly: tuple[Path, ...] = field(default_factory=lambda: python_paths())
    # Further read-only folders (e.g. the course datasets) and environment variables.
    extra_readonly: tuple[Path, ...] = ()
    environment: tuple[tuple[str, str], ...] = ()
    memory_bytes: int = DEFAULT_MEMORY_BYTES
    file_bytes: int = DEFAULT_FILE_BYTES
    processes: int = DEFAULT_PROCESSES

    def command(self, kernel_command: list[str]) -> list[str]:
        """`kernel_command` wrapped in bwrap and prlimit."""
        extras = [
            option for path in self.extra_readonly for option in ("--ro-bind", str(path), str(path))
        ]
        extras += [part for name, value in self.environment for part in ("--setenv", name, value)]
        return [
            *bwrap_options(self.readonly),
            *extras,
            "--bind",
            str(self.workdir),
            LEARNER_HOME,
            "--bind",
            str(self.runtime_dir),
            str(self.runtime_dir),
            "--chdir",
            LEARNER_HOME,
            "--",
            shutil.which("prlimit") or "/usr/bin/prlimit",
            f"--as={self.memory_bytes}",
            f"--fsize={self.file_bytes}",
            f"--nproc={self.processes}",
            "--core=0",
            "--",
            *kernel_command,
        ]


def bwrap_options(readonly: tuple[Path, ...]) -> list[str]:
    """bwrap's options for an isolated, unprivileged process with `readonly` paths visible."""
    options = [
        shutil.which("bwrap") or "bwrap",
        "--unshare-all",  # network, pid, ipc, uts, cgroup and user namespaces
        "--unshare-user",
        "--uid",
        "65534",
        "--gid",
        "65534",
        "--die-with-parent",
        "--new-session",
        "--clearenv",
        "--setenv",
        "HOME",
        LEARNER_HOME,
        "--setenv",
        "PATH",
        "/usr/bin:/bin",
        "--setenv",
        "LANG",
        "C.UTF-8",
        "--setenv",
        "MPLBACKEND",
        "Agg",
        "--setenv",
        "PYTHONDONTWRITEBYTECODE",
        "1",
        "--proc",
        "/proc",
        "--dev",
        "/dev",
        "--tmpfs",
        "/tmp",
    ]
    for directory in SYSTEM_DIRS:
        path = Path(directory)
        if path.is_symlink():
            options += ["--symlink", str(path.readlink()), directory]
        elif path.is_dir():
            options += ["--ro-bind", directory, directory]
    for path in readonly:
        options += ["--ro-bind", str(path), str(path)]
    return options


def python_paths() -> tuple[Path, ...]:
    """The folders a kernel imports from: the base installation, the virtual environment and
    the folder holding this package (an editable install), each outermost folder once.

    Deliberately not the rest of `sys.path`: under a test runner or in a checkout it holds the
    project folder, which holds the course and its answer keys.
    """
    import sudjustice

    candidates = [Path(sys.base_prefix), Path(sys.prefix), Path(sudjustice.__file__).parents[1]]
    existing = sorted({path.resolve() for path in candidates if path.is_dir()})
    outermost: list[Path] = []
    for path in existing:
        if not any(path.is_relative_to(parent) for parent in outermost):
            outermost.append(path)
    system = tuple(Path(directory).resolve() for directory in SYSTEM_DIRS)
    return tuple(
        path for path in outermost if not any(path.is_relative_to(root) for root in system)
    )


def sandbox_problem() -> str | None:
    """Why kernels cannot be sandboxed here, or None when they can."""
    if shutil.which("bwrap") is None:
        return "bubblewrap (bwrap) is not installed; install the Debian package 'bubblewrap'"
    probe = [*bwrap_options(python_paths()), "--", sys.executable, "-c", "pass"]
    completed = subprocess.run(probe, capture_output=True, text=True, check=False, timeout=60)
    if completed.returncode != 0:
        return f"bwrap cannot create a sandbox here: {completed.stderr.strip()}"
    return None


def require_sandbox() -> None:
    """Raise SandboxUnavailable, saying why, unless kernels can be sandboxed."""
    problem = sandbox_problem()
    if problem is not None:
        raise SandboxUnavailable(problem)


def sandboxed_kernel_manager(km: AsyncKernelManager, sandbox: Sandbox) -> AsyncKernelManager:
    """Point `km` (a SandboxedKernelManager) at `sandbox`, talking over Unix sockets in it."""
    km.sandbox = sandbox
    km.transport = "ipc"
    km.connection_file = str(sandbox.runtime_dir / f"kernel-{uuid.uuid4()}.json")
    km.ip = str(sandbox.runtime_dir / "kernel-ipc")
    return km


class SandboxedKernelManager(AsyncKernelManager):
    """A kernel manager that starts its kernel inside `sandbox` (None: no sandbox)."""

    sandbox = AnyTrait(None, allow_none=True)

    async def _async_launch_kernel(self, kernel_cmd: list[str], **kw) -> None:
        if self.sandbox is not None:
            # The kernel's own stdout/stderr (banner, C-level writes) never reach the grader's.
            kw["stdout"] = kw["stderr"] = subprocess.DEVNULL
        await super()._async_launch_kernel(kernel_cmd, **kw)

    def format_kernel_cmd(self, extra_arguments: list[str] | None = None) -> list[str]:
        command = super().format_kernel_cmd(extra_arguments)
        if self.sandbox is None:
            return command
        # A signal would reach bwrap, not the kernel: interrupt by message, as ipykernel allows.
        self.kernel_spec.interrupt_mode = "message"
        return self.sandbox.command(command)
