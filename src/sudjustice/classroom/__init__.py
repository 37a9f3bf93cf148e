"""A classroom server for one course: JupyterHub, local accounts and nbgrader's exchange.

- `settings`: what one classroom is (course, accounts, ports, folders), saved as JSON the hub
  configuration reads.
- `hub_config`: the JupyterHub configuration file itself (`jupyterhub -f`).
- `accounts`: the roster file and the Unix accounts the learners and the instructor log in with.
- `course`: the shared exchange folder, the instructor's course copy and the release step.
- `hub`: start and stop JupyterHub, and a small client of its REST API.
- `export`: grades from the course gradebook as a CSV file an LMS can import.
- `cli`: the `classroom` commands.

Nothing heavy is imported here, so the main CLI stays quick to load.
"""
