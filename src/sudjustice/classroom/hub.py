"""Start and stop the classroom's JupyterHub, and talk to it through its REST API."""

from __future__ import annotations

import os
import secrets
import signal
import subprocess
import sys
import time
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import requests

from sudjustice.classroom.settings import SETTINGS_ENV, ClassroomSettings

HUB_CONFIG = Path(__file__).resolve().parent / "hub_config.py"
POLL_SECONDS = 0.25


class HubError(RuntimeError):
    """The hub did not start, did not answer, or did not stop; the message says which."""


def write_state(settings: ClassroomSettings) -> None:
    """Write the settings the hub config reads, and the launcher's token (root only) once."""
    settings.state_dir.mkdir(parents=True, exist_ok=True)
    settings.settings_file.write_text(settings.to_json() + "\n", encoding="utf-8")
    if not settings.token_file.exists():
        settings.token_file.touch(mode=0o600)
        settings.token_file.write_text(secrets.token_hex(32) + "\n", encoding="utf-8")


def launcher_token(settings: ClassroomSettings) -> str:
    return settings.token_file.read_text(encoding="utf-8").strip()


def start_hub(settings: ClassroomSettings) -> subprocess.Popen[bytes]:
    """Start JupyterHub in the background, logging to the state folder; see `wait_until_up`."""
    if pid := running_hub_pid(settings):
        raise HubError(f"a hub for {settings.state_dir} is already running (pid {pid})")
    jupyterhub = Path(sys.executable).parent / "jupyterhub"
    environment = {**os.environ, SETTINGS_ENV: str(settings.settings_file)}
    with settings.log_file.open("ab") as log:
        process = subprocess.Popen(
            [str(jupyterhub), "-f", str(HUB_CONFIG)],
            cwd=settings.state_dir,
            env=environment,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # Ctrl-C in the launcher's terminal is the launcher's to handle
        )
    settings.pid_file.write_text(f"{process.pid}\n", encoding="utf-8")
    return process


def wait_until_up(
    settings: ClassroomSettings, process: subprocess.Popen[bytes], timeout: float = 60
) -> None:
    """Wait until the hub answers through its proxy; raise with the log's tail if it never does."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise HubError(
                f"JupyterHub exited with code {process.returncode}:\n{log_tail(settings)}"
            )
        try:
            if requests.get(f"{settings.url}/hub/api/", timeout=2).ok:
                return
        except requests.ConnectionError:
            pass
        time.sleep(POLL_SECONDS)
    raise HubError(f"JupyterHub did not answer within {timeout:.0f} s:\n{log_tail(settings)}")


def running_hub_pid(settings: ClassroomSettings) -> int | None:
    """The pid of this classroom's hub if it is running, else None."""
    try:
        pid = int(settings.pid_file.read_text(encoding="utf-8").strip())
    except (FileNotFoundError, ValueError):
        return None
    return pid if process_alive(pid) else None


def process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # A zombie has exited; it only waits for its parent to read its status.
    stat = Path(f"/proc/{pid}/stat")
    return not (stat.exists() and stat.read_text().split(")")[-1].split()[0] == "Z")


def stop_hub(settings: ClassroomSettings, timeout: float = 60) -> bool:
    """Ask the hub to stop (it stops every server and its proxy first); True if one was running.

    Raises if the hub is still running after `timeout` seconds.
    """
    pid = running_hub_pid(settings)
    if pid is None:
        settings.pid_file.unlink(missing_ok=True)
        return False
    os.kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + timeout
    while process_alive(pid):
        if time.monotonic() > deadline:
            raise HubError(f"JupyterHub (pid {pid}) still running {timeout:.0f} s after SIGTERM")
        time.sleep(POLL_SECONDS)
    settings.pid_file.unlink(missing_ok=True)
    return True


def log_tail(settings: ClassroomSettings, lines: int = 20) -> str:
    if not settings.log_file.exists():
        return "(no log)"
    return "\n".join(settings.log_file.read_text(errors="replace").splitlines()[-lines:])


class HubClient:
    """The hub's REST API, authenticated as the classroom's launcher service."""

    def __init__(self, settings: ClassroomSettings, token: str | None = None):
        self.url = settings.url
        self.session = requests.Session()
        self.session.headers["Authorization"] = f"token {token or launcher_token(settings)}"

    def request(self, method: str, path: str, **kwargs) -> requests.Response:
        response = self.session.request(method, f"{self.url}/hub/api{path}", timeout=30, **kwargs)
        if not response.ok:
            raise HubError(f"{method} /hub/api{path}: HTTP {response.status_code} {response.text}")
        return response

    def user_names(self) -> set[str]:
        return {user["name"] for user in self.request("GET", "/users").json()}

    def add_users(self, names: Iterable[str]) -> None:
        """Add hub users for `names` that the hub does not know yet."""
        missing = sorted(set(names) - self.user_names())
        if missing:
            self.request("POST", "/users", json={"usernames": missing})

    def start_servers(self, names: Iterable[str]) -> None:
        """Ask for every named user's server at once; see `wait_until_ready`.

        The hub holds each request for up to 10 s (its slow-spawn timeout), so one by one a class
        of ten would take minutes before the first learner could start.
        """
        names = list(names)
        with ThreadPoolExecutor(max_workers=max(1, len(names))) as pool:
            list(pool.map(lambda name: self.request("POST", f"/users/{name}/server"), names))

    def server_ready(self, name: str) -> bool:
        server = self.request("GET", f"/users/{name}").json().get("servers", {}).get("")
        return bool(server and server.get("ready"))

    def wait_until_ready(self, names: Iterable[str], timeout: float = 120) -> None:
        """Wait until every named user's server is ready; raise naming those that are not."""
        waiting = set(names)
        deadline = time.monotonic() + timeout
        while waiting:
            waiting = {name for name in waiting if not self.server_ready(name)}
            if waiting and time.monotonic() > deadline:
                raise HubError(f"servers not ready after {timeout:.0f} s: {sorted(waiting)}")
            if waiting:
                time.sleep(POLL_SECONDS * 2)

    def new_token(self, name: str, note: str) -> str:
        """A token for `name` (with that user's permissions), as a learner would get in the UI."""
        return self.request("POST", f"/users/{name}/tokens", json={"note": note}).json()["token"]
