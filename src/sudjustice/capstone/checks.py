"""Autograder checks on a learner's capstone analysis notebook (CURRICULUM §4.4).

The notebook runs top to bottom in the grading sandbox (no network, only the course datasets
visible, read-only) within the time limit. Then:

- `indicators` is a DataFrame with the required columns and at least the minimum rows;
- each indicator the grader can compute is within tolerance of the grader's reference;
- at least the minimum number of Altair charts were shown with the synthetic-data subtitle;
- no code cell holds an absolute file path, and none makes a network call.

Each check says what it found; failing any caps criterion C8 (see `rubric`).
"""

from __future__ import annotations

import ast
import json
import re
import shutil
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import nbformat
import yaml
from nbclient import NotebookClient
from nbclient.exceptions import CellTimeoutError, DeadKernelError
from nbformat import NotebookNode

from sudjustice.capstone.reference import reference_indicators
from sudjustice.grading.sandbox import Sandbox, SandboxedKernelManager, sandboxed_kernel_manager

INSPECT_MARKER = "SUDJUSTICE-CAPSTONE-INSPECT:"
NETWORK_MODULES = {
    "socket",
    "urllib",
    "urllib3",
    "requests",
    "httpx",
    "http",
    "aiohttp",
    "ftplib",
    "smtplib",
    "websocket",
    "websockets",
}
ANSI = re.compile(r"\x1b\[[0-9;]*m")
URL = re.compile(r"^(?:https?|ftp)://", re.IGNORECASE)
ABSOLUTE_PATH = re.compile(r"^(?:/(?!/)[\w.-]+/|~[/\\]|[A-Za-z]:[\\/]|\\\\)")


@dataclass(frozen=True)
class Check:
    name: str
    passed: bool
    detail: str

    def __str__(self) -> str:
        return f"{'PASS' if self.passed else 'FAIL'} {self.name}: {self.detail}"


@dataclass(frozen=True)
class Settings:
    time_limit_seconds: int
    dataset: str
    indicators_variable: str
    required_columns: tuple[str, ...]
    min_indicators: int
    min_charts: int
    chart_subtitle: str
    tolerance_absolute: float
    tolerance_relative: float

    @classmethod
    def load(cls, path: Path) -> Settings:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        return cls(
            time_limit_seconds=int(data["time_limit_seconds"]),
            dataset=data["dataset"],
            indicators_variable=data["indicators_variable"],
            required_columns=tuple(data["required_columns"]),
            min_indicators=int(data["min_indicators"]),
            min_charts=int(data["min_charts"]),
            chart_subtitle=data["chart_subtitle"],
            tolerance_absolute=float(data["tolerance"]["absolute"]),
            tolerance_relative=float(data["tolerance"]["relative"]),
        )


def code_cells(notebook: NotebookNode) -> list[tuple[int, str]]:
    return [
        (number, cell.source)
        for number, cell in enumerate(notebook.cells, start=1)
        if cell.cell_type == "code"
    ]


def static_findings(notebook: NotebookNode) -> tuple[list[str], list[str]]:
    """(absolute paths, network calls) found in code cells, each naming its cell."""
    paths, network = [], []
    for number, source in code_cells(notebook):
        code = "\n".join(
            line for line in source.splitlines() if not line.lstrip().startswith(("%", "!"))
        )
        if any(line.lstrip().startswith("!") for line in source.splitlines()):
            network.append(f"cell {number}: shell command")
        try:
            tree = ast.parse(code)
        except SyntaxError as error:
            paths.append(f"cell {number}: cannot be read ({error.msg}, line {error.lineno})")
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                if URL.match(node.value):
                    network.append(f"cell {number}, line {node.lineno}: URL {node.value!r}")
                elif ABSOLUTE_PATH.match(node.value):
                    paths.append(f"cell {number}, line {node.lineno}: {node.value!r}")
            elif isinstance(node, ast.Import | ast.ImportFrom):
                names = (
                    [alias.name for alias in node.names]
                    if isinstance(node, ast.Import)
                    else [node.module or ""]
                )
                for name in names:
                    if name.split(".")[0] in NETWORK_MODULES:
                        network.append(f"cell {number}, line {node.lineno}: import {name}")
    return paths, network


def inspection_code(settings: Settings) -> str:
    variable = settings.indicators_variable
    return (
        "import json as _json\n"
        "try:\n"
        f"    _frame = {variable}\n"
        "    _found = {'type': type(_frame).__name__, 'columns': [str(c) for c in _frame.columns],"
        " 'rows': _json.loads(_frame.to_json(orient='records'))}\n"
        "except Exception as _error:\n"
        "    _found = {'type': None, 'error': f'{type(_error).__name__}: {_error}'}\n"
        f"print({INSPECT_MARKER!r} + _json.dumps(_found))\n"
    )


def subtitles(spec: object) -> list[str]:
    """Every subtitle anywhere in a Vega-Lite spec (layered and concatenated charts too)."""
    found: list[str] = []
    if isinstance(spec, dict):
        title = spec.get("title")
        if isinstance(title, dict) and "subtitle" in title:
            subtitle = title["subtitle"]
            found += subtitle if isinstance(subtitle, list) else [str(subtitle)]
        for value in spec.values():
            found += subtitles(value)
    elif isinstance(spec, list):
        for value in spec:
            found += subtitles(value)
    return found


def chart_outputs(notebook: NotebookNode) -> list[dict]:
    specs = []
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            for mime, data in output.get("data", {}).items():
                if mime.startswith("application/vnd.vegalite"):
                    specs.append(data if isinstance(data, dict) else json.loads(data))
    return specs


