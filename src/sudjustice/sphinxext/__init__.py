"""The book's Sphinx extension: the `case` directive and the offline scripts pages need.

Scripts are copied into `_vendor/` of the built site and attached only to pages that use them,
so a page without a chart never downloads the Vega bundle.
"""

from __future__ import annotations

import hashlib
import shutil
from importlib.metadata import version
from pathlib import Path
from typing import Any

import vl_convert
from sphinx.application import Sphinx

from sudjustice import __version__
from sudjustice.sphinxext.case_directive import CaseDirective, merge_cases, purge_cases
from sudjustice.sphinxext.library import (
    CaseLibraryDirective,
    JurisdictionCardDirective,
    case_library,
    fill_libraries,
    reread_libraries,
)
from sudjustice.sphinxext.paths_directive import DIRECTIVES as PATH_DIRECTIVES
from sudjustice.sphinxext.quiz_directive import GlossaryDirective, QuizDirective
from sudjustice.sphinxext.stats_directive import CourseStatisticsDirective

PACKAGE = Path(__file__).parents[1]
STATIC = Path(__file__).parent / "static"
# Sphinx resolves page assets under _static/; ours sit in their own folder there.
VENDOR = "_vendor"
CASE_ASSETS = ["sudjustice/cases.js"]
LIBRARY_ASSETS = ["sudjustice/library.js"]
QUIZ_ASSETS = ["sudjustice/quiz.js"]
CHART_ASSETS = ["vega/vega-bundle.js", "sudjustice/charts.js"]
PROGRESS_ASSETS = ["sudjustice/progress.js"]


def _attach_assets(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    """Add the case and chart scripts to the pages that contain them, and only those."""
    has_case = bool(getattr(app.env, "sudj_cases", {}).get(pagename))
    body = context.get("body", "")
    has_chart, has_library = "sudj-chart" in body, "sudj-library" in body
    has_quiz = "sudj-quiz" in body
    if has_case or has_chart or has_library or has_quiz or "sudj-card-page" in body:
        app.add_css_file(f"{VENDOR}/sudjustice/sudjustice.css")
    assets = (
        (CASE_ASSETS if has_case else [])
        + (CHART_ASSETS if has_chart else [])
        + (LIBRARY_ASSETS if has_library else [])
        + (QUIZ_ASSETS if has_quiz else [])
    )
    if has_path := "sudj-path" in body:
        assets += PROGRESS_ASSETS
    if has_path or "sudj-agenda" in body or "sudj-evaluation" in body or "sudj-briefing" in body:
        app.add_css_file(f"{VENDOR}/sudjustice/progress.css")
    for asset in assets:
        app.add_js_file(f"{VENDOR}/{asset}", loading_method="defer")


def classic_script(bundle: str) -> str:
    """Wrap the Vega ES bundle in a function scope.

    As a plain script its top-level names (e.g. `_`) clash with the theme's globals, and as a
    module it is blocked on file:// pages, which is how offline learners open the site. The
    bundle publishes vegaEmbed, vega and vegaLite on `window` itself.
    """
    return f"(function () {{\n{bundle}\n}})();\n"


def _write_vendor(app: Sphinx, exception: Exception | None) -> None:
    """Copy our scripts and the Vega bundle (from the vl-convert wheel) into the site."""
    if exception or app.builder.format != "html":
        return
    vendor = Path(app.outdir) / "_static" / VENDOR
    shutil.copytree(STATIC, vendor / "sudjustice", dirs_exist_ok=True)
    bundle = vendor / "vega" / "vega-bundle.js"
    # Regenerating takes seconds, so a local rebuild reuses a bundle made by the same vl-convert.
    stamp = f"// vega bundle from vl-convert {version('vl-convert-python')}\n"
    if not bundle.exists() or not bundle.read_text(encoding="utf-8").startswith(stamp):
        bundle.parent.mkdir(parents=True, exist_ok=True)
        bundle.write_text(stamp + classic_script(vl_convert.javascript_bundle()), encoding="utf-8")


def _drop_thebe(app: Sphinx) -> None:
    """Unhook sphinx-thebe, which Jupyter Book 1 always loads.

    Thebe fetches its code and kernels from the internet, which this offline book must not
    do, and its start-up script is declared twice on rebuilt pages (a console error).
    """
    for event in ("env-before-read-docs", "doctree-resolved"):
        for listener in list(app.events.listeners.get(event, [])):
            if getattr(listener.handler, "__module__", "").startswith("sphinx_thebe"):
                app.disconnect(listener.id)


def code_fingerprint() -> int:
    """A number that changes whenever the package's code does.

    Sphinx re-reads every page when an extension's `env_version` changes, so pages built by an
    older renderer are never served with newer scripts.
    """
    digest = hashlib.sha256()
    for path in sorted(PACKAGE.rglob("*")):
        if path.suffix in (".py", ".js", ".css") and path.is_file():
            digest.update(path.read_bytes())
    return int(digest.hexdigest()[:8], 16)


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("builder-inited", _drop_thebe)
    app.setup_extension("sudjustice.sphinxext.a11y")
    app.add_directive("case", CaseDirective)
    app.add_directive("case-library", CaseLibraryDirective)
    app.add_directive("jurisdiction-card", JurisdictionCardDirective)
    app.add_directive("quiz", QuizDirective)
    app.add_directive("course-glossary", GlossaryDirective)
    app.add_directive("course-statistics", CourseStatisticsDirective)
    for name, directive in PATH_DIRECTIVES.items():
        app.add_directive(name, directive)
    app.add_node(case_library)
    app.connect("doctree-resolved", fill_libraries)
    app.connect("env-get-outdated", reread_libraries)
    app.connect("env-purge-doc", purge_cases)
    app.connect("env-merge-info", merge_cases)
    app.connect("html-page-context", _attach_assets)
    app.connect("build-finished", _write_vendor)
    return {
        "version": __version__,
        "env_version": code_fingerprint(),
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
