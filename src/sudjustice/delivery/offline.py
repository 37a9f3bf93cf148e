"""A downloadable offline copy of the built site: one zip with a top-level folder to open.

The site loads nothing from outside its own folder, so it works from file:// once unzipped.
`OPEN-ME.html` at the top of the folder sends the learner to the first page.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

FOLDER = "sudjustice-course"
OPEN_ME = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="refresh" content="0; url=index.html">
<title>Open the course</title></head>
<body><p>Opening the course… If nothing happens, <a href="index.html">open the course here</a>.</p>
<p>This copy works without the internet. Your progress is kept in this browser only.</p>
</body></html>
"""
# Build by-products a learner does not need.
SKIP = {".buildinfo", ".doctrees"}


def write_offline_zip(site: Path, out: Path, folder: str = FOLDER) -> Path:
    """Zip `site` as `<folder>/…` plus `<folder>/OPEN-ME.html`; same site, same file list."""
    if not (site / "index.html").exists():
        raise FileNotFoundError(f"{site}/index.html is missing: build the book first (make book)")
    out.parent.mkdir(parents=True, exist_ok=True)
    files = sorted(p for p in site.rglob("*") if p.is_file() and not SKIP & set(p.parts))
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(f"{folder}/OPEN-ME.html", OPEN_ME)
        for path in files:
            archive.write(path, f"{folder}/{path.relative_to(site).as_posix()}")
    return out
