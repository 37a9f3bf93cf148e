"""`keys`, `certify` and `verify`: the issuer's key pair, certificates, and checking one."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import click

FilePath = click.Path(exists=True, dir_okay=False, path_type=Path)


@click.command("keys")
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    required=True,
    help="Folder for issuer-private.pem (kept secret, never committed) and the public JWK.",
)
def keys(out: Path) -> None:
    """Make the issuer's Ed25519 key pair for signing certificates."""
    from sudjustice.certificates.keys import write_keys

    try:
        private, public = write_keys(out)
    except FileExistsError as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"private key: {private} (keep it secret; do not commit it)")
    click.echo(f"public key:  {public} (publish it so anyone can verify)")


@click.command("certify")
@click.option("--records", type=FilePath, required=True, help="Records CSV (see --help text).")
@click.option("--key", "key_path", type=FilePath, required=True, help="issuer-private.pem.")
@click.option("--content-version", required=True, help="Course content version, e.g. 2026.1.")
@click.option(
    "--issued",
    type=click.DateTime(["%Y-%m-%d"]),
    default=None,
    help="Issue date (default: today, UTC).",
)
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), required=True)
@click.option("--pdf", is_flag=True, help="Also print each certificate to PDF (Chromium).")
def certify(
    records: Path, key_path: Path, content_version: str, issued, out: Path, pdf: bool
) -> None:
    """Sign a certificate for every learner who meets CURRICULUM §4.6.

    RECORDS columns: learner, name, track, quiz_min_percent, exam_passed, exam_score,
    capstone_passed. Learners who do not qualify are listed with the reasons.
    """
    from sudjustice.certificates.award import RecordError, read_records, unmet, write_certificate
    from sudjustice.certificates.keys import KeyFileError, load_private_key

    try:
        key = load_private_key(key_path)
        rows = read_records(records)
    except (RecordError, KeyFileError) as error:
        raise click.ClickException(str(error)) from error
    day = issued.date() if issued else datetime.now(UTC).date()
    for record in rows:
        reasons = unmet(record)
        if reasons:
            click.echo(f"{record.learner}: no certificate ({'; '.join(reasons)})")
            continue
        json_path, html_path, code = write_certificate(record, key, content_version, day, out)
        if pdf:
            from sudjustice.printing import print_to_pdf

            print_to_pdf(html_path, html_path.with_suffix(".pdf"))
        click.echo(f"{record.learner}: {json_path} (code {code})")


@click.command("verify")
@click.argument("certificate", type=FilePath)
@click.option(
    "--public-key", type=FilePath, required=True, help="The trusted issuer's public key (JWK)."
)
@click.option("--code", help="Also check the verification code printed on the certificate.")
@click.option("--on", "on", type=click.DateTime(["%Y-%m-%d"]), help="Check validity on this date.")
def verify(certificate: Path, public_key: Path, code: str | None, on) -> None:
    """Check a certificate's signature, issuer and validity dates; exit 1 if not genuine."""
    from sudjustice.certificates.credential import VerificationError, verification_code
    from sudjustice.certificates.credential import verify as check
    from sudjustice.certificates.keys import KeyFileError, load_public_key

    try:
        trusted = load_public_key(public_key)
        document = json.loads(certificate.read_text(encoding="utf-8"))
        when = on.replace(tzinfo=UTC) if on else None
        check(document, trusted, when)
        actual = verification_code(document)
        if code is not None and code.strip().upper() != actual:
            raise VerificationError(f"verification code {code} does not match ({actual})")
    except (VerificationError, KeyFileError, json.JSONDecodeError) as error:
        click.echo(f"NOT VALID: {certificate}: {error}", err=True)
        raise SystemExit(1) from error
    subject = document["credentialSubject"]
    click.echo(
        f"VALID: {subject['name']}, {subject['achievement']['description']}, "
        f"until {document['validUntil'][:10]} (code {actual})"
    )
