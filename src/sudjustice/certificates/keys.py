"""The issuer's Ed25519 keys: made by a command, kept outside the repository.

The private key is a PKCS#8 PEM file readable only by its owner; the public key is published as
a JWK and as a `did:key` (multicodec 0xed01 + the 32 raw bytes, base58btc).
"""

from __future__ import annotations

import base64
import json
import os
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

ED25519_MULTICODEC = b"\xed\x01"
PRIVATE_NAME = "issuer-private.pem"
PUBLIC_NAME = "issuer-public.jwk.json"


class KeyFileError(ValueError):
    """A key file that cannot be used, with the file named."""


def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


_ALPHABET = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"


def base58(data: bytes) -> str:
    """Bitcoin base58 (the multibase 'z' encoding)."""
    number = int.from_bytes(data, "big")
    encoded = ""
    while number:
        number, remainder = divmod(number, 58)
        encoded = _ALPHABET[remainder] + encoded
    return "1" * (len(data) - len(data.lstrip(b"\0"))) + encoded


def unbase58(text: str) -> bytes:
    number = 0
    for character in text:
        if character not in _ALPHABET:
            raise ValueError(f"not base58: {character!r}")
        number = number * 58 + _ALPHABET.index(character)
    body = number.to_bytes((number.bit_length() + 7) // 8, "big")
    return b"\0" * (len(text) - len(text.lstrip("1"))) + body


def did_key(public: Ed25519PublicKey) -> str:
    return "did:key:z" + base58(ED25519_MULTICODEC + public.public_bytes_raw())


def public_key_from_did(did: str) -> Ed25519PublicKey:
    if not did.startswith("did:key:z"):
        raise ValueError(f"issuer {did!r} is not a did:key")
    raw = unbase58(did.removeprefix("did:key:z"))
    if not raw.startswith(ED25519_MULTICODEC) or len(raw) != 34:
        raise ValueError(f"issuer {did!r} is not an Ed25519 did:key")
    return Ed25519PublicKey.from_public_bytes(raw[2:])


def public_jwk(public: Ed25519PublicKey) -> dict:
    return {
        "kty": "OKP",
        "crv": "Ed25519",
        "x": _b64url(public.public_bytes_raw()),
        "kid": did_key(public),
    }


def write_keys(directory: Path) -> tuple[Path, Path]:
    """Make a new key pair in `directory`; refuse to overwrite an existing private key."""
    directory.mkdir(parents=True, exist_ok=True)
    private_path, public_path = directory / PRIVATE_NAME, directory / PUBLIC_NAME
    if private_path.exists():
        raise FileExistsError(f"{private_path} exists; move it away to make a new key")
    key = Ed25519PrivateKey.generate()
    pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    descriptor = os.open(private_path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(pem)
    public_path.write_text(json.dumps(public_jwk(key.public_key()), indent=2) + "\n")
    return private_path, public_path


def load_private_key(path: Path) -> Ed25519PrivateKey:
    try:
        key = serialization.load_pem_private_key(path.read_bytes(), password=None)
    except (OSError, ValueError, TypeError) as error:
        raise KeyFileError(f"{path}: not a readable PEM private key ({error})") from error
    if not isinstance(key, Ed25519PrivateKey):
        raise KeyFileError(f"{path}: not an Ed25519 key")
    return key


def load_public_key(path: Path) -> Ed25519PublicKey:
    """A public key from a JWK file (as `keys` writes) or a PEM file."""
    try:
        text = path.read_text(encoding="utf-8")
        if text.lstrip().startswith("{"):
            jwk = json.loads(text)
            if jwk.get("kty") != "OKP" or jwk.get("crv") != "Ed25519":
                raise ValueError("field kty/crv: expected OKP/Ed25519")
            raw = base64.urlsafe_b64decode(jwk["x"] + "=" * (-len(jwk["x"]) % 4))
            return Ed25519PublicKey.from_public_bytes(raw)
        key = serialization.load_pem_public_key(text.encode())
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise KeyFileError(f"{path}: not a readable Ed25519 public key ({error})") from error
    if not isinstance(key, Ed25519PublicKey):
        raise KeyFileError(f"{path}: not an Ed25519 key")
    return key
