"""Opaque ``nextToken`` values: signed (django.core.signing) and bound to the caller, the operation
and the space, so that a token cannot be forged, nor replayed by someone else or elsewhere."""

from django.core import signing

from aws_api.codecatalyst.wire import invalid

SALT = "aws_api.codecatalyst.nextToken"
TOKEN_MAX_AGE = 24 * 3600


def paginate(rows, *, user, operation: str, space=None, next_token: str | None, page_size: int):
    """One page of ``rows`` (a queryset or list) and the token of the next page (None on the last)."""
    if page_size < 1:
        raise invalid("maxResults must be at least 1.")
    offset = 0
    if next_token:
        try:
            data = signing.loads(next_token, salt=SALT, max_age=TOKEN_MAX_AGE)
        except signing.BadSignature:
            raise invalid("The nextToken is not valid. Repeat the call without it to start again.") from None
        if not isinstance(data, dict) or [data.get("u"), data.get("op"), data.get("s")] != [
            user.pk,
            operation,
            getattr(space, "pk", None),
        ]:
            raise invalid("The nextToken is not valid. Repeat the call without it to start again.")
        offset = int(data.get("o", 0))
    page = list(rows[offset : offset + page_size + 1])
    token = None
    if len(page) > page_size:
        page = page[:page_size]
        token = signing.dumps(
            {"u": user.pk, "op": operation, "s": getattr(space, "pk", None), "o": offset + page_size}, salt=SALT
        )
    return page, token
