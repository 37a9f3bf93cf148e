"""JupyterHub configuration for one classroom (`jupyterhub -f hub_config.py`).

Everything that varies between classrooms comes from the settings JSON the launcher writes (its
path is in the SUDJUSTICE_CLASSROOM_SETTINGS environment variable); this file only says how a
classroom maps onto JupyterHub. Kubernetes equivalents are in book/classroom.md.
"""

import os
from pathlib import Path

from sudjustice.classroom.settings import SETTINGS_ENV, ClassroomSettings

c = get_config()  # noqa: F821 - injected by traitlets when JupyterHub loads this file

settings = ClassroomSettings.from_json(Path(os.environ[SETTINGS_ENV]).read_text(encoding="utf-8"))
state = settings.state_dir

# Where the hub listens, and its proxy's API: the ip from the settings (loopback by default).
c.JupyterHub.ip = settings.ip
c.JupyterHub.port = settings.port
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = settings.hub_port
c.ConfigurableHTTPProxy.api_url = f"http://127.0.0.1:{settings.proxy_api_port}"
c.ConfigurableHTTPProxy.command = [settings.proxy_command]
c.ConfigurableHTTPProxy.pid_file = str(state / "proxy.pid")

# The hub's own state stays in the classroom's folder.
c.JupyterHub.db_url = f"sqlite:///{state / 'jupyterhub.sqlite'}"
c.JupyterHub.cookie_secret_file = str(state / "jupyterhub_cookie_secret")
# Stopping the hub stops every learner's server and the proxy it started.
c.JupyterHub.cleanup_servers = True
c.JupyterHub.cleanup_proxy = True

# Local accounts: learners log in with their Unix password; each server runs as its own user,
# so one learner cannot read another's files.
c.JupyterHub.authenticator_class = "pam"
c.PAMAuthenticator.open_sessions = False  # containers and CI have no login sessions to open
c.Authenticator.allowed_users = set(settings.users)
c.Authenticator.admin_users = {settings.instructor}
c.JupyterHub.spawner_class = "localprocess"
c.Spawner.cmd = [settings.singleuser_command]
c.Spawner.ip = "127.0.0.1"
c.Spawner.default_url = "/lab"
c.Spawner.notebook_dir = "~"
c.Spawner.start_timeout = 60
c.Spawner.http_timeout = 60
# The exchange path and course id reach nbgrader through this extra config folder.
c.Spawner.environment = {"JUPYTER_CONFIG_PATH": str(settings.jupyter_config_dir)}

# The launcher (and the tests) manage accounts and servers through the REST API with this token.
c.JupyterHub.services = [
    {"name": "classroom-launcher", "api_token": settings.token_file.read_text().strip()}
]
c.JupyterHub.load_roles = [
    {
        "name": "classroom-launcher",
        "scopes": ["admin:users", "admin:servers", "tokens", "list:users", "read:users"],
        "services": ["classroom-launcher"],
    }
]
