"""The one view of the API: route by the model, authenticate the bearer token, parse and validate,
call the operation, and answer in the model's shape; every answer carries ``x-amzn-RequestId``.
No session, no CSRF: the personal access token is the only credential."""

import json
import uuid

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import Http404, HttpResponse
from django.views.decorators.csrf import csrf_exempt

from aws_api.codecatalyst.auth import bearer_user
from aws_api.codecatalyst.handlers import handler_for
from aws_api.codecatalyst.model import route
from aws_api.codecatalyst.wire import ApiError, parse_request, serialise
from catalyst_admin.errors import Conflict, DomainError, Forbidden, NotFound, QuotaExceeded


def _answer(status: int, document: dict, request_id: str, code: str | None = None) -> HttpResponse:
    response = HttpResponse(json.dumps(document), status=status, content_type="application/json")
    response["x-amzn-RequestId"] = request_id
    if code:
        response["x-amzn-ErrorType"] = code
    return response


def _error(error: ApiError, request_id: str) -> HttpResponse:
    return _answer(error.status, {"message": error.message}, request_id, code=error.code)


@csrf_exempt
def endpoint(request, path: str):
    request_id = str(uuid.uuid4())
    try:
        op, uri, known = route(request.method, "/" + path)
        if op is None:
            if known:
                raise ApiError("ValidationException", f"{request.method} is not allowed here.", status=405)
            raise ApiError("ResourceNotFoundException", f"No codecatalyst operation at /{path}.")
        user = bearer_user(request.headers.get("Authorization", ""))
        params = parse_request(op, uri=uri, query=request.GET, content_type=request.content_type, body=_body(request))
        result = _call(op.name, user, params)
    except ApiError as error:
        return _error(error, request_id)
    return _answer(op.http.get("responseCode", 200), serialise(op.output_shape, result), request_id)


def _body(request) -> bytes:
    limit = settings.AWS_API_MAX_BODY_BYTES
    too_big = ApiError("ValidationException", f"The request body is larger than {limit} bytes.", status=413)
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        raise ApiError("ValidationException", "The Content-Length header is not a number.") from None
    if length > limit:
        raise too_big
    try:
        body = request.body
    except RequestDataTooBig:
        raise too_big from None
    if len(body) > limit:
        raise too_big
    return body


def _call(operation: str, user, params: dict) -> dict:
    """Run the operation; the console's errors become the model's."""
    try:
        return handler_for(operation)(user, params)
    except (NotFound, Http404) as error:
        raise ApiError("ResourceNotFoundException", _message(error, "Not found.")) from None
    except Forbidden as error:
        raise ApiError("AccessDeniedException", f"{operation}: {error.message}") from None
    except Conflict as error:
        raise ApiError("ConflictException", error.message) from None
    except QuotaExceeded as error:
        raise ApiError("ServiceQuotaExceededException", error.message) from None
    except DomainError as error:
        raise ApiError("ValidationException", error.message) from None


def _message(error: Exception, default: str) -> str:
    return getattr(error, "message", None) or (str(error.args[0]) if error.args else default)
