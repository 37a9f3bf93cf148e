"""Print many HTML files to PDF with one headless Debian Chromium (Playwright), offline.

`sudjustice.printing.print_to_pdf` starts Chromium once per file; a handout pack has a hundred
files, so this keeps one browser open. Every request that is not a local file is aborted, so a
page that tries to reach the internet prints without it instead of waiting.
"""

from __future__ import annotations

from pathlib import Path
from types import TracebackType
from typing import Self

from sudjustice.printing import CHROMIUM, FLAGS

FOOTER = (
    "<div style='font-size:8pt;width:100%;text-align:center;color:#444;'>"
    "{label}<span class='pageNumber'></span> / <span class='totalPages'></span></div>"
)


class Printer:
    """`with Printer() as printer: printer.pdf(html_path, pdf_path)`."""

    def __init__(self, chromium: str = CHROMIUM) -> None:
        self.chromium = chromium

    def __enter__(self) -> Self:
        from playwright.sync_api import sync_playwright

        self._playwright = sync_playwright().start()
        flags = [f for f in FLAGS if f not in ("--headless", "--no-pdf-header-footer")]
        self._browser = self._playwright.chromium.launch(
            executable_path=self.chromium, headless=True, args=flags
        )
        self._context = self._browser.new_context()
        self._context.route(
            "**/*",
            lambda route: (
                route.continue_()
                if route.request.url.startswith(("file:", "data:", "about:"))
                else route.abort()
            ),
        )
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self._browser.close()
        self._playwright.stop()

    def pdf(
        self, html: Path, pdf: Path, *, footer: str | None = "", wait_for: str | None = None
    ) -> Path:
        """Print `html` to `pdf` (A4). `footer` labels the page numbers; None prints none.

        `wait_for` is a JavaScript expression to wait for before printing (e.g. charts drawn).
        """
        page = self._context.new_page()
        try:
            page.goto(html.resolve().as_uri(), wait_until="load")
            if wait_for:
                page.wait_for_function(wait_for, timeout=120_000)
            pdf.parent.mkdir(parents=True, exist_ok=True)
            page.pdf(
                path=str(pdf),
                format="A4",
                print_background=True,
                prefer_css_page_size=True,
                display_header_footer=footer is not None,
                header_template="<span></span>",
                footer_template=FOOTER.format(label=footer or "") if footer is not None else "",
                margin={"top": "14mm", "bottom": "16mm", "left": "14mm", "right": "14mm"},
            )
        finally:
            page.close()
        return pdf
