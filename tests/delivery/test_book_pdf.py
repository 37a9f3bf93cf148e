"""Does `sudjustice pdf` print the whole built book with every module, page numbers and
internal links? Run as a command, as `make pdf` does (Playwright cannot share the test's loop)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader

from sudjustice.delivery.course import load_modules

pytestmark = [pytest.mark.build, pytest.mark.browser, pytest.mark.slow]
ROOT = Path(__file__).resolve().parents[2]
SUDJUSTICE = Path(sys.executable).parent / "sudjustice"


def test_book_pdf_has_every_module_and_working_internal_links(tmp_path, site):
    pdf = tmp_path / "book.pdf"
    subprocess.run(
        [SUDJUSTICE, "pdf", "--root", ROOT, "--site", site, "--out", pdf], check=True, timeout=600
    )
    text = " ".join(
        subprocess.run(
            ["pdftotext", str(pdf), "-"], check=True, capture_output=True, text=True
        ).stdout.split()
    )
    for module in load_modules(ROOT).values():
        if module.id != "m00":
            assert f"Module {module.number} — {module.title}" in text
    reader = PdfReader(pdf)
    assert 100 < len(reader.pages) < 2000
    assert "page 2 /" in text  # numbered footer
    named = reader.named_destinations
    internal = []
    for page in reader.pages[:3]:  # the contents pages
        for annot in page.get("/Annots") or []:
            link = annot.get_object()
            dest = link.get("/Dest")
            if dest is not None:
                internal.append(dest)
    assert internal, "no internal links on the contents pages"
    for dest in internal:
        target = named[dest] if isinstance(dest, str) else None
        page_number = reader.get_destination_page_number(target) if target else None
        assert page_number is not None and 0 < page_number < len(reader.pages)
