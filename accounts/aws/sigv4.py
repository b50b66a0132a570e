"""Verifying AWS Signature Version 4 on requests to the emulator's AWS-compatible APIs.

The header form only (an ``Authorization: AWS4-HMAC-SHA256 Credential=…, SignedHeaders=…,
Signature=…`` header and ``X-Amz-Date``), which is what boto3 and the AWS CLI send. The request is
rebuilt as the signer built it (canonical request → string to sign → a key derived from the secret,
the date, the Region and the service), and the signatures are compared in constant time
(AWS General Reference, "Create a signed AWS API request").
"""

import hashlib
import hmac
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from urllib.parse import quote

ALGORITHM = "AWS4-HMAC-SHA256"
# AWS refuses a request whose X-Amz-Date is more than 15 minutes from its own clock.
MAX_CLOCK_SKEW = timedelta(minutes=15)
AUTH_FAILURE = "AWS was not able to validate the provided access credentials"

_AUTHORIZATION = re.compile(
    r"^AWS4-HMAC-SHA256\s+Credential=(?P<credential>[^,\s]+)\s*,\s*SignedHeaders=(?P<signed>[^,\s]+)"
    r"\s*,\s*Signature=(?P<signature>[0-9a-f]{64})\s*$"
)


class SignatureError(Exception):
    """A request whose signature does not hold; ``code`` is the error code EC2 answers with."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.message = message


@dataclass(frozen=True)
class SignedBy:
    """Who signed a verified request, and the credential scope they signed it for."""

    access_key_id: str
    date: str
    region: str
    service: str


def _header(meta: dict, name: str) -> str | None:
    if name == "content-type":
        return meta.get("CONTENT_TYPE")
    if name == "content-length":
        return meta.get("CONTENT_LENGTH")
    return meta.get("HTTP_" + name.upper().replace("-", "_"))


def _canonical_query(query_string: str) -> str:
    # As botocore builds it from a URL's query: pairs sorted, kept as they were encoded.
    if not query_string:
        return ""
    pairs = [pair.partition("=")[::2] for pair in query_string.split("&")]
    return "&".join(f"{key}={value}" for key, value in sorted(pairs))


def _hmac(key: bytes, text: str) -> bytes:
    return hmac.new(key, text.encode(), hashlib.sha256).digest()


def signing_key(secret: str, date: str, region: str, service: str) -> bytes:
    """The key derived from ``secret`` for one day, Region and service."""
    return _hmac(_hmac(_hmac(_hmac(("AWS4" + secret).encode(), date), region), service), "aws4_request")


def sigv4_verify(
    *,
    method: str,
    path: str,
    query_string: str,
    meta: dict,
    body: bytes,
    secret_for: Callable[[str], str | None],
    now: datetime | None = None,
) -> SignedBy:
    """Verify the Signature Version 4 of a request (its method, path, raw query string, WSGI
    ``meta`` for the headers and its body). ``secret_for(access_key_id)`` gives the secret of an
    active access key, or None for a key that is unknown or not active. Raises SignatureError."""
    authorization = _header(meta, "authorization") or ""
    if not authorization:
        raise SignatureError(
            "AuthFailure",
            "The request is not signed. Sign it with Signature Version 4 (an Authorization header), as the AWS CLI "
            "and the AWS SDKs do with an access key.",
        )
    match = _AUTHORIZATION.match(authorization)
    if match is None:
        raise SignatureError(
            "AuthFailure",
            f"The Authorization header is not a Signature Version 4 ({ALGORITHM}) header with Credential, "
            "SignedHeaders and Signature.",
        )
    credential = match["credential"].split("/")
    if len(credential) != 5 or credential[4] != "aws4_request":
        raise SignatureError(
            "AuthFailure",
            "The Credential of the Authorization header must be <access key ID>/<date>/<Region>/"
            "<service>/aws4_request.",
        )
    access_key_id, date, region, service, _ = credential
    signed_headers = match["signed"].split(";")
    if "host" not in signed_headers or signed_headers != sorted(signed_headers):
        raise SignatureError("AuthFailure", "SignedHeaders must list the signed headers in order, host among them.")

    amz_date = _header(meta, "x-amz-date") or ""
    try:
        signed_at = datetime.strptime(amz_date, "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC)
    except ValueError:
        raise SignatureError(
            "AuthFailure", "The request needs an X-Amz-Date header with its time in UTC, like 20261201T120000Z."
        ) from None
    now = now or datetime.now(UTC)
    if abs(now - signed_at) > MAX_CLOCK_SKEW:
        raise SignatureError(
            "RequestExpired",
            f"Request has expired. It was signed at {amz_date}, more than 15 minutes from the time here "
            f"({now:%Y%m%dT%H%M%SZ}): correct the clock of the computer that signs the requests.",
        )
    if amz_date[:8] != date:
        raise SignatureError("AuthFailure", "The date of the credential scope is not the date of X-Amz-Date.")

    secret = secret_for(access_key_id)
    if secret is None:
        raise SignatureError("AuthFailure", AUTH_FAILURE)

    payload_hash = hashlib.sha256(body).hexdigest()
    declared_hash = _header(meta, "x-amz-content-sha256")
    if declared_hash is not None and declared_hash != payload_hash:
        raise SignatureError("AuthFailure", "X-Amz-Content-SHA256 is not the SHA-256 of the request's body.")
    headers = []
    for name in signed_headers:
        value = _header(meta, name)
        headers.append(f"{name}:{' '.join((value or '').split())}")
    canonical_request = "\n".join(
        [
            method.upper(),
            quote(path or "/", safe="/~"),
            _canonical_query(query_string),
            "\n".join(headers) + "\n",
            ";".join(signed_headers),
            payload_hash,
        ]
    )
    scope = f"{date}/{region}/{service}/aws4_request"
    string_to_sign = "\n".join([ALGORITHM, amz_date, scope, hashlib.sha256(canonical_request.encode()).hexdigest()])
    expected = hmac.new(signing_key(secret, date, region, service), string_to_sign.encode(), hashlib.sha256).hexdigest()
    if not hmac.compare_digest(expected, match["signature"]):
        raise SignatureError("AuthFailure", AUTH_FAILURE)
    return SignedBy(access_key_id=access_key_id, date=date, region=region, service=service)
