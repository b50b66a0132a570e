"""The classes ``settings.REST_FRAMEWORK`` names for every endpoint: the JSON parser with a body
limit, cursor pagination and the per-token and per-address throttles (``catalyst_admin.rest`` has the rest of the
plumbing). Nothing here may import ``rest_framework.views``: DRF imports these while it defines
``APIView``."""

import hashlib
import io

from django.conf import settings
from rest_framework import exceptions, status
from rest_framework.pagination import CursorPagination
from rest_framework.parsers import JSONParser
from rest_framework.settings import api_settings
from rest_framework.throttling import SimpleRateThrottle


class BodyTooLarge(exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_detail = "The request body is too large."
    default_code = "body_too_large"


class LimitedJSONParser(JSONParser):
    """JSON, refused with a 413 above ``API_MAX_BODY_BYTES`` (DRF reads the stream itself, so
    Django's DATA_UPLOAD_MAX_MEMORY_SIZE would not apply)."""

    def parse(self, stream, media_type=None, parser_context=None):
        request = (parser_context or {}).get("request")
        limit = settings.API_MAX_BODY_BYTES
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0) if request is not None else 0
        except ValueError:
            length = 0
        if length > limit:
            raise BodyTooLarge(f"The request body is {length} bytes; the most this API reads is {limit}.")
        if stream is not None and length == 0:
            data = stream.read(limit + 1)
            if len(data) > limit:
                raise BodyTooLarge(f"The request body is larger than {limit} bytes.")
            stream = io.BytesIO(data)
        try:
            return super().parse(stream, media_type, parser_context)
        except exceptions.ParseError:
            raise exceptions.ParseError("The request body is not valid JSON.") from None


# Throttles -------------------------------------------------------------------------------------------


class _Throttle(SimpleRateThrottle):
    def get_rate(self):
        # Read at request time, so a change of settings (or a test's override) takes effect.
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)


class TokenRateThrottle(_Throttle):
    """Per credential: a bearer token (its hash), or the signed-in session's person."""

    scope = "api_token"

    def get_cache_key(self, request, view):
        header = request.META.get("HTTP_AUTHORIZATION", "")
        if header.lower().startswith("bearer "):
            ident = "pat:" + hashlib.sha256(header[7:].strip().encode()).hexdigest()
        elif request.user and request.user.is_authenticated:
            ident = f"user:{request.user.pk}"
        else:
            return None
        return self.cache_format % {"scope": self.scope, "ident": ident}


class AddressRateThrottle(_Throttle):
    """Per client address (REMOTE_ADDR only: forwarded headers are the client's to choose)."""

    scope = "api_address"

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": request.META.get("REMOTE_ADDR", "")}


class Cursor(CursorPagination):
    """Cursor pagination for every list; a view names its ordering in ``cursor_ordering``."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 100
    ordering = ("pk",)

    def get_ordering(self, request, queryset, view):
        return tuple(getattr(view, "cursor_ordering", self.ordering))

    def paginate_queryset(self, queryset, request, view=None):
        try:
            return super().paginate_queryset(queryset, request, view)
        except exceptions.NotFound:
            raise exceptions.ValidationError(
                {"cursor": ["The cursor is not valid. Start from the first page."]}
            ) from None
