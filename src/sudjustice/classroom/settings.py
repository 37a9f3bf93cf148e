"""What one classroom is: the course, the accounts, the ports and the folders it keeps state in.

The launcher writes these settings as JSON into the state folder; `hub_config.py` reads them back
when JupyterHub starts, so the hub, the launcher and the tests always agree.
"""

from __future__ import annotations

import json
import os
import re
import shutil
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path

# Debian's default NAME_REGEX for useradd, capped at 32 characters; JupyterHub keeps it as is.
USERNAME = re.compile(r"^[a-z][a-z0-9_-]{0,31}$")
# The course id names the course's folder in the exchange.
COURSE_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")
# Where the proxy is installed by `npm ci` (make classroom-deps), beside its package.json.
PROXY_DIR = Path(__file__).resolve().parent / "proxy"
SETTINGS_FILE = "classroom.json"
SETTINGS_ENV = "SUDJUSTICE_CLASSROOM_SETTINGS"
# Every account runs its Jupyter server and nbgrader from this environment, so it must be readable
# by all: the project's .venv may use an interpreter under /root that learners cannot run.
DEFAULT_USER_ENV = "/opt/sudjustice-classroom/env"
USER_ENV_VARIABLE = "SUDJUSTICE_CLASSROOM_ENV"


def username_error(name: str) -> str | None:
    """Why `name` cannot be a Unix account and hub user name, or None when it can."""
    if USERNAME.match(name):
        return None
    return (
        f"{name!r} is not a valid account name: use 1 to 32 lower-case letters, digits, '-' or "
        "'_', starting with a letter"
    )


def default_proxy_command() -> str:
    return str(PROXY_DIR / "node_modules" / ".bin" / "configurable-http-proxy")


def default_user_env() -> Path:
    """The learners' environment (`make classroom-deps`); SUDJUSTICE_CLASSROOM_ENV overrides it."""
    return Path(os.environ.get(USER_ENV_VARIABLE, DEFAULT_USER_ENV))


@dataclass(frozen=True)
class ClassroomSettings:
    """One course on one machine. Every address is loopback unless `ip` says otherwise."""

    course_source: Path
    state_dir: Path
    instructor: str = "instructor"
    learners: tuple[str, ...] = ()
    course_id: str = "sudjustice"
    ip: str = "127.0.0.1"
    port: int = 8000
    hub_port: int = 8081
    proxy_api_port: int = 8001
    # Parent folder of new accounts' homes (useradd -b); None keeps the system default (/home).
    home_base: Path | None = None
    proxy_command: str = field(default_factory=default_proxy_command)
    user_env: Path = field(default_factory=default_user_env)

    def __post_init__(self) -> None:
        problems = [
            error
            for name in (self.instructor, *self.learners)
            if (error := username_error(name)) is not None
        ]
        if self.instructor in self.learners:
            problems.append(f"the instructor {self.instructor!r} is also listed as a learner")
        duplicates = sorted({name for name in self.learners if self.learners.count(name) > 1})
        if duplicates:
            problems.append(f"learners listed twice: {', '.join(duplicates)}")
        if not COURSE_ID.match(self.course_id):
            problems.append(f"{self.course_id!r} is not a valid course id")
        ports = (self.port, self.hub_port, self.proxy_api_port)
        if len(set(ports)) != len(ports):
            problems.append(f"port, hub port and proxy API port must differ, got {ports}")
        if problems:
            raise ValueError("; ".join(problems))

    @property
    def exchange_dir(self) -> Path:
        """nbgrader's exchange: writable by every account, sticky so no one deletes others' files."""
        return self.state_dir / "exchange"

    @property
    def jupyter_config_dir(self) -> Path:
        """Extra Jupyter config folder every single-user server and nbgrader run reads."""
        return self.state_dir / "jupyter"

    @property
    def singleuser_command(self) -> str:
        return str(self.user_env / "bin" / "jupyterhub-singleuser")

    @property
    def user_python(self) -> str:
        return str(self.user_env / "bin" / "python")

    @property
    def settings_file(self) -> Path:
        return self.state_dir / SETTINGS_FILE

    @property
    def token_file(self) -> Path:
        """The launcher's API token (a hub service with admin scopes); readable by root only."""
        return self.state_dir / "launcher-token"

    @property
    def log_file(self) -> Path:
        return self.state_dir / "jupyterhub.log"

    @property
    def pid_file(self) -> Path:
        return self.state_dir / "jupyterhub.pid"

    @property
    def url(self) -> str:
        return f"http://{self.ip}:{self.port}"

    @property
    def users(self) -> tuple[str, ...]:
        return (self.instructor, *self.learners)

    def to_json(self) -> str:
        data = asdict(self)
        return json.dumps(
            {key: str(value) if isinstance(value, Path) else value for key, value in data.items()},
            indent=2,
        )

    @classmethod
    def from_json(cls, text: str) -> ClassroomSettings:
        data = json.loads(text)
        known = {item.name for item in fields(cls)}
        unknown = sorted(set(data) - known)
        if unknown:
            raise ValueError(f"unknown classroom settings: {', '.join(unknown)}")
        for key in ("course_source", "state_dir", "user_env"):
            data[key] = Path(data[key])
        if data.get("home_base") is not None:
            data["home_base"] = Path(data["home_base"])
        data["learners"] = tuple(data.get("learners", ()))
        return cls(**data)

    @classmethod
    def load(cls, state_dir: Path) -> ClassroomSettings:
        path = state_dir / SETTINGS_FILE
        if not path.is_file():
            raise FileNotFoundError(f"{path}: no classroom settings (was the classroom started?)")
        return cls.from_json(path.read_text(encoding="utf-8"))


def missing_programs(settings: ClassroomSettings) -> list[str]:
    """Programs the classroom needs that are not installed, each with how to get it."""
    needed = {
        settings.proxy_command: "run `make classroom-deps` (npm ci of the proxy)",
        settings.singleuser_command: "run `make classroom-deps` (the learners' environment)",
        "useradd": "install Debian's `passwd` package",
        "runuser": "install Debian's `util-linux` package",
    }
    return [
        f"{program}: {how}"
        for program, how in needed.items()
        if shutil.which(program) is None and not Path(program).is_file()
    ]
