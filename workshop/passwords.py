"""The room server's passwords: generated for the trainer to hand out, stored only as scrypt hashes
for the hub (the plain text goes to a file only root can read, for reprinting).

Example::

    >>> stored = hash_password("kmtr-hpxa-wzfe")
    >>> verify_password("kmtr-hpxa-wzfe", stored), verify_password("kmtr-hpxa-wzff", stored)
    (True, False)
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

#: letters that cannot be mistaken for one another when read from a slip of paper (no i, l, o)
LETTERS = "abcdefghjkmnpqrstuvwxyz"
#: scrypt's cost: about 50 ms and 16 MB per check, so guessing is slow and logging in is not
SCRYPT = {"n": 2**14, "r": 8, "p": 1}


def generate(groups: int = 3, size: int = 4) -> str:
    """A random password such as ``kmtr-hpxa-wzfe``: 12 letters, about 54 bits."""
    return "-".join("".join(secrets.choice(LETTERS) for _ in range(size)) for _ in range(groups))


def hash_password(password: str) -> str:
    """``scrypt$<salt hex>$<hash hex>`` of ``password``, with a new random salt."""
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode(), salt=salt, **SCRYPT)
    return f"scrypt${salt.hex()}${digest.hex()}"


def verify_password(password: str, stored: str) -> bool:
    """Whether ``password`` matches a value of :func:`hash_password` (in constant time)."""
    scheme, salt, expected = stored.split("$")
    if scheme != "scrypt":
        raise ValueError(f"stored password: unknown scheme {scheme!r}; expected 'scrypt'")
    digest = hashlib.scrypt(password.encode(), salt=bytes.fromhex(salt), **SCRYPT)
    return hmac.compare_digest(digest.hex(), expected)
