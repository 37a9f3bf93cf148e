"""Signed, verifiable certificates (CURRICULUM §4.6).

- `keys`: the issuer's Ed25519 key pair (`sudjustice keys`), did:key and JWK forms.
- `credential`: the Open Badges 3.0 / Verifiable Credential document, its proof and `verify`.
- `award`: who qualifies (quizzes, exam, capstone) from a records CSV; certificates and
  printable pages for them (`sudjustice certify`).
- `cli`: the `keys`, `certify` and `verify` commands.
"""
