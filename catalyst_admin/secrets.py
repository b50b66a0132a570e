"""Secrets that are compared, never shown again: personal access tokens and connection tokens.

Only a secret's SHA-256 is stored. A random secret of 256 bits or more needs no slow password
hash: nobody can guess it, and a fast hash lets a token be found by its hash in one query.
"""

import hashlib
import hmac


def secret_hash(secret: str) -> str:
    """The hex SHA-256 of ``secret``: what is stored in its place."""
    return hashlib.sha256((secret or "").encode()).hexdigest()


def secret_matches(secret: str, stored_hash: str) -> bool:
    """Whether ``secret`` hashes to ``stored_hash``, compared in constant time."""
    return hmac.compare_digest(secret_hash(secret), stored_hash or "")
