"""The REST API's shared plumbing (``/api/v1/``): the one error shape, the exception handler that
maps domain errors onto it, cursor pagination, the per-token and per-address throttles, the JSON
parser with a body limit, strict input serializers and the schema helper every endpoint uses.

It imports no app: authentication by personal access token belongs to ``identity.people.api`` and
each app's endpoints to its own ``api`` package; settings name them by dotted path.
"""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import exceptions, serializers, status
from rest_framework import permissions as drf_permissions
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import APIView

from catalyst_admin.errors import Conflict, DomainError, Forbidden, NotFound, QuotaExceeded
from catalyst_admin.rest_defaults import Cursor

# The error shape -----------------------------------------------------------------------------------


class ErrorSerializer(serializers.Serializer):
    """Every refusal of the API: a machine-readable code, a message a person can act on, and the
    input field it is about (null when it is about the request as a whole)."""

    code = serializers.CharField(help_text="validation_error, quota_exceeded, forbidden, not_found, conflict, …")
    message = serializers.CharField()
    field = serializers.CharField(allow_null=True)


def error_response(status_code: int, code: str, message: str, field: str | None = None, headers=None) -> Response:
    return Response({"code": code, "message": message, "field": field}, status=status_code, headers=headers)


def _first_error(detail, prefix: str = "") -> tuple[str | None, str]:
    """The first field and message of a DRF ValidationError's detail (nested dicts and lists)."""
    if isinstance(detail, dict):
        for name, inner in detail.items():
            field = None if name in (api_settings.NON_FIELD_ERRORS_KEY, "detail") else f"{prefix}{name}"
            nested_field, message = _first_error(inner, f"{field}." if field else prefix)
            return nested_field or field, message
        return None, "The request is not valid."
    if isinstance(detail, list):
        if not detail:
            return None, "The request is not valid."
        return _first_error(detail[0], prefix)
    return None, str(detail)


def exception_handler(exc, context):
    """DRF's exception handler for the house: domain errors and DRF's own, all in one shape."""
    if isinstance(exc, QuotaExceeded):
        return error_response(status.HTTP_402_PAYMENT_REQUIRED, "quota_exceeded", exc.message, exc.field)
    if isinstance(exc, Conflict):
        return error_response(status.HTTP_409_CONFLICT, "conflict", exc.message, exc.field)
    if isinstance(exc, DomainError):
        return error_response(status.HTTP_400_BAD_REQUEST, "validation_error", exc.message, exc.field)
    if isinstance(exc, Forbidden):
        return error_response(status.HTTP_403_FORBIDDEN, "forbidden", exc.message)
    if isinstance(exc, NotFound):
        return error_response(status.HTTP_404_NOT_FOUND, "not_found", exc.message)
    if isinstance(exc, Http404):
        return error_response(status.HTTP_404_NOT_FOUND, "not_found", str(exc) or "Not found.")
    if isinstance(exc, DjangoPermissionDenied):
        return error_response(status.HTTP_403_FORBIDDEN, "forbidden", str(exc) or "You may not do this.")
    if isinstance(exc, exceptions.ValidationError):
        field, message = _first_error(exc.detail)
        return error_response(status.HTTP_400_BAD_REQUEST, "validation_error", message, field)
    if isinstance(exc, exceptions.APIException):
        headers = {}
        if getattr(exc, "auth_header", None):
            headers["WWW-Authenticate"] = exc.auth_header
        if getattr(exc, "wait", None) is not None:
            headers["Retry-After"] = str(int(exc.wait) + 1)
        code = exc.default_code if isinstance(exc.detail, dict | list) else exc.detail.code
        code = {"permission_denied": "forbidden"}.get(str(code), code)
        field, message = _first_error(exc.detail)
        return error_response(exc.status_code, str(code), message, field, headers=headers or None)
    return None


class CatalystApi(APIView):
    """The base of every endpoint: throttles before anything else, a 401 carrying
    ``WWW-Authenticate`` (a bearer token is the API's own way in) instead of DRF's 403 for an
    unauthenticated request, and cursor pagination for its lists."""

    def initial(self, request, *args, **kwargs):
        """DRF's ``initial`` with the throttles first: a client guessing tokens (or sending none) is
        counted against its address before it is refused."""
        self.format_kwarg = self.get_format_suffix(**kwargs)
        request.accepted_renderer, request.accepted_media_type = self.perform_content_negotiation(request)
        request.version, request.versioning_scheme = self.determine_version(request, *args, **kwargs)
        self.check_throttles(request)
        self.perform_authentication(request)
        self.check_permissions(request)

    def get_authenticate_header(self, request):
        return super().get_authenticate_header(request) or 'Bearer realm="api"'

    @property
    def paginator(self):
        if not hasattr(self, "_paginator"):
            self._paginator = Cursor()
        return self._paginator

    def paginated(self, queryset, serializer_class, **context):
        """One page of ``queryset`` (cursor pagination, the view's ``cursor_ordering``)."""
        page = self.paginator.paginate_queryset(queryset, self.request, view=self)
        return self.paginator.get_paginated_response(serializer_class(page, many=True, context=context).data)

    def permission_denied(self, request, message=None, code=None):
        if request.authenticators and not request.successful_authenticator:
            raise exceptions.NotAuthenticated("Sign in, or send a personal access token as Authorization: Bearer.")
        raise exceptions.PermissionDenied(detail=message, code=code)


