"""Who is calling: the bearer token is one of the person's personal access tokens (only its hash is
looked up; a deleted, expired or unknown token is refused), and a per-token rate limit."""

import time

from django.conf import settings
from django.core.cache import cache

from aws_api.codecatalyst.wire import ApiError
from catalyst_admin.secrets import secret_hash
from identity.people.selectors import access_token_user

NO_TOKEN = (
    "Access denied: this API takes no console session. Send a personal access token in the header "
    "Authorization: Bearer <token>."
)
REFUSED = (
    "The personal access token is not valid: it is unknown, expired or deleted. "
    "Create one in CodeCatalyst under My settings → Personal access tokens."
)


def bearer_user(authorization: str):
    """The user whose personal access token is in the ``Authorization: Bearer …`` header."""
    scheme, _, secret = (authorization or "").partition(" ")
    secret = secret.strip()
    if scheme.lower() != "bearer" or not secret or len(secret) > 4000:
        raise ApiError("AccessDeniedException", NO_TOKEN)
    user = access_token_user(secret)
    if user is None:
        raise ApiError("AccessDeniedException", REFUSED)
    _throttle(secret_hash(secret))
    return user


def _throttle(token_key: str) -> None:
    """At most ``AWS_API_RATE_LIMIT_PER_MINUTE`` calls per token in a calendar minute (a cache counter)."""
    limit = settings.AWS_API_RATE_LIMIT_PER_MINUTE
    key = f"aws-api:codecatalyst:rate:{token_key}:{int(time.time() // 60)}"
    cache.add(key, 0, timeout=120)
    try:
        count = cache.incr(key)
    except ValueError:  # the entry expired between add and incr
        cache.set(key, 1, timeout=120)
        count = 1
    if count > limit:
        raise ApiError(
            "ThrottlingException",
            f"Rate exceeded: at most {limit} calls a minute with one personal access token. Slow down and retry.",
        )
