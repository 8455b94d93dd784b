"""The optional four-digit voice code: stored only as a salted, deliberately slow hash."""

from __future__ import annotations

import hashlib
import hmac
import secrets

__all__ = ["MAX_ATTEMPTS", "hash_code", "is_valid_code", "verify_code"]

MAX_ATTEMPTS = 3
# scrypt parameters: about 15 ms per check on a Lambda core; a stolen table cannot be brute-forced cheaply
# per salt, and three wrong tries lock voice ordering, so online guessing is bounded too.
_N, _R, _P = 2**14, 8, 1


def is_valid_code(code: str) -> bool:
    return len(code) == 4 and code.isdigit()


def hash_code(code: str, *, salt: bytes | None = None) -> tuple[str, str]:
    """Return ``(salt_hex, hash_hex)`` for a four-digit ``code``."""
    if not is_valid_code(code):
        raise ValueError("a voice code is exactly four digits")
    salt = salt if salt is not None else secrets.token_bytes(16)
    digest = hashlib.scrypt(code.encode(), salt=salt, n=_N, r=_R, p=_P, dklen=32)
    return salt.hex(), digest.hex()


def verify_code(code: str, *, salt_hex: str, hash_hex: str) -> bool:
    if not is_valid_code(code):
        return False
    _, candidate = hash_code(code, salt=bytes.fromhex(salt_hex))
    return hmac.compare_digest(candidate, hash_hex)
