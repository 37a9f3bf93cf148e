"""Signed certificates as Open Badges 3.0 / W3C Verifiable Credentials, and their verification.

The credential follows the OB 3.0 `OpenBadgeCredential` shape (issuer profile, achievement
subject, achievement with criteria, result, validity) and carries a `DataIntegrityProof` with
the `eddsa-jcs-2022` cryptosuite: the proof options and the document without its proof are each
canonicalised (JSON Canonicalization Scheme, RFC 8785: sorted keys, no whitespace; the
certificate holds only strings and integers, for which this is exact), hashed with SHA-256, and
the two hashes signed with Ed25519. The issuer is a `did:key`, so the public key travels with
the certificate; `verify` still demands the trusted issuer key, so a certificate re-signed with
another key is rejected.
"""

from __future__ import annotations

import base64
import hashlib
import json
import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from sudjustice.certificates.keys import base58, did_key, public_key_from_did, unbase58

VALID_YEARS = 3  # CURRICULUM §4.6
CONTEXTS = [
    "https://www.w3.org/ns/credentials/v2",
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
]
TRACKS = {
    "P": "Police",
    "PR": "Prosecutors",
    "J": "Judges",
    "D": "Defence lawyers",
    "C": "Probation and prison staff",
    "H": "Health partners",
}
ISSUER_NAME = "Treatment and Alternatives to Punishment course team"
ACHIEVEMENT = "Certificate in treatment and alternatives to punishment for justice officials"
CRITERIA = (
    "All module quizzes at 80% or more; the certification exam passed (score, CASE points and "
    "critical-error rules); the capstone protocol passed on the rubric."
)


class VerificationError(ValueError):
    """A certificate that is not genuine, not valid now, or not from the trusted issuer."""


@dataclass(frozen=True)
class Award:
    """What a certificate states about one learner."""

    learner_id: str
    name: str
    track: str
    content_version: str
    issued: date
    exam_score: str  # e.g. "61/72"


def canonical(document: Any) -> bytes:
    """JCS (RFC 8785) for documents of strings, integers, lists and objects."""
    return json.dumps(document, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def timestamp(day: date) -> str:
    return datetime.combine(day, time(0, 0), tzinfo=UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def parse_timestamp(text: str) -> datetime:
    return datetime.strptime(text, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)


def add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def unsigned_credential(award: Award, issuer_did: str) -> dict:
    """The credential for `award`, before its proof."""
    if award.track not in TRACKS:
        raise ValueError(f"unknown track {award.track!r}; expected one of {', '.join(TRACKS)}")
    return {
        "@context": CONTEXTS,
        "id": f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, f'{issuer_did}/{award.learner_id}/{award.issued}/{award.track}/{award.content_version}')}",
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "name": f"{ACHIEVEMENT} — {TRACKS[award.track]} track",
        "issuer": {"id": issuer_did, "type": ["Profile"], "name": ISSUER_NAME},
        "validFrom": timestamp(award.issued),
        "validUntil": timestamp(add_years(award.issued, VALID_YEARS)),
        "credentialSubject": {
            "id": f"urn:sudjustice:learner:{award.learner_id}",
            "type": ["AchievementSubject"],
            "name": award.name,
            "achievement": {
                "id": f"urn:sudjustice:achievement:certificate:{award.track}:{award.content_version}",
                "type": ["Achievement"],
                "achievementType": "Certificate",
                "name": ACHIEVEMENT,
                "description": f"{TRACKS[award.track]} track, content version {award.content_version}",
                "criteria": {"narrative": CRITERIA},
                "tag": [f"track:{award.track}", f"content-version:{award.content_version}"],
                "version": award.content_version,
            },
            "result": [
                {
                    "type": ["Result"],
                    "resultDescription": "Certification exam",
                    "value": award.exam_score,
                }
            ],
        },
    }


def _hash_data(proof_options: dict, document: dict) -> bytes:
    return (
        hashlib.sha256(canonical(proof_options)).digest()
        + hashlib.sha256(canonical(document)).digest()
    )


def sign(award: Award, private_key: Ed25519PrivateKey, created: date | None = None) -> dict:
    """A signed certificate for `award`."""
    issuer = did_key(private_key.public_key())
    document = unsigned_credential(award, issuer)
    options = {
        "@context": CONTEXTS,
        "type": "DataIntegrityProof",
        "cryptosuite": "eddsa-jcs-2022",
        "created": timestamp(created or award.issued),
        "verificationMethod": f"{issuer}#{issuer.removeprefix('did:key:')}",
        "proofPurpose": "assertionMethod",
    }
    signature = private_key.sign(_hash_data(options, document))
    proof = {key: value for key, value in options.items() if key != "@context"}
    proof["proofValue"] = "z" + base58(signature)
    return {**document, "proof": proof}


def verification_code(certificate: dict) -> str:
    """A short code printed on the certificate: base32 of the SHA-256 of the signed content."""
    document = {key: value for key, value in certificate.items() if key != "proof"}
    digest = base64.b32encode(hashlib.sha256(canonical(document)).digest()).decode()
    return f"{digest[:5]}-{digest[5:10]}"


def verify(certificate: dict, trusted: Ed25519PublicKey, now: datetime | None = None) -> dict:
    """Check signature, issuer and validity; return the certificate or raise VerificationError."""
    try:
        proof = certificate["proof"]
        issuer = certificate["issuer"]["id"]
        if (
            proof.get("cryptosuite") != "eddsa-jcs-2022"
            or proof.get("type") != "DataIntegrityProof"
        ):
            raise VerificationError("unsupported proof: expected DataIntegrityProof eddsa-jcs-2022")
        if not proof["verificationMethod"].startswith(f"{issuer}#"):
            raise VerificationError("the proof was not made with the issuer's key")
        key = public_key_from_did(issuer)
        if key.public_bytes_raw() != trusted.public_bytes_raw():
            raise VerificationError("the issuer is not the trusted issuer (different public key)")
        document = {k: v for k, v in certificate.items() if k != "proof"}
        options = {k: v for k, v in proof.items() if k != "proofValue"}
        options["@context"] = certificate["@context"]
        if not proof["proofValue"].startswith("z"):
            raise VerificationError("proofValue must be multibase base58btc ('z...')")
        key.verify(unbase58(proof["proofValue"][1:]), _hash_data(options, document))
        valid_from = parse_timestamp(certificate["validFrom"])
        valid_until = parse_timestamp(certificate["validUntil"])
    except InvalidSignature as error:
        raise VerificationError(
            "the signature does not match: the certificate was changed"
        ) from error
    except (KeyError, TypeError, ValueError) as error:
        if isinstance(error, VerificationError):
            raise
        raise VerificationError(
            f"malformed certificate: {type(error).__name__}: {error}"
        ) from error
    now = now or datetime.now(UTC)
    if now < valid_from:
        raise VerificationError(f"not valid before {certificate['validFrom']}")
    if now > valid_until:
        raise VerificationError(f"expired on {certificate['validUntil']}")
    if valid_until - valid_from > timedelta(days=366 * VALID_YEARS + 1):
        raise VerificationError("validity is longer than the three years a certificate may run")
    return certificate
