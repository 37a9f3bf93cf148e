"""Does the built book load anything from outside its own folder? (It must not.)"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

pytestmark = pytest.mark.build

EXTERNAL = r"(?:https?:)?//"
# Attributes and CSS constructs that make a browser fetch something.
LOADING_PATTERNS = [
    re.compile(
        rf"<(?:script|img|iframe|source|audio|video|embed|track|input)\b[^>]*\bsrc\s*=\s*[\"']?{EXTERNAL}",
        re.IGNORECASE,
    ),
    re.compile(
        rf"<link\b(?=[^>]*\brel\s*=\s*[\"']?(?:stylesheet|preload|modulepreload|icon|prefetch|preconnect|dns-prefetch|manifest))[^>]*\bhref\s*=\s*[\"']?{EXTERNAL}",
        re.IGNORECASE,
    ),
    re.compile(rf"<object\b[^>]*\bdata\s*=\s*[\"']?{EXTERNAL}", re.IGNORECASE),
    re.compile(rf"\bsrcset\s*=\s*[\"'][^\"']*{EXTERNAL}", re.IGNORECASE),
    re.compile(rf"url\(\s*[\"']?{EXTERNAL}", re.IGNORECASE),
    re.compile(rf"@import\s+[\"']{EXTERNAL}", re.IGNORECASE),
]
TEXT_SUFFIXES = {".html", ".js", ".css"}


def _external_loads(text: str) -> list[str]:
    return [m.group(0)[:160] for pattern in LOADING_PATTERNS for m in pattern.finditer(text)]


def test_patterns_catch_external_loads():
    """Can the scanner fail? Each kind of external load must be caught, local ones must not."""
    bad = [
        '<script src="https://cdn.example.org/vega.js"></script>',
        "<link rel='stylesheet' href='//fonts.example.com/a.css'>",
        '<img src="http://example.org/logo.png">',
        '<iframe src="https://example.org/embed"></iframe>',
        "@font-face { src: url('https://fonts.example.com/x.woff2') }",
        '@import "https://example.org/theme.css";',
    ]
    good = [
        '<script src="../_static/_vendor/vega/vega-bundle.js"></script>',
        '<a href="https://un.org">UN</a>',
    ]
    assert all(_external_loads(snippet) for snippet in bad)
    assert not any(_external_loads(snippet) for snippet in good)


def test_no_file_in_the_site_loads_external_resources(site: Path):
    """Is every script, style, font, image and frame in the built site loaded from the site?"""
    offenders = {}
    for path in site.rglob("*"):
        if path.suffix in TEXT_SUFFIXES and path.is_file():
            found = _external_loads(path.read_text(encoding="utf-8", errors="replace"))
            if found:
                offenders[str(path.relative_to(site))] = found[:3]
    assert offenders == {}


def test_vendored_vega_bundle_is_in_the_site(site: Path):
    """Are the chart libraries shipped inside the site rather than fetched?"""
    bundle = site / "_static" / "_vendor" / "vega" / "vega-bundle.js"
    assert bundle.stat().st_size > 100_000
    assert "vegaEmbed" in bundle.read_text(encoding="utf-8")