class _SandboxedClient(NotebookClient):
    sandbox: Sandbox | None = None

    def create_kernel_manager(self):
        km = super().create_kernel_manager()
        if self.sandbox is not None:
            sandboxed_kernel_manager(km, self.sandbox)
        return km


def execute(
    notebook: NotebookNode, folder: Path, settings: Settings, project_root: Path
) -> tuple[NotebookNode, str | None, float]:
    """Run `notebook` (plus the inspection cell) in the sandbox; (executed, error, seconds)."""
    runnable = nbformat.from_dict(notebook)
    runnable.cells.append(nbformat.v4.new_code_cell(inspection_code(settings)))
    scratch = Path(tempfile.mkdtemp(prefix="sudjustice-capstone-"))
    try:
        workdir, runtime = scratch / "home", scratch / "runtime"
        shutil.copytree(folder, workdir, ignore=shutil.ignore_patterns("*.ipynb"))
        runtime.mkdir()
        client = _SandboxedClient(
            runnable,
            timeout=settings.time_limit_seconds,
            kernel_name="python3",
            kernel_manager_class=SandboxedKernelManager,
            allow_errors=True,  # keep going, so the inspection cell still runs
            shutdown_kernel="immediate",
            resources={"metadata": {"path": str(workdir)}},
        )
        datasets = project_root / "datasets"
        client.sandbox = Sandbox(
            workdir=workdir,
            runtime_dir=runtime,
            extra_readonly=(datasets, project_root / "_config.yml"),
            environment=(("SUDJUSTICE_ROOT", str(project_root)),),
        )
        started = time.monotonic()
        error = None
        try:
            client.execute()
        except CellTimeoutError:
            error = f"a cell ran longer than the {settings.time_limit_seconds} s limit"
        except DeadKernelError:
            error = "the kernel died while running the notebook"
        except Exception as failure:  # noqa: BLE001 - CellExecutionError and kin: report it
            lines = ANSI.sub("", str(failure)).strip().splitlines()
            error = lines[-1] if lines else repr(failure)
        if error is None:
            error = first_error(runnable)
        return runnable, error, time.monotonic() - started
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def first_error(executed: NotebookNode) -> str | None:
    """The first error a learner's cell raised, naming the cell, or None."""
    for number, cell in enumerate(executed.cells[:-1], start=1):
        for output in cell.get("outputs", []):
            if output.get("output_type") == "error":
                return f"cell {number} raised {output.get('ename')}: {output.get('evalue')}"
    return None


def inspected(executed: NotebookNode) -> dict:
    for output in executed.cells[-1].get("outputs", []):
        text = output.get("text", "")
        if INSPECT_MARKER in text:
            return json.loads(text.split(INSPECT_MARKER, 1)[1])
    return {"type": None, "error": "the notebook did not run to the end"}


def within(value: float, reference: float, settings: Settings) -> bool:
    allowed = max(settings.tolerance_absolute, settings.tolerance_relative * abs(reference))
    return abs(value - reference) <= allowed


def check_notebook(
    path: Path, project_root: Path, settings_path: Path | None = None
) -> list[Check]:
    """Every §4.4 autograder check on the notebook at `path`."""
    from sudjustice.data import load

    settings = Settings.load(
        settings_path or project_root / "exercises" / "capstone" / "autograder.yaml"
    )
    notebook = nbformat.read(path, as_version=4)
    checks = []
    paths, network = static_findings(notebook)
    checks.append(Check("no absolute paths", not paths, "; ".join(paths) or "none found"))
    checks.append(Check("no network calls", not network, "; ".join(network) or "none found"))

    executed, error, seconds = execute(notebook, path.parent, settings, project_root)
    runs = error is None and seconds <= settings.time_limit_seconds
    checks.append(
        Check(
            "runs clean offline",
            runs,
            f"ran top to bottom in {seconds:.0f} s" if runs else (error or "too slow"),
        )
    )

    found = inspected(executed)
    columns = found.get("columns", [])
    rows = found.get("rows", [])
    missing = [c for c in settings.required_columns if c not in columns]
    shaped = found.get("type") == "DataFrame" and not missing
    enough = len(rows) >= settings.min_indicators
    if found.get("type") is None:
        detail = f"no `{settings.indicators_variable}` ({found.get('error')})"
    elif not shaped:
        detail = f"{found['type']} missing column(s) {', '.join(missing) or '-'}"
    else:
        detail = f"{len(rows)} indicator(s) (at least {settings.min_indicators} needed)"
    checks.append(Check("indicators table", shaped and enough, detail))

    references = reference_indicators(load(settings.dataset, project_root))
    wrong, compared = [], []
    for row in rows if shaped else []:
        indicator = str(row.get("indicator_id"))
        if indicator in references:
            reference = references[indicator][0]
            try:
                value = float(row.get("value"))
            except (TypeError, ValueError):
                wrong.append(f"{indicator}: value {row.get('value')!r} is not a number")
                continue
            compared.append(indicator)
            if not within(value, reference, settings):
                wrong.append(f"{indicator}: {value:g}, reference {reference:g}")
    detail = "; ".join(wrong) if wrong else f"checked {', '.join(compared) or 'none'}"
    checks.append(Check("indicator values within tolerance", shaped and not wrong, detail))

    specs = chart_outputs(executed)
    labelled = [s for s in specs if any(settings.chart_subtitle in t for t in subtitles(s))]
    checks.append(
        Check(
            "charts with the synthetic subtitle",
            len(labelled) >= settings.min_charts,
            f"{len(labelled)} of {len(specs)} chart(s) carry '{settings.chart_subtitle}' "
            f"(at least {settings.min_charts} needed)",
        )
    )
    return checks
