"""Certificates: who earns one, signing, verification, forgery and expiry, the printable page.

Every test makes throw-away keys; no key is read from or written to the repository.
"""

from __future__ import annotations

import copy
import json
import re
import subprocess
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from sudjustice.certificates.award import (
    RecordError,
    read_records,
    unmet,
    write_certificate,
)
from sudjustice.certificates.cli import certify, keys, verify
from sudjustice.certificates.credential import (
    Award,
    VerificationError,
    sign,
    verification_code,
)
from sudjustice.certificates.credential import (
    verify as check,
)
from sudjustice.certificates.keys import base58, did_key, public_key_from_did, unbase58

ISSUED = date(2026, 3, 2)
DURING = datetime(2027, 6, 1, tzinfo=UTC)
AWARD = Award("L042", "A. N. Example", "J", "2026.1", ISSUED, "61/72")
RECORDS = """learner,name,track,quiz_min_percent,exam_passed,exam_score,capstone_passed
L001,R. Q. Sample,PR,85,yes,60/72,yes
L002,T. V. Person,H,79,yes,66/72,yes
L003,M. K. Learner,J,92,no,40/72,yes
L004,E. S. Officer,C,80,yes,51/72,no
"""


@pytest.fixture
def key() -> Ed25519PrivateKey:
    return Ed25519PrivateKey.generate()


@pytest.fixture
def certificate(key: Ed25519PrivateKey) -> dict:
    return sign(AWARD, key)


def test_genuine_certificate_verifies(certificate: dict, key: Ed25519PrivateKey) -> None:
    assert check(certificate, key.public_key(), DURING) is certificate


