"""Who earns a certificate (CURRICULUM §4.6), and the files each certificate is written to.

The records CSV has one row per learner: `learner`, `name`, `track`, `quiz_min_percent` (the
lowest of the learner's module-quiz scores), `exam_passed`, `exam_score` (e.g. 61/72) and
`capstone_passed` (`yes`/`no`).
"""

from __future__ import annotations

import csv
import html
import json
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from sudjustice.certificates.credential import (
    TRACKS,
    Award,
    sign,
    verification_code,
)
from sudjustice.certificates.keys import did_key

QUIZ_MINIMUM = 80.0
COLUMNS = (
    "learner",
    "name",
    "track",
    "quiz_min_percent",
    "exam_passed",
    "exam_score",
    "capstone_passed",
)
YES, NO = {"yes", "true", "1", "pass", "passed"}, {"no", "false", "0", "fail", "failed"}


class RecordError(ValueError):
    """A records row that cannot be read; the message names file, line and field."""


@dataclass(frozen=True)
class Record:
    learner: str
    name: str
    track: str
    quiz_min_percent: float
    exam_passed: bool
    exam_score: str
    capstone_passed: bool


def _flag(value: str, where: str) -> bool:
    text = value.strip().lower()
    if text in YES:
        return True
    if text in NO:
        return False
    raise RecordError(f"{where}: expected yes or no, got {value!r}")


def read_records(path: Path) -> list[Record]:
    """Every row of the records CSV; bad rows raise RecordError naming line and field."""
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        missing = [column for column in COLUMNS if column not in (reader.fieldnames or [])]
        if missing:
            raise RecordError(f"{path}:1: missing column(s) {', '.join(missing)}")
        records = []
        for line, row in enumerate(reader, start=2):
            where = f"{path}:{line}"
            if row["track"] not in TRACKS:
                raise RecordError(f"{where}: field track: unknown track {row['track']!r}")
            try:
                quiz = float(row["quiz_min_percent"])
            except ValueError as error:
                raise RecordError(f"{where}: field quiz_min_percent: not a number") from error
            if not row["name"].strip():
                raise RecordError(f"{where}: field name: empty")
            records.append(
                Record(
                    learner=row["learner"].strip(),
                    name=row["name"].strip(),
                    track=row["track"],
                    quiz_min_percent=quiz,
                    exam_passed=_flag(row["exam_passed"], f"{where}: field exam_passed"),
                    exam_score=row["exam_score"].strip(),
                    capstone_passed=_flag(
                        row["capstone_passed"], f"{where}: field capstone_passed"
                    ),
                )
            )
    return records


def unmet(record: Record) -> list[str]:
    """The §4.6 conditions `record` does not meet (empty: a certificate is due)."""
    reasons = []
    if record.quiz_min_percent < QUIZ_MINIMUM:
        reasons.append(f"a module quiz at {record.quiz_min_percent:g}% (below {QUIZ_MINIMUM:g}%)")
    if not record.exam_passed:
        reasons.append("exam not passed")
    if not record.capstone_passed:
        reasons.append("capstone not passed")
    return reasons


def printable_page(certificate: dict, code: str) -> str:
    """A one-page HTML certificate with its verification code (no external resources)."""
    subject = certificate["credentialSubject"]
    achievement = subject["achievement"]
    escape = html.escape
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{escape(certificate["name"])}</title>
<style>
@page {{ size: A4 landscape; margin: 15mm; }}
body {{ font-family: "DejaVu Sans", sans-serif; color: #1a1a1a; text-align: center;
  font-size: 12pt; margin: 0; }}
p {{ margin: 2mm 0; }}
h1 {{ font-size: 20pt; margin: 6mm 0 3mm; }}
.name {{ font-size: 24pt; font-weight: bold; margin: 5mm 0; }}
.small {{ font-size: 10pt; color: #444; }}
.code {{ font-family: "DejaVu Sans Mono", monospace; font-size: 16pt; letter-spacing: 2px; }}
</style></head>
<body>
<p class="small">{escape(certificate["issuer"]["name"])}</p>
<h1>{escape(achievement["name"])}</h1>
<p>This certifies that</p>
<p class="name">{escape(subject["name"])}</p>
<p>completed the {escape(achievement["description"])}.</p>
<p>Certification exam: {escape(subject["result"][0]["value"])}</p>
<p>Valid from {certificate["validFrom"][:10]} until {certificate["validUntil"][:10]}</p>
<p>Verification code</p>
<p class="code">{escape(code)}</p>
<p class="small">Check it with <code>sudjustice verify</code> and the issuer's public key.<br>
Issuer key: {escape(certificate["issuer"]["id"])}</p>
</body></html>
"""


def write_certificate(
    record: Record,
    key: Ed25519PrivateKey,
    content_version: str,
    issued: date,
    out: Path,
) -> tuple[Path, Path, str]:
    """Sign and write `<learner>.json` and `<learner>.html`; return both paths and the code."""
    award = Award(
        record.learner, record.name, record.track, content_version, issued, record.exam_score
    )
    certificate = sign(award, key)
    code = verification_code(certificate)
    out.mkdir(parents=True, exist_ok=True)
    json_path, html_path = out / f"{record.learner}.json", out / f"{record.learner}.html"
    json_path.write_text(json.dumps(certificate, indent=2, ensure_ascii=False) + "\n", "utf-8")
    html_path.write_text(printable_page(certificate, code), encoding="utf-8")
    return json_path, html_path, code


def issuer_of(key: Ed25519PrivateKey) -> str:
    return did_key(key.public_key())
