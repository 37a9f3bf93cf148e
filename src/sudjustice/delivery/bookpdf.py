"""One PDF of the whole book: the built pages' main content in TOC order, printed by Chromium.

The pages are joined into one HTML document (`book.html` beside the PDF) so that links between
pages become links inside the document, which Chromium keeps as internal PDF links. Every id is
prefixed with its page, so ids repeated across pages stay unique. A contents list with links
opens the book; the footer numbers every page. Interactive parts print as they show without
scripts: case decisions and quiz questions, never their hidden feedback.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass
from html import escape
from pathlib import Path
from urllib.parse import urlsplit

import yaml
from lxml import html as lxml_html

from sudjustice.check import toc_pages
from sudjustice.delivery.printer import Printer

PRINT_CSS = """
@page { size: A4; }
html, body { background: #fff; }
.pdf-page { break-before: page; }
.pdf-contents li { margin: 0.15rem 0; }
button, .sudj-check, .sudj-retry, .headerlink, .sudj-progress-tools, noscript { display: none !important; }
.sudj-chart-view { min-height: 0 !important; }
a { color: #1a4e8a; text-decoration: none; }
.pdf-part { font-size: 1.4rem; font-weight: bold; color: #1a4e8a; border-bottom: 2px solid #1a4e8a; }
"""
CHARTS_DRAWN = (
    "Array.from(document.querySelectorAll('figure.sudj-chart .sudj-chart-view'))"
    ".every(v => v.querySelector('svg') || v.textContent.trim().length > 0)"
)
SCRIPTS = ["_static/_vendor/vega/vega-bundle.js", "_static/_vendor/sudjustice/charts.js"]


@dataclass(frozen=True)
class BookPage:
    doc: str
    title: str

    @property
    def anchor(self) -> str:
        return "p-" + self.doc.replace("/", "_")


def part_starts(root: Path) -> dict[str, str]:
    """The first page of each TOC part -> the part's caption (e.g. "Module 1 — …")."""
    toc = yaml.safe_load((root / "_toc.yml").read_text(encoding="utf-8"))
    starts = {}
    for part in toc.get("parts", []):
        if part.get("chapters"):
            starts[part["chapters"][0]["file"]] = part["caption"]
    return starts


def book_pages(root: Path, site: Path) -> list[BookPage]:
    """The TOC's pages that are built, in order, with their built titles."""
    pages = []
    for source in toc_pages(root):
        doc = source.relative_to(root).with_suffix("").as_posix()
        built = site / f"{doc}.html"
        if not built.exists():
            raise FileNotFoundError(f"{built} is missing: build the book first (make book)")
        tree = lxml_html.parse(str(built))
        heading = tree.find(".//article//h1")
        title = heading.text_content().strip().rstrip("#").strip() if heading is not None else doc
        pages.append(BookPage(doc, title))
    return pages


def _rewrite(article, page: BookPage, docs: dict[str, BookPage], site_prefix: str) -> None:
    """Prefix ids with the page; point links at in-document anchors and assets at the site."""
    here = posixpath.dirname(page.doc)
    for node in article.iter():
        if not isinstance(node.tag, str):
            continue
        if node.get("id"):
            node.set("id", f"{page.anchor}--{node.get('id')}")
        for attr in ("href", "src"):
            value = node.get(attr)
            if not value or value.startswith(("data:", "mailto:")) or urlsplit(value).scheme:
                continue
            parts = urlsplit(value)
            if not parts.path:  # "#frag" on this page
                node.set(attr, f"#{page.anchor}--{parts.fragment}")
                continue
            target = posixpath.normpath(posixpath.join(here, parts.path))
            doc = target.removesuffix(".html")
            if attr == "href" and doc in docs:
                anchor = docs[doc].anchor
                node.set(attr, f"#{anchor}--{parts.fragment}" if parts.fragment else f"#{anchor}")
            else:
                node.set(attr, f"{site_prefix}{target}")


def combined_html(root: Path, site: Path, out_dir: Path, title: str) -> str:
    """The whole book as one HTML document that loads its assets from `site`."""
    pages = book_pages(root, site)
    docs = {p.doc: p for p in pages}
    site_prefix = Path(posixpath.relpath(site.resolve(), out_dir.resolve())).as_posix() + "/"
    first = lxml_html.parse(str(site / f"{pages[0].doc}.html"))
    styles = [
        link.get("href")
        for link in first.iter("link")
        if link.get("rel") == "stylesheet" and link.get("href")
    ]
    here = posixpath.dirname(pages[0].doc)
    head = "".join(
        f"<link rel='stylesheet' href='{site_prefix}{posixpath.normpath(posixpath.join(here, urlsplit(h).path))}'>"
        for h in styles
    )
    head += "".join(
        f"<link rel='stylesheet' href='{site_prefix}_static/_vendor/sudjustice/{name}'>"
        for name in ("sudjustice.css", "progress.css")
    )
    parts = part_starts(root)
    contents = "".join(
        (f"</ol><h3>{escape(parts[p.doc])}</h3><ol>" if p.doc in parts else "")
        + f"<li><a href='#{p.anchor}'>{escape(p.title)}</a></li>"
        for p in pages
    )
    opening = f"<h1>{escape(title)}</h1><h2>Contents</h2><ol>{contents}</ol>"
    body = [f"<section class='pdf-contents'>{opening}</section>"]
    for page in pages:
        tree = lxml_html.parse(str(site / f"{page.doc}.html"))
        article = tree.find(".//article[@class='bd-article']")
        if article is None:
            raise ValueError(f"{page.doc}.html has no <article class='bd-article'>")
        _rewrite(article, page, docs, site_prefix)
        inner = lxml_html.tostring(article, encoding="unicode")
        part = f"<p class='pdf-part'>{escape(parts[page.doc])}</p>" if page.doc in parts else ""
        body.append(f"<section class='pdf-page' id='{page.anchor}'>{part}{inner}</section>")
    scripts = "".join(f"<script src='{site_prefix}{s}'></script>" for s in SCRIPTS)
    return (
        f"<!DOCTYPE html><html lang='en' data-theme='light'><head><meta charset='utf-8'>"
        f"<title>{escape(title)}</title>{head}<style>{PRINT_CSS}</style></head>"
        f"<body><main class='bd-main'>{''.join(body)}</main>{scripts}</body></html>"
    )


def write_book_pdf(root: Path, site: Path, pdf: Path, title: str) -> Path:
    """Write `book.html` beside `pdf` and print it with page numbers in the footer."""
    pdf.parent.mkdir(parents=True, exist_ok=True)
    source = pdf.with_suffix(".html")
    source.write_text(combined_html(root, site, pdf.parent, title), encoding="utf-8")
    with Printer() as printer:
        return printer.pdf(source, pdf, footer=f"{title} · page ", wait_for=CHARTS_DRAWN)
