"""nbgrader's Execute step, with the kernel sandboxed and each cell's output bounded.

Everything else about execution is nbgrader's (timeouts, interrupts, error recording), so the
scores are the ones plain `nbgrader autograde` gives.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from typing import Any

from nbformat import NotebookNode
from nbgrader.preprocessors import Execute
from traitlets import Bool, Integer

from sudjustice.grading.sandbox import Sandbox, SandboxedKernelManager, sandboxed_kernel_manager

# Bytes of stream and display output kept per cell; the rest is dropped with a note.
DEFAULT_OUTPUT_BYTES = 1024**2
TRUNCATION_NOTE = "[output cut by the grader: this cell printed more than {limit} bytes]\n"


class SandboxedExecute(Execute):
    """Execute a notebook with its kernel in a bubblewrap sandbox (see `sandbox`)."""

    sandboxed = Bool(True, help="Run the kernel in a bubblewrap sandbox.").tag(config=True)
    output_bytes = Integer(
        DEFAULT_OUTPUT_BYTES, help="Bytes of stream/display output kept per cell."
    ).tag(config=True)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("kernel_manager_class", SandboxedKernelManager)
        super().__init__(*args, **kwargs)
        # The learner's kernel is thrown away: no need to wait for a polite shutdown.
        self.shutdown_kernel = "immediate"
        self._sandbox: Sandbox | None = None
        self._cell_bytes: dict[int, int] = {}

    def preprocess(self, nb: NotebookNode, resources: Any = None, km: Any = None):
        """Execute `nb` with a private scratch folder holding the assignment's other files."""
        folder = Path(resources.get("metadata", {}).get("path") or ".")
        self._cell_bytes = {}
        if not self.sandboxed:
            return super().preprocess(nb, resources, km)
        scratch = Path(tempfile.mkdtemp(prefix="sudjustice-kernel-"))
        try:
            workdir, runtime = scratch / "home", scratch / "runtime"
            runtime.mkdir()
            # Data files only: the notebook in `folder` carries the hidden tests.
            shutil.copytree(folder, workdir, ignore=shutil.ignore_patterns("*.ipynb"))
            self._sandbox = Sandbox(workdir=workdir, runtime_dir=runtime)
            return super().preprocess(nb, resources, km)
        finally:
            self._sandbox = None
            shutil.rmtree(scratch, ignore_errors=True)

    def create_kernel_manager(self):
        km = super().create_kernel_manager()
        if self._sandbox is not None and isinstance(km, SandboxedKernelManager):
            sandboxed_kernel_manager(km, self._sandbox)
        return km

    def output(
        self, outs: list[NotebookNode], msg: dict, display_id: str | None, cell_index: int
    ) -> NotebookNode | None:
        """Keep outputs until the cell's byte budget is spent; results and errors always."""
        if msg["msg_type"] in ("stream", "display_data", "update_display_data"):
            used = self._cell_bytes.get(cell_index, 0)
            if used > self.output_bytes:
                return None
            size = len(str(msg["content"].get("text", ""))) + sum(
                len(str(value)) for value in msg["content"].get("data", {}).values()
            )
            self._cell_bytes[cell_index] = used + size
            if used + size > self.output_bytes:
                self._cell_bytes[cell_index] = self.output_bytes + 1
                note = NotebookNode(
                    output_type="stream",
                    name="stderr",
                    text=TRUNCATION_NOTE.format(limit=self.output_bytes),
                )
                outs.append(note)
                return note
        return super().output(outs, msg, display_id, cell_index)