def test_certificate_follows_open_badges_shape(certificate: dict, key) -> None:
    assert certificate["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    assert certificate["issuer"]["id"] == did_key(key.public_key())
    subject = certificate["credentialSubject"]
    assert subject["name"] == "A. N. Example"
    assert subject["achievement"]["version"] == "2026.1"
    assert "track:J" in subject["achievement"]["tag"]
    assert (certificate["validFrom"], certificate["validUntil"]) == (
        "2026-03-02T00:00:00Z",
        "2029-03-02T00:00:00Z",
    )
    assert certificate["proof"]["cryptosuite"] == "eddsa-jcs-2022"
    assert certificate["proof"]["proofValue"].startswith("z")


def _set(document: dict, path: tuple, value) -> dict:
    changed = copy.deepcopy(document)
    target = changed
    for step in path[:-1]:
        target = target[step]
    target[path[-1]] = value
    return changed


@pytest.mark.parametrize(
    ("path", "value"),
    [
        (("credentialSubject", "name"), "Someone Else"),
        (("credentialSubject", "result", 0, "value"), "72/72"),
        (("validFrom",), "2026-03-03T00:00:00Z"),
        (("validUntil",), "2035-03-02T00:00:00Z"),
        (("credentialSubject", "achievement", "tag", 0), "track:P"),
        (("credentialSubject", "achievement", "version"), "2027.1"),
        (("name",), "Certificate — Police track"),
    ],
)
def test_any_change_is_rejected(certificate: dict, key, path: tuple, value) -> None:
    """Name, score, date, track, version: any edit breaks the signature."""
    with pytest.raises(VerificationError, match="signature does not match"):
        check(_set(certificate, path, value), key.public_key(), DURING)


def test_changed_signature_is_rejected(certificate: dict, key) -> None:
    signature = unbase58(certificate["proof"]["proofValue"][1:])
    flipped = bytes([signature[0] ^ 1]) + signature[1:]
    forged = _set(certificate, ("proof", "proofValue"), "z" + base58(flipped))
    with pytest.raises(VerificationError, match="signature does not match"):
        check(forged, key.public_key(), DURING)


def test_certificate_re_signed_by_another_key_is_rejected(key) -> None:
    """A forger who signs with their own key (and names it as issuer) is not the issuer."""
    forged = sign(AWARD, Ed25519PrivateKey.generate())
    with pytest.raises(VerificationError, match="not the trusted issuer"):
        check(forged, key.public_key(), DURING)


def test_expired_and_not_yet_valid(certificate: dict, key) -> None:
    with pytest.raises(VerificationError, match="expired on 2029-03-02"):
        check(certificate, key.public_key(), datetime(2029, 3, 3, tzinfo=UTC))
    with pytest.raises(VerificationError, match="not valid before"):
        check(certificate, key.public_key(), datetime(2026, 3, 1, tzinfo=UTC))


def test_malformed_certificate_is_rejected_not_raised(certificate: dict, key) -> None:
    broken = {k: v for k, v in certificate.items() if k != "issuer"}
    with pytest.raises(VerificationError, match="malformed certificate"):
        check(broken, key.public_key(), DURING)


def test_verification_code_is_short_and_content_bound(certificate: dict) -> None:
    code = verification_code(certificate)
    assert len(code) == 11 and code[5] == "-"
    assert verification_code(_set(certificate, ("credentialSubject", "name"), "X")) != code


def test_did_key_round_trip(key) -> None:
    did = did_key(key.public_key())
    assert did.startswith("did:key:z6Mk")  # the usual prefix of Ed25519 did:keys
    assert public_key_from_did(did).public_bytes_raw() == key.public_key().public_bytes_raw()


def test_records_and_eligibility(tmp_path: Path) -> None:
    path = tmp_path / "records.csv"
    path.write_text(RECORDS, encoding="utf-8")
    reasons = {record.learner: unmet(record) for record in read_records(path)}
    assert reasons == {
        "L001": [],
        "L002": ["a module quiz at 79% (below 80%)"],
        "L003": ["exam not passed"],
        "L004": ["capstone not passed"],
    }


def test_bad_record_names_line_and_field(tmp_path: Path) -> None:
    path = tmp_path / "records.csv"
    path.write_text(RECORDS.replace("L003,M. K. Learner,J,92,no", "L003,M. K. Learner,J,92,maybe"))
    with pytest.raises(RecordError, match=r"records.csv:4: field exam_passed: expected yes or no"):
        read_records(path)


def test_commands_end_to_end(tmp_path: Path) -> None:
    """keys → certify → verify on the command line; a tampered copy fails verify."""
    runner = CliRunner()
    assert runner.invoke(keys, ["--out", str(tmp_path / "keys")]).exit_code == 0
    private = tmp_path / "keys" / "issuer-private.pem"
    public = tmp_path / "keys" / "issuer-public.jwk.json"
    assert private.stat().st_mode & 0o077 == 0
    again = runner.invoke(keys, ["--out", str(tmp_path / "keys")])
    assert again.exit_code != 0 and "exists" in again.output

    records = tmp_path / "records.csv"
    records.write_text(RECORDS, encoding="utf-8")
    out = tmp_path / "certs"
    args = ["--records", str(records), "--key", str(private), "--content-version", "2026.1"]
    result = runner.invoke(certify, [*args, "--issued", "2026-03-02", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == ["L001.html", "L001.json"]
    assert "L002: no certificate (a module quiz at 79% (below 80%))" in result.output

    cert = out / "L001.json"
    code = verification_code(json.loads(cert.read_text()))
    ok = runner.invoke(
        verify, [str(cert), "--public-key", str(public), "--code", code, "--on", "2027-01-01"]
    )
    assert ok.exit_code == 0, ok.output
    assert ok.output.startswith("VALID: R. Q. Sample, Prosecutors track")

    tampered = tmp_path / "tampered.json"
    tampered.write_text(cert.read_text().replace("R. Q. Sample", "R. Q. Sampler"))
    bad = runner.invoke(verify, [str(tampered), "--public-key", str(public), "--on", "2027-01-01"])
    assert bad.exit_code == 1
    assert "NOT VALID" in bad.output and "signature does not match" in bad.output
    late = runner.invoke(verify, [str(cert), "--public-key", str(public), "--on", "2029-03-03"])
    assert late.exit_code == 1 and "expired" in late.output
    wrong_code = runner.invoke(
        verify, [str(cert), "--public-key", str(public), "--code", "AAAAA-AAAAA"]
    )
    assert wrong_code.exit_code == 1


@pytest.mark.browser
def test_printable_certificate_pdf(tmp_path: Path, key) -> None:
    """The printable page prints to a one-page PDF showing name, track and the code."""
    from sudjustice.certificates.award import Record
    from sudjustice.printing import print_to_pdf

    record = Record("L042", "A. N. Example", "J", 90.0, True, "61/72", True)
    _, html_path, code = write_certificate(record, key, "2026.1", ISSUED, tmp_path)
    pdf = print_to_pdf(html_path, tmp_path / "L042.pdf")
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "A. N. Example" in text and "Judges track" in text and code in text
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
    assert re.search(r"^Pages:\s+1$", info.stdout, re.MULTILINE)