STAFF_ONLY = "You need the operations staff role for the operations endpoints: use a staff user's token, such as ops."


class IsStaff(drf_permissions.BasePermission):
    message = STAFF_ONLY

    def has_permission(self, request, view):
        return bool(request.user and request.user.is_authenticated and request.user.is_staff)


class StaffApi(CatalystApi):
    """The base of the operations endpoints (``/api/v1/ops/…``, whichever room they belong to): staff only."""

    permission_classes = [drf_permissions.IsAuthenticated, IsStaff]


# Input -----------------------------------------------------------------------------------------------


MAX_ID = 2**63 - 1


def id_field(**kwargs) -> serializers.IntegerField:
    """A row id in a body: 1 to 2**63 - 1, what the database stores (a larger one made SQLite raise
    OverflowError looking it up: a 500, found by schemathesis)."""
    return serializers.IntegerField(min_value=1, max_value=MAX_ID, **kwargs)


class StrictSerializer(serializers.Serializer):
    """An input serializer that refuses fields it does not know, instead of silently ignoring them."""

    def to_internal_value(self, data):
        if isinstance(data, dict):
            unknown = sorted(set(data) - set(self.fields))
            if unknown:
                raise serializers.ValidationError({unknown[0]: [f"Unknown field {unknown[0]}."]})
        return super().to_internal_value(data)


# Lists -------------------------------------------------------------------------------------------------


# The schema ----------------------------------------------------------------------------------------------


class CatalystSchema(AutoSchema):
    """Operation ids from the view and the method (``SpaceListGet``, ``SpaceDetailPatch``): unique,
    where drf-spectacular's guess from the path gives a list and an item the same id."""

    def get_operation_id(self):
        view = type(self.view).__name__.removesuffix("Api")
        return view[0].lower() + view[1:] + self.method.capitalize()


ERROR_DESCRIPTIONS = {
    400: "Bad input: malformed JSON, a wrong type, an unknown field, or a rule of the console broken.",
    401: "No valid credentials: sign in, or send a personal access token that is valid and not expired.",
    402: "A quota is used up.",
    403: "The caller's role does not allow this (the message names the role), or a session request lacks CSRF.",
    404: "No such object visible to the caller (another space's objects are not found, never shown).",
    409: "The request conflicts with the current state.",
    413: "The request body is too large.",
    429: "Too many requests: slow down and retry after the Retry-After header's seconds.",
}


_PAGES: dict[type, type] = {}
PAGE_PARAMETERS = [
    OpenApiParameter("cursor", str, OpenApiParameter.QUERY, description="The cursor of the page (from next/previous)."),
    OpenApiParameter("page_size", int, OpenApiParameter.QUERY, description="Items per page, 1–100 (default 50)."),
]


def page_of(item: type) -> type:
    """The schema of one page of a list: ``next`` and ``previous`` links and the ``results``."""
    if item not in _PAGES:
        name = "Page" + item.__name__.removesuffix("Output").removesuffix("Serializer")
        _PAGES[item] = type(
            name,
            (serializers.Serializer,),
            {
                "next": serializers.URLField(allow_null=True),
                "previous": serializers.URLField(allow_null=True),
                "results": item(many=True),
                "__module__": item.__module__,
            },
        )
        _PAGES[item].is_page = True
    return _PAGES[item]


def documented(summary: str, *, request=None, responses=None, errors=(), parameters=(), **kwargs):
    """``extend_schema`` with the house's defaults: a summary, and every error response the
    endpoint can give in the one error shape (401 and 429 always; 400 and 413 when it reads a body)."""
    codes = {401, 429, *errors}
    parameters = list(parameters)
    if getattr((responses or {}).get(200), "is_page", False):
        parameters += PAGE_PARAMETERS
        codes.add(400)
    if request is not None:
        codes |= {400, 413}
    all_responses = dict(responses or {})
    for code in sorted(codes):
        all_responses.setdefault(code, OpenApiResponse(ErrorSerializer, description=ERROR_DESCRIPTIONS[code]))
    return extend_schema(summary=summary, request=request, responses=all_responses, parameters=parameters, **kwargs)
