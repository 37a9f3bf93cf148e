"""Benchmark the book build and page weight (`make bench`); prints figures, asserts nothing.

Builds a throw-away copy of the project so the developer's own _build and cache are untouched.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CONTENT = ["_config.yml", "_toc.yml", "book", "modules", "exercises", "datasets"]
TOUCHED_PAGE = "modules/m03-treaty-flexibilities/01-flexibilities-map.md"
# Scripts, images and stylesheets/icons are downloaded; <link rel="next"> and the like are not.
ASSET = re.compile(
    r"""<(?:script|img)\b[^>]*\bsrc=["']([^"'#?]+)"""
    r"""|<link\b(?=[^>]*\brel=["'](?:stylesheet|icon|preload)["'])[^>]*\bhref=["']([^"'#?]+)""",
    re.IGNORECASE,
)
JUPYTER_BOOK = str(Path(sys.executable).parent / "jupyter-book")


def build(project: Path) -> float:
    start = time.perf_counter()
    subprocess.run(
        [JUPYTER_BOOK, "build", str(project), "-W", "-n", "--keep-going", "-q"],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    return time.perf_counter() - start


def page_weight(site: Path, page: Path) -> int:
    """Bytes a first visit downloads: the page plus every local script, style and image."""
    html = page.read_text(encoding="utf-8", errors="replace")
    refs = [src or href for src, href in ASSET.findall(html)]
    assets = {(page.parent / ref).resolve() for ref in refs if "://" not in ref}
    return page.stat().st_size + sum(a.stat().st_size for a in assets if a.is_file())


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        project = Path(tmp)
        for name in CONTENT:
            source = ROOT / name
            copy = shutil.copytree if source.is_dir() else shutil.copy
            copy(source, project / name)
        cold = build(project)
        (project / TOUCHED_PAGE).touch()
        warm = build(project)
        site = project / "_build" / "html"
        size = sum(f.stat().st_size for f in site.rglob("*") if f.is_file())
        pages = [p for p in site.rglob("*.html") if p.relative_to(site).parts[0] != "_static"]
        heaviest = max(pages, key=lambda p: page_weight(site, p))
        print(f"cold build (s):                 {cold:8.1f}")
        print(f"warm rebuild, one page (s):     {warm:8.1f}")
        print(f"built site size (MB):           {size / 1e6:8.2f}")
        print(
            f"largest page weight (KB):       {page_weight(site, heaviest) / 1e3:8.1f}"
            f"  ({heaviest.relative_to(site)})"
        )


if __name__ == "__main__":
    main()
