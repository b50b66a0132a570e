"""Secrets that are never shown again.

Secrets that are only compared (personal access tokens, connection tokens): only their SHA-256 is
stored. A random secret of 256 bits or more needs no slow password hash: nobody can guess it, and a
fast hash lets a token be found by its hash in one query.

Secrets that must be used again (an IAM access key's secret, the HMAC key of Signature Version 4):
stored encrypted (Fernet: AES-128-CBC with an HMAC-SHA256) under ``SECRETS_ENCRYPTION_KEY``, or a
key derived from ``SECRET_KEY`` when that setting is empty.
"""

import base64
import hashlib
import hmac

from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings


def secret_hash(secret: str) -> str:
    """The hex SHA-256 of ``secret``: what is stored in its place."""
    return hashlib.sha256((secret or "").encode()).hexdigest()


def secret_matches(secret: str, stored_hash: str) -> bool:
    """Whether ``secret`` hashes to ``stored_hash``, compared in constant time."""
    return hmac.compare_digest(secret_hash(secret), stored_hash or "")


def _fernet() -> Fernet:
    key = settings.SECRETS_ENCRYPTION_KEY
    if not key:
        # A key of its own for this purpose, so a Fernet key never equals SECRET_KEY itself.
        digest = hmac.new(settings.SECRET_KEY.encode(), b"catalyst-admin secrets encryption", hashlib.sha256)
        key = base64.urlsafe_b64encode(digest.digest()).decode()
    return Fernet(key)


def secret_encrypt(secret: str) -> str:
    """``secret`` encrypted for storage; :func:`secret_decrypt` gives it back."""
    return _fernet().encrypt(secret.encode()).decode()


def secret_decrypt(stored: str) -> str | None:
    """The secret :func:`secret_encrypt` stored, or None if it was encrypted under another key."""
    try:
        return _fernet().decrypt(stored.encode()).decode()
    except (InvalidToken, ValueError):
        return None
