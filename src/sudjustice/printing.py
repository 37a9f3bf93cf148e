"""Print HTML to PDF with Debian's headless Chromium (no network, no Chromium profile left)."""

from __future__ import annotations

import subprocess
import tempfile
from pathlib import Path

CHROMIUM = "/usr/bin/chromium"
# Without the background-networking flags Chromium tries to call home at start-up.
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-pdf-header-footer",
]


def print_to_pdf(html: Path, pdf: Path, chromium: str = CHROMIUM, timeout: int = 120) -> Path:
    """Render one HTML file to `pdf`; raise CalledProcessError if Chromium fails."""
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run(
            [
                chromium,
                *FLAGS,
                f"--user-data-dir={profile}",
                f"--print-to-pdf={pdf}",
                html.resolve().as_uri(),
            ],
            check=True,
            capture_output=True,
            timeout=timeout,
        )
    return pdf
